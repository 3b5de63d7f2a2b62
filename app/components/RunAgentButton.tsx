// Runs an agent now (POST /api/agents/:agent/run) and follows its progress on the live stream,
// e.g. "Run store sync" in an empty state. When the run ends the page's data is reloaded.
import { useRevalidator } from "@remix-run/react";
import { BlockStack, Button, ProgressBar, Text } from "@shopify/polaris";
import { useRef, useState } from "react";
import { useToast } from "./AppFeedback";
import { useAgentEvents } from "./live/LiveEvents";
import { announceRunEnd, forgetRun } from "./live/RunEndAnnouncer";

interface ActiveRun {
  runId: string;
  progress: number;
  message: string | null;
}

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

export function RunAgentButton({
  agent,
  title,
  label,
  variant = "primary",
}: {
  agent: string;
  title: string;
  label?: string;
  variant?: "primary" | "secondary";
}) {
  const toast = useToast();
  const revalidator = useRevalidator();
  const [starting, setStarting] = useState(false);
  const [run, setRun] = useState<ActiveRun | null>(null);
  // A fast run can end before its POST answers: remember ends we could not match yet.
  const endedEarly = useRef(new Map<string, string>());

  // The layout's RunEndAnnouncer toasts the end (even after leaving this page); here the page reloads.
  const finish = () => {
    setRun(null);
    revalidator.revalidate();
  };

  useAgentEvents(
    (event) => {
      if (!run || event.runId !== run.runId) {
        if (event.type === "agent.finished" && event.agent === agent) endedEarly.current.set(event.runId, event.status);
        return;
      }
      if (event.type === "agent.finished") finish();
      else setRun({ runId: run.runId, progress: event.progress, message: event.message });
    },
    // Events missed while disconnected: ask for the run's state once.
    () => {
      if (!run) return;
      void fetch(`/api/agents/runs?agent=${encodeURIComponent(agent)}&limit=20`)
        .then((r) =>
          r.ok
            ? (r.json() as Promise<{
                runs: { id: string; status: string; progress: number; message: string | null; error: string | null }[];
              }>)
            : null,
        )
        .then((body) => {
          const found = body?.runs.find((r) => r.id === run.runId);
          if (!found) return;
          if (TERMINAL.has(found.status)) {
            // Its finished event was missed, so the announcer will not hear of it.
            if (forgetRun(found.id))
              toast(`${title} ${found.status === "succeeded" ? "finished" : found.status}`, {
                error: found.status === "failed",
              });
            finish();
          } else setRun({ runId: found.id, progress: found.progress, message: found.message });
        })
        .catch(() => {});
    },
  );

  async function start() {
    setStarting(true);
    try {
      const response = await fetch(`/api/agents/${encodeURIComponent(agent)}/run`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
      const body = (await response.json().catch(() => ({}))) as {
        runId?: string;
        deduplicated?: boolean;
        error?: string;
      };
      if (!response.ok || !body.runId) {
        toast(body.error ?? `${title} could not be started (HTTP ${response.status}).`, { error: true });
        return;
      }
      toast(body.deduplicated ? `${title} is already running` : `${title} started`);
      const ended = endedEarly.current.get(body.runId);
      if (ended) {
        toast(`${title} ${ended === "succeeded" ? "finished" : ended}`, { error: ended === "failed" });
        finish();
        return;
      }
      setRun({ runId: body.runId, progress: 0, message: null });
      announceRunEnd(body.runId, title);
    } catch {
      toast("The app could not be reached. Check the connection and try again.", { error: true });
    } finally {
      setStarting(false);
    }
  }

  if (run) {
    return (
      <div data-testid={`run-progress-${agent}`} style={{ minWidth: 240 }}>
        <BlockStack gap="100">
          <ProgressBar progress={run.progress} size="small" />
          <Text as="p" tone="subdued">
            {title}: {run.message ?? "queued"} ({run.progress}%)
          </Text>
        </BlockStack>
      </div>
    );
  }
  return (
    <Button variant={variant} onClick={start} loading={starting}>
      {label ?? `Run ${title.toLowerCase()}`}
    </Button>
  );
}
