// The command center's modules, in navigation order.
export interface ModuleLink {
  path: string;
  title: string;
  summary: string;
  /** Pages under the module, shown below it in the navigation. */
  pages?: { path: string; title: string }[];
}

export const MODULES: ModuleLink[] = [
  { path: "/app", title: "Dashboard", summary: "Today's revenue, orders, alerts and agent activity at a glance." },
  {
    path: "/app/revenue",
    title: "Revenue",
    summary: "Revenue, orders and average order value by day, week and month.",
  },
  {
    path: "/app/agents",
    title: "Agents",
    summary: "Every agent with its health, last run and a button to run it now.",
  },
  {
    path: "/app/inventory",
    title: "Inventory",
    summary: "Stock, demand forecasts, stockout risks and purchase-order suggestions.",
    pages: [{ path: "/app/purchase-orders", title: "Purchase orders" }],
  },
  { path: "/app/marketing", title: "Marketing", summary: "Customer segments, campaign proposals and discount codes." },
  {
    path: "/app/finance",
    title: "Finance",
    summary: "Gross margin, refunds, discounts and cash flow from the store's orders.",
  },
  {
    path: "/app/security",
    title: "Security",
    summary: "Alerts, the audit log of every change, compliance and a configuration scan.",
  },
  {
    path: "/app/support",
    title: "Customer Support",
    summary: "Support tickets linked to customers and orders, with AI reply drafts.",
  },
  {
    path: "/app/analytics",
    title: "Analytics",
    summary: "Named queries on the store's data with charts and CSV export.",
    pages: [{ path: "/app/weekly-report", title: "Weekly report" }],
  },
  { path: "/app/shopify", title: "Shopify", summary: "Connection, scopes, store sync and webhook health." },
  {
    path: "/app/aira",
    title: "AIRA",
    summary:
      "Every change proposed by AIRA, an agent or an MCP client waits here for your approval, and can be reverted.",
  },
  {
    path: "/app/settings",
    title: "Settings",
    summary: "Which agents run on their own, your margin floor, when to hold risky orders, and your support policy.",
    pages: [
      { path: "/app/settings/vendors", title: "Vendors" },
      { path: "/app/settings/mcp", title: "MCP clients" },
    ],
  },
  {
    path: "/app/orchestration",
    title: "Agent Orchestration",
    summary: "For operators: queues, schedules, capabilities and the jobs behind every agent.",
  },
];

// Pages that are in no navigation list but still need a name in the browser's tab.
const OTHER_PAGES = [{ path: "/app/settings/mcp", title: "MCP clients" }];

/** The browser tab's title for a path: the most specific page it belongs to, then the app's name. */
export function documentTitle(pathname: string): string {
  const path = pathname.replace(/\/+$/, "") || "/";
  const pages = [...MODULES.flatMap((m) => [m, ...(m.pages ?? [])]), ...OTHER_PAGES];
  const match = pages
    .filter((p) => path === p.path || (p.path !== "/app" && path.startsWith(`${p.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match ? `${match.title} · Royal Equips` : "Royal Equips";
}
