// Announces the end of runs the merchant started in this page session, on whichever module page
// is open when they finish (mounted once, in the app layout).
import { useToast } from "../AppFeedback";
import { useAgentEvents } from "./LiveEvents";

const started = new Map<string, string>();

/** Remember a run (by id) to announce its end with `title`. */
export function announceRunEnd(runId: string, title: string) {
  started.set(runId, title);
}

/** Stop waiting for a run's end (its end was learned another way); true if it was awaited. */
export function forgetRun(runId: string): boolean {
  return started.delete(runId);
}

export function RunEndAnnouncer() {
  const toast = useToast();
  useAgentEvents((event) => {
    const title = started.get(event.runId);
    if (event.type !== "agent.finished" || !title) return;
    started.delete(event.runId);
    if (event.status === "succeeded") toast(`${title} finished`);
    else
      toast(`${title} ${event.status}${event.message ? `: ${event.message}` : ""}`, {
        error: event.status === "failed",
      });
  });
  return null;
}
