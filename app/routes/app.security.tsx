import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { securityOverview } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { when } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return securityOverview(db, shop);
};

export default function Security() {
  const { audit, alerts, webhooks, exports } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/security")!;
  return (
    <ModulePage title={module.title} summary={module.summary} links={[{ content: "MCP access tokens", url: "/app/settings/mcp" }]}>
      <TableCard
        title="Alerts"
        headings={["Severity", "Alert", "Raised"]}
        rows={alerts.map((a) => [a.severity, a.title, when(a.createdAt)])}
        empty={{ heading: "No open alerts", body: "Nothing needs your attention." }}
      />
      <TableCard
        title="Audit log"
        headings={["When", "Actor", "Action", "Outcome"]}
        rows={audit.map((a) => [when(a.createdAt), a.actor, a.action, a.outcome])}
        empty={{ heading: "Nothing recorded yet", body: "Every tool call, store change and webhook is recorded here." }}
      />
      <TableCard
        title="Webhooks received"
        headings={["Topic", "Status", "Count"]}
        rows={webhooks.map((w) => [w.topic, w.status, w.count])}
        empty={{ heading: "No webhooks received", body: "Shopify delivers webhooks once the app is installed." }}
      />
      <TableCard
        title="Customer data requests"
        headings={["Export", "Customer", "Email", "Received"]}
        rows={exports.map((e) => [e.id, e.customerId ?? "—", e.email ?? "—", when(e.createdAt)])}
        empty={{ heading: "No data requests", body: "customers/data_request webhooks produce an export of what we hold." }}
      />
    </ModulePage>
  );
}
