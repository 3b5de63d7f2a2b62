import { REFRESH_AGENT } from "../../agents/results/names";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { agentHealth } from "../../agents/runtime/health";
import {
  appRuntime,
  cancelRun,
  InvalidRunRequest,
  RunNotCancellable,
  RunNotFound,
  startRun,
  UnknownAgent,
} from "../agents.server";
import { RedisUnavailable } from "../../agents/infra/redis";
import { requireAdmin } from "../auth.server";
import { PagedTable } from "../components/PagedTable";
import { ConfirmModal, useToast } from "../components/AppFeedback";
import { useLiveRuns } from "../components/live/LiveEvents";
import { announceRunEnd } from "../components/live/RunEndAnnouncer";
import { moduleErrorBoundary } from "../components/ModuleError";
import { ModulePage, TableCard } from "../components/ModulePage";
import { scheduleText } from "../components/schedule";
import db from "../db.server";
import { when } from "../format";
import { MODULES } from "../modules";
import { redis } from "../redis.server";

const RUN_FIELDS = {
  id: true,
  agent: true,
  status: true,
  trigger: true,
  queuedAt: true,
  durationMs: true,
  progress: true,
  message: true,
  error: true,
} as const;

// Not read once per database version (ADR 0039): each agent's health includes its queue in Redis, which
// no database version covers.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const runtime = appRuntime();
  const [agents, runs] = await Promise.all([
    agentHealth(db, redis, shop, { agents: runtime.agents, prefix: runtime.prefix, isScheduled: runtime.isScheduled }),
    db.agentRun.findMany({
      where: { shop, agent: { not: REFRESH_AGENT } },
      orderBy: { queuedAt: "desc" },
      take: 15,
      // What the list shows, not each run's input and result: an inventory run's result holds its
      // purchase orders (5 MB at 100k products), read, parsed and sent to the browser on every load.
      select: RUN_FIELDS,
    }),
  ]);
  // System agents (the pipeline check, analysis refreshes) are for operators: Agent Orchestration lists them.
  return { agents: agents.filter((a) => !a.capabilities.includes("system")), runs };
};

// Run now and cancel go through the same runtime as schedules, AIRA and MCP; each is audited.
export const action = async ({ request }: ActionFunctionArgs): Promise<ActionResult> => {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  if (form.get("intent") === "cancel") {
    const runId = String(form.get("runId"));
    try {
      await cancelRun(admin, runId);
    } catch (error) {
      if (error instanceof RunNotFound) return { error: "No such run in this shop." };
      if (error instanceof RunNotCancellable) return { error: error.message };
      throw error;
    }
    return { cancelled: runId };
  }
  const agent = String(form.get("agent"));
  try {
    const run = await startRun(admin, agent);
    return { queued: run.runId, deduplicated: run.deduplicated };
  } catch (error) {
    if (error instanceof UnknownAgent) return { error: `Unknown agent ${agent}.` };
    if (error instanceof InvalidRunRequest) return { error: error.message };
    if (error instanceof RedisUnavailable)
      return {
        error: "Background work is unavailable right now, so the agent was not started. Try again in a minute.",
      };
    throw error;
  }
};

type ActionResult = { queued: string; deduplicated: boolean } | { cancelled: string } | { error: string };

function RunButton({ agent, title }: { agent: string; title: string }) {
  const fetcher = useFetcher<ActionResult>();
  const toast = useToast();
  useEffect(() => {
    const data = fetcher.data;
    if (!data || fetcher.state !== "idle") return;
    if ("error" in data) toast(data.error, { error: true });
    else if ("queued" in data) {
      announceRunEnd(data.queued, title);
      toast(data.deduplicated ? `${title} is already queued` : `${title} queued`);
    }
  }, [fetcher.data, fetcher.state]);
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="agent" value={agent} />
      <Button submit size="slim" loading={fetcher.state !== "idle"} accessibilityLabel={`Run ${agent} now`}>
        Run now
      </Button>
    </fetcher.Form>
  );
}

function CancelButton({ runId, agent }: { runId: string; agent: string }) {
  const fetcher = useFetcher<ActionResult>();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    const data = fetcher.data;
    if (!data || fetcher.state !== "idle") return;
    setConfirming(false);
    if ("error" in data) toast(data.error, { error: true });
    else if ("cancelled" in data) toast(`${agent} run cancelled`);
  }, [fetcher.data, fetcher.state]);
  return (
    <>
      <Button
        size="slim"
        tone="critical"
        variant="plain"
        loading={fetcher.state !== "idle"}
        onClick={() => setConfirming(true)}
      >
        Cancel
      </Button>
      <ConfirmModal
        open={confirming}
        title={`Cancel this ${agent} run?`}
        message="A queued run is removed; a running one stops at its next step. Work already done (e.g. rows synced) is kept."
        confirmLabel="Cancel run"
        destructive
        loading={fetcher.state !== "idle"}
        onClose={() => setConfirming(false)}
        onConfirm={() => fetcher.submit({ intent: "cancel", runId }, { method: "post" })}
      />
    </>
  );
}

/** Where each agent's findings are worked on. */
const WORKLISTS: Record<string, { url: string; label: string }> = {
  "inventory-forecasting": { url: "/app/inventory", label: "Open the Inventory worklist" },
  "pricing-optimizer": { url: "/app/revenue", label: "Open price suggestions" },
  "order-fulfillment": { url: "/app/revenue", label: "Open orders to review" },
  "product-research": { url: "/app/marketing", label: "Open product research" },
  "finance-monitor": { url: "/app/finance", label: "Open Finance" },
  "security-monitor": { url: "/app/security", label: "Open Security" },
  "store-sync": { url: "/app/shopify", label: "Open Shopify" },
  "marketing-campaigns": { url: "/app/marketing", label: "Open campaigns" },
  "support-desk": { url: "/app/support", label: "Open overdue tickets and reply drafts" },
  "weekly-report": { url: "/app/weekly-report", label: "Open the weekly report" },
};

function Found({ agent, summary }: { agent: string; summary: string | null }) {
  const worklist = WORKLISTS[agent];
  return (
    <div data-testid={`agent-found-${agent}`} style={{ maxWidth: 360, whiteSpace: "normal" }}>
      <BlockStack gap="100">
        <Text as="span">{summary ?? "Nothing yet: it has not finished a run."}</Text>
        {worklist ? <Link to={worklist.url}>{worklist.label}</Link> : null}
      </BlockStack>
    </div>
  );
}

const percent = (rate: number | null) => (rate == null ? "—" : `${Math.round(rate * 100)}%`);

/** A breaker's state in the merchant's words: closed runs normally, open pauses after repeated failures. */
const BREAKER_WORDS: Record<string, string> = {
  closed: "Working",
  open: "Paused after failures",
  halfOpen: "Trying again",
};

const TRIGGER_WORDS: Record<string, string> = {
  manual: "run by you",
  schedule: "on schedule",
  aira: "asked by AIRA",
  mcp: "by an MCP client",
  webhook: "after a store event",
};

/** 2300 -> "2 s", 95000 -> "2 min". */
const duration = (ms: number) =>
  ms < 1_000 ? "under a second" : ms < 90_000 ? `${Math.round(ms / 1_000)} s` : `${Math.round(ms / 60_000)} min`;

export const ErrorBoundary = moduleErrorBoundary("/app/agents");

export default function Agents() {
  const { agents, runs: storedRuns } = useLoaderData<typeof loader>();
  const titles = Object.fromEntries(agents.map((a) => [a.name, a.title]));
  const runs = useLiveRuns(storedRuns);
  const module = MODULES.find((m) => m.path === "/app/agents")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Agents
          </Text>
          <PagedTable
            label="Agents"
            columnContentTypes={["text", "text", "text", "text", "text", "numeric", "numeric", "text", "text"]}
            headings={[
              "Agent",
              "What it found",
              "Covers",
              "Last run",
              "State",
              "Success",
              "Usually takes",
              "Schedule",
              "",
            ]}
            rows={agents.map((a) => [
              <span key="t" data-testid={`agent-${a.name}`}>
                {a.title}
              </span>,
              <Found key="f" agent={a.name} summary={a.lastSummary?.text ?? null} />,
              a.capabilities.join(", "),
              a.lastRun ? `${a.lastRun.status} · ${when(a.lastRun.queuedAt)}` : "never",
              <Badge key="b" tone={a.breaker.state === "closed" ? "success" : "critical"}>
                {BREAKER_WORDS[a.breaker.state] ?? "Paused"}
              </Badge>,
              percent(a.successRate),
              // The slow end of recent runs (95th percentile), said as a duration.
              a.p95DurationMs == null ? "—" : `up to ${duration(a.p95DurationMs)}`,
              scheduleText(a.schedule),
              <RunButton key="r" agent={a.name} title={a.title} />,
            ])}
          />
        </BlockStack>
      </Card>
      {runs.length === 0 ? (
        <TableCard
          title="Runs"
          headings={[]}
          rows={[]}
          empty={{ heading: "No runs yet", body: "Press Run now on an agent; its progress shows here live." }}
        />
      ) : (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Runs
            </Text>
            {runs.map((run) => (
              <div key={run.id} data-testid="agent-run">
                <BlockStack gap="100">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="span" fontWeight="semibold">
                      {titles[run.agent] ?? run.agent}{" "}
                      <Badge
                        tone={run.status === "succeeded" ? "success" : run.status === "failed" ? "critical" : "info"}
                      >
                        {run.status}
                      </Badge>
                    </Text>
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" tone="subdued">
                        {TRIGGER_WORDS[run.trigger] ?? run.trigger} · {when(run.queuedAt)}{" "}
                        {run.durationMs != null ? `· took ${duration(run.durationMs)}` : ""}
                      </Text>
                      {run.status === "queued" || run.status === "running" ? (
                        <CancelButton runId={run.id} agent={run.agent} />
                      ) : null}
                    </InlineStack>
                  </InlineStack>
                  <ProgressBar
                    progress={run.progress}
                    size="small"
                    tone={run.status === "failed" ? "critical" : "primary"}
                  />
                  {run.message || run.error ? (
                    <Text as="p" tone={run.error ? "critical" : "subdued"}>
                      {run.error ?? run.message}
                    </Text>
                  ) : null}
                </BlockStack>
              </div>
            ))}
          </BlockStack>
        </Card>
      )}
    </ModulePage>
  );
}
