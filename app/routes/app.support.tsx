import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Button } from "@shopify/polaris";
import { ticketsByStatus } from "../../agents/overview/queries";
import { readSettings } from "../../agents/settings";
import { requireAdmin } from "../auth.server";
import { useReloadOnStoreChanges } from "../components/live/LiveEvents";
import { moduleErrorBoundary } from "../components/ModuleError";
import { ModulePage, TableCard } from "../components/ModulePage";
import { agentEmpty } from "../components/worklist/agentEmpty";
import { Worklist } from "../components/worklist/Worklist";
import { shopCurrency } from "../currency.server";
import db from "../db.server";
import { agentStatus, loadWorklist } from "../findings.server";
import { when } from "../format";
import { MODULES } from "../modules";

/** The agent behind the worklists (agents/support/agent.ts; named here so the page's bundle stays light). */
const SUPPORT_AGENT = "support-desk";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const [tickets, overdue, drafts, agent, settings, currency] = await Promise.all([
    ticketsByStatus(db, shop),
    loadWorklist(shop, url, { key: "overdue", kinds: ["overdue_ticket"] }),
    loadWorklist(shop, url, { key: "drafts", kinds: ["reply_draft"] }),
    agentStatus(shop, SUPPORT_AGENT),
    readSettings(db, shop),
    shopCurrency(shop),
  ]);
  return {
    ...tickets,
    overdue,
    drafts,
    agent,
    currency,
    targets: { firstReply: settings.supportFirstResponseHours, resolution: settings.supportResolutionHours },
  };
};

export const ErrorBoundary = moduleErrorBoundary("/app/support");

export default function Support() {
  const { groups, recent, overdue, drafts, agent, currency, targets } = useLoaderData<typeof loader>();
  // Tickets opened or changed elsewhere (AIRA, another tab) and the support desk's findings appear without a reload.
  useReloadOnStoreChanges(["support"], { agents: [SUPPORT_AGENT] });
  const module = MODULES.find((m) => m.path === "/app/support")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Worklist
        title="Overdue tickets"
        description={`Tickets without a first reply after ${targets.firstReply} hours, or open after ${targets.resolution} hours (your targets in Settings). Each also raises an alert, which clears once the ticket is answered or solved.`}
        list={overdue}
        currency={currency}
        empty={agentEmpty(agent, "No ticket is overdue")}
      />
      <Worklist
        title="Reply drafts"
        description="A draft for each ticket still waiting for its first reply, from its order's facts and your support policy. Nothing is sent: copy, edit and send it yourself."
        list={drafts}
        currency={currency}
        empty={agentEmpty(agent, "No ticket is waiting for a first reply")}
      />
      <TableCard
        title="Tickets by status"
        headings={["Status", "Tickets"]}
        rows={groups.map((g) => [g.status, g.count])}
        empty={{
          heading: "No tickets yet",
          body: "When a customer writes in, ask AIRA to open a ticket with their email and order number; it is linked to the customer and order here.",
          action: <Button url="/app/aira">Open AIRA</Button>,
        }}
        testId="tickets-by-status"
      />
      {recent.length > 0 ? (
        <TableCard
          title="Latest tickets"
          headings={["Subject", "Status", "Priority", "Opened"]}
          rows={recent.map((t) => [t.subject, t.status, t.priority, when(t.createdAt)])}
          empty={{ heading: "No tickets yet", body: "New tickets appear here." }}
          testId="latest-tickets"
        />
      ) : null}
    </ModulePage>
  );
}
