import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Button } from "@shopify/polaris";
import { ticketsByStatus } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { useReloadOnStoreChanges } from "../components/live/LiveEvents";
import { moduleErrorBoundary } from "../components/ModuleError";
import { ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { when } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return ticketsByStatus(db, shop);
};

export const ErrorBoundary = moduleErrorBoundary("/app/support");

export default function Support() {
  const { groups, recent } = useLoaderData<typeof loader>();
  // Tickets opened or changed elsewhere (AIRA, another tab) appear without a reload.
  useReloadOnStoreChanges(["support"]);
  const module = MODULES.find((m) => m.path === "/app/support")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
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
