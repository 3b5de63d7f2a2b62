import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { agentHealth } from "../../agents/runtime/health";
import { appRuntime } from "../agents.server";
import { requireAdmin } from "../auth.server";
import { ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { when } from "../format";
import { MODULES } from "../modules";
import { redis } from "../redis.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const runtime = appRuntime();
  const [agents, runs] = await Promise.all([
    agentHealth(db, redis, shop, { agents: runtime.agents, prefix: runtime.prefix, isScheduled: runtime.isScheduled }),
    db.agentRun.findMany({ where: { shop }, orderBy: { queuedAt: "desc" }, take: 15 }),
  ]);
  // The pipeline-check agent (capability "system") is for operators: Agent Orchestration lists it.
  return { agents: agents.filter((a) => !a.capabilities.includes("system")), runs };
};

// Run now and cancel go through the same runtime as schedules, AIRA and MCP; each is audited.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await requireAdmin(request);
  const form = await request.formData();
  const runtime = appRuntime();
  if (form.get("intent") === "cancel") {
    const runId = String(form.get("runId"));
    const owned = await db.agentRun.findFirst({ where: { id: runId, shop } });
    if (!owned) return { error: "No such run in this shop." };
    const result = await runtime.cancel(runId);
    await db.auditLog.create({ data: { shop, actor, action: "agent.cancel", input: { runId }, result: { status: result.status }, outcome: "ok" } });
    return { cancelled: runId };
  }
  const agent = String(form.get("agent"));
  if (!runtime.agents.get(agent)) return { error: `Unknown agent ${agent}.` };
  const run = await runtime.enqueue({ shop, agent, trigger: "manual", input: {} });
  await db.auditLog.create({ data: { shop, actor, action: "agent.run", input: { agent }, result: { runId: run.runId, jobId: run.jobId, deduplicated: run.deduplicated }, outcome: "ok" } });
  return { queued: run.runId, deduplicated: run.deduplicated };
};

/** Reloads the page's data when an agent reports progress (one EventSource, reconnects by itself). */
function useLiveAgentEvents() {
  const revalidator = useRevalidator();
  useEffect(() => {
    const source = new EventSource("/api/events");
    let pending: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        revalidator.revalidate();
      }, 250);
    };
    for (const type of ["agent.progress", "agent.finished", "message"]) source.addEventListener(type, refresh);
    return () => {
      clearTimeout(pending);
      source.close();
    };
  }, []); // one stream for the page's lifetime; revalidate() is stable
}

function RunButton({ agent }: { agent: string }) {
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="agent" value={agent} />
      <Button submit size="slim" loading={fetcher.state !== "idle"} accessibilityLabel={`Run ${agent} now`}>
        Run now
      </Button>
    </fetcher.Form>
  );
}

function CancelButton({ runId }: { runId: string }) {
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="cancel" />
      <input type="hidden" name="runId" value={runId} />
      <Button submit size="slim" tone="critical" variant="plain" loading={fetcher.state !== "idle"}>
        Cancel
      </Button>
    </fetcher.Form>
  );
}

const percent = (rate: number | null) => (rate == null ? "—" : `${Math.round(rate * 100)}%`);

export default function Agents() {
  const { agents, runs } = useLoaderData<typeof loader>();
  useLiveAgentEvents();
  const module = MODULES.find((m) => m.path === "/app/agents")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Agents
          </Text>
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "numeric", "numeric", "text", "text"]}
            headings={["Agent", "Capabilities", "Last run", "Circuit", "Success", "p95", "Schedule", ""]}
            rows={agents.map((a) => [
              <span key="t" data-testid={`agent-${a.name}`}>{a.title}</span>,
              a.capabilities.join(", "),
              a.lastRun ? `${a.lastRun.status} · ${when(a.lastRun.queuedAt)}` : "never",
              <Badge key="b" tone={a.breaker.state === "closed" ? "success" : "critical"}>{a.breaker.state}</Badge>,
              percent(a.successRate),
              a.p95DurationMs == null ? "—" : `${a.p95DurationMs} ms`,
              a.schedule ? (a.schedule.pattern ?? `every ${Math.round((a.schedule.every ?? 0) / 60_000)} min`) : "on demand",
              <RunButton key="r" agent={a.name} />,
            ])}
          />
        </BlockStack>
      </Card>
      {runs.length === 0 ? (
        <TableCard title="Runs" headings={[]} rows={[]} empty={{ heading: "No runs yet", body: "Press Run now on an agent; its progress shows here live." }} />
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
                      {run.agent} <Badge tone={run.status === "succeeded" ? "success" : run.status === "failed" ? "critical" : "info"}>{run.status}</Badge>
                    </Text>
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" tone="subdued">
                        {run.trigger} · {when(run.queuedAt)} {run.durationMs != null ? `· ${run.durationMs} ms` : ""}
                      </Text>
                      {run.status === "queued" || run.status === "running" ? <CancelButton runId={run.id} /> : null}
                    </InlineStack>
                  </InlineStack>
                  <ProgressBar progress={run.progress} size="small" tone={run.status === "failed" ? "critical" : "primary"} />
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
