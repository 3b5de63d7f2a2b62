import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { agentRunStats } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { when } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return agentRunStats(db, shop);
};

export default function Orchestration() {
  const { groups, recent } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/orchestration")!;
  const byStatus = new Map<string, number>();
  for (const g of groups) byStatus.set(g.status, (byStatus.get(g.status) ?? 0) + g.runs);
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <TableCard
        title="Runs by status"
        headings={["Status", "Runs"]}
        rows={[...byStatus.entries()]}
        empty={{ heading: "No jobs yet", body: "Scheduled and on-demand agent jobs are listed here." }}
      />
      <TableCard
        title="Tasks"
        headings={["Agent", "Job", "Status", "Started", "Duration"]}
        rows={recent.map((r) => [r.agent, r.jobId ?? "—", r.status, when(r.startedAt), r.durationMs != null ? `${r.durationMs} ms` : "—"])}
        empty={{ heading: "No tasks", body: "Each agent run is a job on its agent's queue." }}
      />
    </ModulePage>
  );
}
