import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge } from "@shopify/polaris";
import { securityOverview } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { moduleErrorBoundary } from "../components/ModuleError";
import { ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { when } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return securityOverview(db, shop);
};

export const ErrorBoundary = moduleErrorBoundary("/app/security");

const severityTone = (severity: string) => (severity === "critical" ? "critical" : severity === "warning" ? "warning" : "info");

export default function Security() {
  const { audit, alerts, webhooks, webhooksSince, exports } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/security")!;
  return (
    <ModulePage title={module.title} summary={module.summary} links={[{ content: "MCP access tokens", url: "/app/settings/mcp" }]}>
      <TableCard
        title="Open alerts"
        headings={["Severity", "Alert", "Raised"]}
        rows={alerts.map((a) => [<Badge key="s" tone={severityTone(a.severity)}>{a.severity}</Badge>, a.title, when(a.createdAt)])}
        empty={{ heading: "No open alerts", body: "Nothing needs your attention. Agents raise alerts here for risky orders, stockouts and failing webhooks." }}
        testId="security-alerts"
      />
      <TableCard
        title="Audit log"
        headings={["When", "Actor", "Action", "Outcome"]}
        rows={audit.map((a) => [when(a.createdAt), a.actor, a.action, a.outcome])}
        empty={{ heading: "Nothing recorded yet", body: "Every tool call, agent run, store change and webhook is recorded here as it happens." }}
        testId="audit-log"
      />
      <TableCard
        title={`Webhooks received since ${when(webhooksSince).slice(0, 10)}`}
        headings={["Topic", "Status", "Count"]}
        rows={webhooks.map((w) => [w.topic, w.status, w.count])}
        empty={{ heading: "No webhooks received", body: "None in this period. Shopify delivers webhooks once the app is installed; the Shopify page shows the connection." }}
      />
      <TableCard
        title="Customer data requests"
        headings={["Export", "Customer", "Email", "Received"]}
        rows={exports.map((e) => [e.id, e.customerId ?? "—", e.email ?? "—", when(e.createdAt)])}
        empty={{ heading: "No data requests", body: "customers/data_request webhooks produce an export of what we hold about the customer." }}
      />
    </ModulePage>
  );
}
