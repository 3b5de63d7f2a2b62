import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner } from "@shopify/polaris";
import { agentRunStats } from "../../agents/overview/queries";
import { appRuntime } from "../agents.server";
import { requireAdmin } from "../auth.server";
import type { DocumentCacheHandle } from "../document-cache.server";
import { useLiveRuns } from "../components/live/LiveEvents";
import { moduleErrorBoundary } from "../components/ModuleError";
import { ModulePage, TableCard } from "../components/ModulePage";
import { scheduleText } from "../components/schedule";
import db from "../db.server";
import { when } from "../format";
import { MODULES } from "../modules";

// Its document is rendered once per distinct loader data (app/document-cache.server.ts): it renders
// only its loader data and the URL.
export const handle: DocumentCacheHandle = { documentCache: true };

// Not read once per database version (ADR 0039): whether each schedule is installed is read from
// Redis, which no database version covers.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const runtime = appRuntime();
  const { groups, recent } = await agentRunStats(db, shop);
  const agents = await Promise.all(
    runtime.agents.list().map(async (agent) => {
      const runs = (status: string) => groups.find((g) => g.agent === agent.name && g.status === status)?.runs ?? 0;
      return {
        name: agent.name,
        title: agent.title,
        capabilities: agent.capabilities,
        // Operators see the cron pattern itself beside its meaning.
        schedule: agent.schedule?.pattern
          ? `${agent.schedule.pattern} (${scheduleText(agent.schedule)})`
          : scheduleText(agent.schedule),
        // Whether this shop has the schedule installed (the worker installs them per shop).
        scheduled: agent.schedule ? await runtime.isScheduled(shop, agent.name) : null,
        queued: runs("queued"),
        running: runs("running"),
        succeeded: runs("succeeded"),
        failed: runs("failed") + runs("cancelled"),
      };
    }),
  );
  return { agents, recent };
};

export const ErrorBoundary = moduleErrorBoundary("/app/orchestration");

export default function Orchestration() {
  const { agents, recent } = useLoaderData<typeof loader>();
  const runs = useLiveRuns(recent);
  const module = MODULES.find((m) => m.path === "/app/orchestration")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Banner tone="info" title="For operators">
        <p>
          Queues, jobs and schedules as the worker sees them, for whoever runs the app. Merchants find their agents,
          what they found and a Run now button on the Agents page.
        </p>
      </Banner>
      <TableCard
        title="Agents and their queues"
        headings={[
          "Agent",
          "Capabilities",
          "Schedule",
          "Installed",
          "Queued",
          "Running",
          "Succeeded",
          "Failed or cancelled",
        ]}
        rows={agents.map((a) => [
          <span key="n" data-testid={`queue-${a.name}`}>
            {a.title}
          </span>,
          a.capabilities.join(", "),
          a.schedule,
          a.scheduled === null ? (
            "—"
          ) : (
            <Badge key="s" tone={a.scheduled ? "success" : undefined}>
              {a.scheduled ? "yes" : "no"}
            </Badge>
          ),
          a.queued,
          a.running,
          a.succeeded,
          a.failed,
        ])}
        empty={{
          heading: "No agents registered",
          body: "Agents are registered in agents/agents.ts (createAgents), each defined in its capability's folder.",
        }}
        testId="orchestration-agents"
      />
      <TableCard
        title="Tasks"
        headings={["Agent", "Trigger", "Job", "Status", "Started", "Duration"]}
        rows={runs.map((r) => [
          r.agent,
          r.trigger,
          r.jobId ?? "—",
          r.status === "running" ? `running · ${r.progress}%` : r.status,
          when(r.startedAt),
          r.durationMs != null ? `${r.durationMs} ms` : "—",
        ])}
        empty={{
          heading: "No tasks yet",
          body: "Each agent run is a job on its agent's queue; run one from the Agents page and it appears here live.",
        }}
        testId="orchestration-tasks"
      />
    </ModulePage>
  );
}
