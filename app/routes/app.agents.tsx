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

export default function Agents() {
  const { groups, recent } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/agents")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <TableCard
        title="Runs by agent"
        headings={["Agent", "Status", "Runs"]}
        rows={groups.map((g) => [g.agent, g.status, g.runs])}
        empty={{ heading: "No agent has run yet", body: "Agents run on their schedules once the store is synced, or on demand." }}
      />
      <TableCard
        title="Latest runs"
        headings={["Agent", "Trigger", "Status", "Progress", "Queued"]}
        rows={recent.map((r) => [r.agent, r.trigger, r.status, `${r.progress}%`, when(r.queuedAt)])}
        empty={{ heading: "No runs", body: "Runs appear here with their progress and outcome." }}
      />
    </ModulePage>
  );
}
