import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { conversations, pendingActions } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { when } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [history, pending] = await Promise.all([conversations(db, shop), pendingActions(db, shop)]);
  return { history, pending };
};

export default function Aira() {
  const { history, pending } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/aira")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <TableCard
        title="Changes waiting for your approval"
        headings={["Change", "Items", "Proposed by", "When"]}
        rows={pending.map((a) => [a.summary, a.itemCount, a.proposedBy, when(a.createdAt)])}
        empty={{ heading: "Nothing waiting", body: "Changes proposed by AIRA, agents or MCP clients wait here for approval." }}
      />
      <TableCard
        title="Conversations"
        headings={["Title", "Messages", "Updated"]}
        rows={history.map((c) => [c.title, c._count.messages, when(c.updatedAt)])}
        empty={{ heading: "No conversations yet", body: "Ask AIRA about sales, stock or prices." }}
      />
    </ModulePage>
  );
}
