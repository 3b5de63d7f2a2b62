// Formatting shared by AIRA's offline answer writers (answer.ts and the per-tool modules in tools/):
// money, counts, dates and store text as a merchant reads them.
import type { z } from "zod";

/** Store text is cut to this many characters. */
export const TEXT_LIMIT = 80;

const moneyFormat = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const numberFormats = [0, 1, 2, 3].map((digits) => new Intl.NumberFormat("en-US", { maximumFractionDigits: digits }));

/** 1234.5 -> "1,234.50" (+ " EUR" when the currency is known). */
export function formatMoney(amount: number, currency?: string | null): string {
  return `${moneyFormat.format(noNegativeZero(amount))}${currency ? ` ${currency}` : ""}`;
}

/** A fraction as a percentage: 0.2 -> "20%", 0.1234 -> "12.3%"; signed: 0.05 -> "+5%". */
export function formatPercent(fraction: number, options: { signed?: boolean } = {}): string {
  const value = noNegativeZero(Math.round(fraction * 1000) / 10);
  return `${options.signed && value > 0 ? "+" : ""}${numberFormats[1].format(value)}%`;
}

/** A count or quantity: 4000 -> "4,000", 12.345 -> "12.3" (digits = decimals kept). */
export function formatNumber(value: number, digits = 1): string {
  return numberFormats[Math.max(0, Math.min(3, digits))].format(noNegativeZero(value));
}

/** "Dec 7, 2026" for an ISO day or time: dates as people write them (the day itself, in UTC). */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return "unknown";
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return storeText(iso, 30);
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
}

/** "Dec 1 – Dec 30, 2026" for two ISO days. */
export function formatDays(from: string, to: string): string {
  if (from === to) return formatDay(from);
  const a = formatDay(from);
  const b = formatDay(to);
  return a.slice(-4) === b.slice(-4) && a.length > 4 ? `${a.slice(0, -6)} – ${b}` : `${a} – ${b}`;
}

export function noNegativeZero(n: number) {
  return Object.is(n, -0) || (Math.abs(n) < 1e-9 && n !== 0) ? 0 : n;
}

export function plural(n: number, one: string, many = `${one}s`, digits = 1) {
  return `${formatNumber(n, digits)} ${n === 1 ? one : many}`;
}

/**
 * Store or customer text made safe to show inside an answer: one line, no control or bidi
 * characters, no markdown links, images, code or HTML, at most `max` characters.
 */
export function storeText(value: unknown, max = TEXT_LIMIT): string {
  const flat = String(value ?? "")
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, " ")
    .replace(/`/g, "'")
    .replace(/\[/g, "(")
    .replace(/\]/g, ")")
    .replace(/!\(/g, "! (")
    .replace(/<(?=[a-zA-Z/!?])/g, "‹")
    .replace(/\s+/g, " ")
    .trim();
  if (flat.length <= max) return flat;
  // Cut between words, never inside one.
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Store text shown as a quotation, so it reads as data. */
export const quote = (value: unknown, max = TEXT_LIMIT) => `“${storeText(value, max)}”`;

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** camelCase / snake_case key -> "camel case". */
export function words(key: string) {
  return key
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
}

export function more(total: number, shown: number, noun = "more") {
  return total > shown ? [`- …and ${total - shown} ${noun}`] : [];
}

export interface Format {
  money(amount: number | null | undefined): string;
  /** "1,000.00–2,000.00 EUR": the currency once. */
  moneyRange(lo: number, hi: number): string;
}

/** A tool's output type. */
export type Out<T extends { output: z.ZodType }> = z.infer<T["output"]>;
export type Input = Record<string, unknown>;

export const num = (input: Input, key: string, fallback: number) =>
  typeof input[key] === "number" && Number.isFinite(input[key]) ? (input[key] as number) : fallback;
export const str = (input: Input, key: string) => (typeof input[key] === "string" ? (input[key] as string) : undefined);

/** At most this many non-empty lines per answer. */
export const MAX_LINES = 6;

/** Agent names as merchants say them: "inventory-forecasting" -> "inventory forecasting". */
export const agentWords = (agent: string) => storeText(agent.replace(/-/g, " "), 40);

/** How each tool is called in a sentence ("the sales summary"). */
const LABELS: Record<string, string> = {
  get_shop_overview: "shop overview",
  list_pending_actions: "list of changes",
  get_change_outcomes: "check of how your changes did",
  get_agent_findings: "list of agent findings",
  get_sales_summary: "sales summary",
  detect_revenue_anomalies: "revenue anomaly check",
  forecast_demand: "demand forecast",
  get_stockout_risks: "stockout check",
  suggest_purchase_order: "purchase order suggestion",
  propose_inventory_adjustment: "stock correction",
  suggest_price_changes: "price suggestions",
  propose_price_change: "price change",
  find_trending_products: "trend analysis",
  find_product_bundles: "bundle analysis",
  find_dead_stock: "dead stock check",
  find_category_gaps: "category gap analysis",
  score_order_risk: "order risk score",
  propose_fulfillment_hold: "fulfillment hold",
  suggest_order_routing: "order routing suggestion",
  get_customer_segments: "customer segmentation",
  propose_discount_code: "discount code",
  create_support_ticket: "new support ticket",
  list_support_tickets: "ticket list",
  update_support_ticket: "ticket update",
  draft_support_reply: "reply draft",
  get_support_metrics: "support figures",
  run_agent: "agent run",
  compare_sales_periods: "sales comparison",
  forecast_revenue: "revenue forecast",
  get_cash_flow: "cash flow",
  get_customer_lifetime_value: "customer lifetime value",
  propose_campaigns: "campaign suggestions",
  get_campaign_results: "campaign results",
  draft_product_copy: "product copy draft",
  propose_product_copy: "product copy change",
  run_analytics_query: "analytics query",
  list_alerts: "alert list",
  explain_alert: "alert explanation",
  decide_alert: "alert decision",
  get_security_scan: "security scan",
  get_compliance_status: "compliance status",
  list_audit_log: "audit log",
  search_products: "product search",
  get_product: "product details",
  search_orders: "order search",
  get_order: "order details",
  search_customers: "customer search",
  list_risky_orders: "check for risky orders",
  get_agent_status: "agent status",
  get_agent_run: "agent run",
};

/** "get_cash_flow" -> "cash flow" for tools without a label. */
export function toolLabel(tool: string): string {
  return (
    LABELS[tool] ??
    (words(
      tool.replace(
        /^(get|list|find|run|suggest|propose|create|update|draft|detect|score|explain|compare|forecast)_/,
        "",
      ),
    ) ||
      "tool")
  );
}
