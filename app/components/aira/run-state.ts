// The state of an agent run started from the chat, merged from two sources that can arrive in any
// order: the runs API (a snapshot) and the live event stream.

export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface RunState {
  status: RunStatus;
  progress: number;
  message: string | null;
}

const FINAL: RunStatus[] = ["succeeded", "failed", "cancelled"];
export const isFinal = (status: RunStatus) => FINAL.includes(status);

const rank = (state: RunState) => (isFinal(state.status) ? 2 : state.status === "running" ? 1 : 0);

/** The later of two observations: a final status wins, then running over queued, then more progress. */
export function mergeRun(previous: RunState | null, next: RunState): RunState {
  if (!previous) return next;
  if (rank(next) !== rank(previous)) return rank(next) > rank(previous) ? next : previous;
  if (isFinal(previous.status)) return previous;
  return next.progress >= previous.progress ? next : previous;
}

/** A run from GET /api/agents/runs as a RunState (error text preferred over the last message). */
export function runFromApi(run: {
  status: string;
  progress: number;
  message: string | null;
  error?: string | null;
}): RunState {
  return { status: run.status as RunStatus, progress: run.progress, message: run.error ?? run.message };
}
