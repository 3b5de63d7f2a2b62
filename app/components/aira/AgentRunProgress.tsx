// Live progress of an agent run that AIRA started (run_agent): events from the app's one shared
// live connection (/api/events, opened by the layout), the runs API for the current state, and
// polling of that API while live updates are not flowing.
import { Badge, BlockStack, Button, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useCallback, useEffect, useId, useState } from "react";
import { useAgentEvents, useLiveStatus } from "../live/LiveEvents";
import { isFinal, mergeRun, runFromApi, type RunState } from "./run-state";

const POLL_MS = 3_000;

export function AgentRunProgress({
  runId,
  agent,
  deduplicated,
}: {
  runId: string;
  agent: string;
  deduplicated?: boolean;
}) {
  const [run, setRun] = useState<RunState | null>(null);
  const live = useLiveStatus() === "live";
  const labelId = useId();
  const final = run ? isFinal(run.status) : false;

  const load = useCallback(async () => {
    try {
      const response = await fetch(`/api/agents/runs?agent=${encodeURIComponent(agent)}&limit=100`, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      const body = (await response.json()) as {
        runs?: { id: string; status: string; progress: number; message: string | null; error?: string | null }[];
      };
      const found = body.runs?.find((r) => r.id === runId);
      if (found) setRun((previous) => mergeRun(previous, runFromApi(found)));
    } catch {
      // The next event or poll brings it.
    }
  }, [agent, runId]);

  // The state now (the run may have progressed or finished before this card was shown).
  useEffect(() => {
    void load();
  }, [load]);

  useAgentEvents(
    (event) => {
      if (event.runId === runId)
        setRun((previous) =>
          mergeRun(previous, { status: event.status, progress: event.progress, message: event.message }),
        );
    },
    () => void load(),
  );

  // Without live updates (stream down, or no stream on this page), ask every few seconds until it ends.
  useEffect(() => {
    if (live || final) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [live, final, load]);

  const status = run?.status ?? "queued";
  const tone =
    status === "succeeded" ? "success" : status === "failed" ? "critical" : status === "cancelled" ? "warning" : "info";
  return (
    <div data-testid="aira-agent-run" data-status={status}>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="span" fontWeight="semibold" id={labelId}>
            {agent} <Badge tone={tone}>{status}</Badge>
          </Text>
          <Button variant="plain" url="/app/agents">
            Open Agents
          </Button>
        </InlineStack>
        <ProgressBar
          progress={run?.progress ?? 0}
          size="small"
          tone={status === "failed" ? "critical" : status === "succeeded" ? "success" : "highlight"}
          ariaLabelledBy={labelId}
        />
        <Text as="p" tone={status === "failed" ? "critical" : "subdued"}>
          {run?.message ??
            (deduplicated
              ? "This agent was already queued or running; following that run."
              : "Queued; waiting for a worker.")}
        </Text>
      </BlockStack>
    </div>
  );
}
