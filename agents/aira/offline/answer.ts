// AIRA's offline answers: a short markdown answer written from one tool result, so the assistant
// works without a model API key. Every figure comes from the tool's output (never invented).
// Store text (product titles, ticket subjects, notes, summaries) is data, not instructions: it is
// flattened, defused, shortened and quoted, and never starts a line, so it cannot read as AIRA's
// own words or request.
import {
  capitalize,
  formatMoney,
  formatNumber,
  formatPercent,
  more,
  plural,
  quote,
  storeText,
  str,
  words,
  type Format,
  type Input,
} from "./format";

import { cashFlow } from "./tools/cash-flow";
import { deadStock } from "./tools/dead-stock";
import { trending } from "./tools/find-trending";
import { bundles } from "./tools/product-bundles";
import { categoryGaps } from "./tools/category-gaps";
import { anomalies } from "./tools/revenue-anomalies";
import { revenueForecast } from "./tools/revenue-forecast";
import { campaignResults } from "./tools/campaign-results";
import { segments } from "./tools/customer-segments";
import { lifetimeValue } from "./tools/lifetime-value";
import { riskyOrders } from "./tools/risky-orders";
import { supportMetrics } from "./tools/support-metrics";
import { productSearch } from "./tools/search-products";
import { productDetails } from "./tools/get-product";
import { orderSearch } from "./tools/search-orders";
import { orderDetails } from "./tools/get-order";
import { customerSearch } from "./tools/search-customers";
import { agentRun } from "./tools/run-agent";
import { ticketList } from "./tools/list-support-tickets";
import { replyDraft } from "./tools/draft-support-reply";
import { ticketUpdate } from "./tools/update-support-ticket";
import { newTicket } from "./tools/create-support-ticket";
import { alertDecision } from "./tools/decide-alert";
import { campaigns } from "./tools/propose-campaigns";
import { copyDraft } from "./tools/draft-product-copy";
import { agentRunDetails } from "./tools/agent-run";
import { agentFindings } from "./tools/agent-findings";
import { agentStatus } from "./tools/agent-status";
import { changeOutcomes } from "./tools/change-outcomes";
import { pendingActions } from "./tools/pending-actions";
import { orderRisk } from "./tools/order-risk";
import { orderRouting } from "./tools/order-routing";
import { analyticsQuery } from "./tools/analytics-query";
import { securityScan } from "./tools/security-scan";
import { complianceStatus } from "./tools/compliance-status";
import { auditLog } from "./tools/audit-log";
import { alertList } from "./tools/alerts";
import { alertExplanation } from "./tools/explain-alert";
import { salesSummary } from "./tools/sales-summary";
import { compareSales } from "./tools/compare-sales-periods";
import { shopOverview } from "./tools/shop-overview";
import { demandForecast } from "./tools/demand-forecast";
import { stockoutRisks } from "./tools/stockout-risks";
import { purchaseOrder } from "./tools/purchase-order";
import { priceSuggestions } from "./tools/price-suggestions";

export { TEXT_LIMIT, formatDay, formatDays, formatMoney, formatNumber, formatPercent, storeText } from "./format";
export { MAX_LINES, toolLabel } from "./format";
import { MAX_LINES, toolLabel } from "./format";
import type { ToolFailure, ToolResult } from "../../core/result";

export interface AnswerOptions {
  /** The shop's currency code (Shop.currencyCode); amounts carry it when known. */
  currency?: string | null;
}

export interface DecisionOutcome {
  status: "applied" | "denied" | "failed" | "not_pending";
  summary?: string;
  changes?: string[];
  error?: string;
}

/** Items listed before "…and N more". */
const LIST_LIMIT = 3;

// ---------- formatting ----------

function finish(lines: string[]): string {
  const kept: string[] = [];
  let count = 0;
  for (const line of lines) {
    if (line.trim() === "") {
      if (kept.length && kept[kept.length - 1] !== "") kept.push("");
      continue;
    }
    if (count === MAX_LINES) break;
    kept.push(line);
    count++;
  }
  while (kept.length && kept[kept.length - 1] === "") kept.pop();
  return kept.join("\n");
}

function formatFor(options: AnswerOptions): Format {
  const money = (amount: number | null | undefined, currency = options.currency) =>
    amount == null || !Number.isFinite(amount) ? "unknown" : formatMoney(amount, currency);
  return { money: (amount) => money(amount), moneyRange: (lo, hi) => `${money(lo, null)}–${money(hi)}` };
}

// ---------- tool names ----------

// ---------- answers ----------

type Writer = (data: never, input: Input, f: Format) => string[];

interface Proposal {
  actionId: string;
  status: string;
  summary: string;
  changes: string[];
}

function isProposal(data: unknown): data is Proposal {
  const d = data as Partial<Proposal> | null;
  return (
    typeof d === "object" &&
    d !== null &&
    typeof d.actionId === "string" &&
    typeof d.summary === "string" &&
    Array.isArray(d.changes)
  );
}

function changeLines(changes: string[], limit = LIST_LIMIT) {
  return [...changes.slice(0, limit).map((c) => `- ${storeText(c, 300)}`), ...more(changes.length, limit)];
}

function proposalLines(tool: string, p: Proposal): string[] {
  const items = plural(p.changes.length, "change");
  if (p.status === "applied") {
    return [
      `**Applied (auto-approved token):** the ${toolLabel(tool)} ${quote(p.summary, 300)} — ${items}:`,
      ...changeLines(p.changes),
    ];
  }
  return [
    `**Waiting for your approval:** I proposed the ${toolLabel(tool)} ${quote(p.summary, 300)} — ${items}, nothing changes until you approve it:`,
    ...changeLines(p.changes),
  ];
}

const WRITERS: Record<string, Writer> = {
  get_shop_overview: shopOverview.write,

  list_pending_actions: pendingActions.write,

  get_change_outcomes: changeOutcomes.write,

  get_sales_summary: salesSummary.write,

  detect_revenue_anomalies: anomalies.write,

  forecast_demand: demandForecast.write,

  get_stockout_risks: stockoutRisks.write,

  suggest_purchase_order: purchaseOrder.write,

  suggest_price_changes: priceSuggestions.write,

  find_trending_products: trending.write,

  find_product_bundles: bundles.write,

  find_dead_stock: deadStock.write,

  find_category_gaps: categoryGaps.write,

  score_order_risk: orderRisk.write,

  suggest_order_routing: orderRouting.write,

  get_customer_segments: segments.write,

  create_support_ticket: newTicket.write,

  list_support_tickets: ticketList.write,

  decide_alert: alertDecision.write,

  update_support_ticket: ticketUpdate.write,

  draft_support_reply: replyDraft.write,

  get_support_metrics: supportMetrics.write,

  // The finance helper's tools; shapes kept local so an output change falls back to the generic answer.
  compare_sales_periods: compareSales.write,

  forecast_revenue: revenueForecast.write,

  get_cash_flow: cashFlow.write,

  run_agent: agentRun.write,

  get_customer_lifetime_value: lifetimeValue.write,

  propose_campaigns: campaigns.write,

  get_campaign_results: campaignResults.write,

  draft_product_copy: copyDraft.write,

  get_security_scan: securityScan.write,

  get_compliance_status: complianceStatus.write,

  ...LOOKUP_WRITERS(),
};

/** Answers for the lookups, the agents' runs and findings, alerts and reports. */
function LOOKUP_WRITERS(): Record<string, Writer> {
  return {
    search_products: productSearch.write,

    get_product: productDetails.write,

    search_orders: orderSearch.write,

    get_order: orderDetails.write,

    search_customers: customerSearch.write,

    list_risky_orders: riskyOrders.write,

    get_agent_status: agentStatus.write,

    get_agent_run: agentRunDetails.write,

    get_agent_findings: agentFindings.write,

    list_alerts: alertList.write,

    explain_alert: alertExplanation.write,

    list_audit_log: auditLog.write,

    run_analytics_query: analyticsQuery.write,
  };
}

// ---------- the generic answer (unknown tools, and tools without a writer) ----------

const PERCENT_WORDS = new Set([
  "pct",
  "percent",
  "percentage",
  "share",
  "rate",
  "ratio",
  "margin",
  "growth",
  "retention",
  "coverage",
  "churn",
  "conversion",
]);
const COUNT_WORDS = new Set([
  "count",
  "units",
  "orders",
  "customers",
  "days",
  "weeks",
  "months",
  "items",
  "products",
  "variants",
  "tickets",
  "alerts",
  "score",
  "z",
  "quantity",
  "hours",
  "limit",
]);
const MONEY_WORDS = new Set([
  "revenue",
  "sales",
  "amount",
  "cost",
  "costs",
  "value",
  "price",
  "spent",
  "profit",
  "cash",
  "inflow",
  "inflows",
  "outflow",
  "outflows",
  "balance",
  "refunded",
  "refunds",
  "discounts",
  "aov",
  "clv",
  "ltv",
  "income",
  "expenses",
  "fees",
  "payouts",
  "taxes",
  "shipping",
  "goods",
]);
const LABEL_KEYS =
  /^(from|to|as ?of|date|day|period|status|level|agent|code|kind|id|query|grade|severity|outcome|action|current|previous|horizon)$|( id| date| at)$/;
const NAME_KEYS = [
  "title",
  "name",
  "product",
  "sku",
  "code",
  "segment",
  "kind",
  "agent",
  "category",
  "channel",
  "customer",
  "period",
  "date",
  "action",
  "id",
];
const TITLE_KEYS = new Set(["title", "headline", "summary", "name"]);

/** Formats a number by what its key says it is (money, a fraction, a count). */
function formatByKey(key: string, value: number, f: Format) {
  const parts = words(key).split(" ");
  const last = parts[parts.length - 1];
  if (PERCENT_WORDS.has(last) && Math.abs(value) <= 10)
    return formatPercent(value, { signed: /change|growth|delta|deviation/.test(key.toLowerCase()) });
  if (COUNT_WORDS.has(last)) return formatNumber(value, 2);
  if (MONEY_WORDS.has(last) || parts.some((p) => MONEY_WORDS.has(p))) return f.money(value);
  return formatNumber(value, 2);
}

function describeArray(key: string, list: unknown[]) {
  const noun = words(key);
  if (list.length === 0) return `no ${noun}`;
  const names = list
    .slice(0, 3)
    .map((item) => {
      if (typeof item === "string" || typeof item === "number") return item;
      if (item && typeof item === "object") {
        const k = NAME_KEYS.find(
          (name) =>
            typeof (item as Record<string, unknown>)[name] === "string" ||
            typeof (item as Record<string, unknown>)[name] === "number",
        );
        return k ? (item as Record<string, unknown>)[k] : undefined;
      }
      return undefined;
    })
    .filter((n) => n !== undefined && n !== "");
  const named = names.length
    ? `: ${names.map((n) => quote(n, 40)).join(", ")}${list.length > names.length ? ", …" : ""}`
    : "";
  return `${formatNumber(list.length, 0)} ${noun}${named}`;
}

function scalarsOf(value: Record<string, unknown>, f: Format, depth: number): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === "number" && Number.isFinite(v)) out.push(`${words(key)} ${formatByKey(key, v, f)}`);
    else if (typeof v === "boolean") out.push(`${words(key)}: ${v ? "yes" : "no"}`);
    else if (typeof v === "string" && LABEL_KEYS.test(words(key)) && v.length <= 60)
      out.push(`${words(key)} ${storeText(v, 40)}`);
    else if (depth > 0 && Array.isArray(v)) out.push(`${words(key)}: ${formatNumber(v.length, 0)}`);
  }
  return out;
}

function genericLines(tool: string, input: Input, data: unknown, f: Format): string[] {
  const from = str(input, "from");
  const to = str(input, "to");
  const head = `**${capitalize(toolLabel(tool))}${from && to ? `, ${storeText(from, 10)} to ${storeText(to, 10)}` : ""}:**`;
  if (data == null) return [`${head} nothing came back.`];
  if (Array.isArray(data)) return [`${head} ${describeArray("items", data)}.`];
  if (typeof data !== "object") return [`${head} ${typeof data === "string" ? quote(data) : storeText(data, 40)}.`];
  const record = data as Record<string, unknown>;
  const title = Object.entries(record).find(([k, v]) => TITLE_KEYS.has(k) && typeof v === "string" && v.trim());
  const bullets: string[] = [];
  const scalars = scalarsOf(record, f, 0);
  for (let i = 0; i < scalars.length; i += 5) bullets.push(`- ${scalars.slice(i, i + 5).join(", ")}`);
  for (const [key, v] of Object.entries(record)) {
    if (Array.isArray(v)) bullets.push(`- ${describeArray(key, v)}`);
    else if (v && typeof v === "object") {
      const inner = scalarsOf(v as Record<string, unknown>, f, 1);
      if (inner.length) bullets.push(`- ${words(key)}: ${inner.slice(0, 6).join(", ")}`);
    }
  }
  if (bullets.length === 0 && !title) return [`${head} the result holds no figures to report.`];
  const shown = bullets.slice(0, MAX_LINES - 1);
  if (bullets.length > shown.length)
    shown[shown.length - 1] = `- …and ${bullets.length - shown.length + 1} more details`;
  return [`${head}${title ? ` ${quote(title[1])}` : ""}`, ...shown];
}

// ---------- failures ----------

const FAILURE_LEADS: Record<string, (label: string) => string> = {
  invalid_input: (l) => `I couldn't run the ${l}: the request was not valid.`,
  not_found: (l) => `I couldn't find what the ${l} needs.`,
  insufficient_data: (l) => `There is not enough data for the ${l} yet.`,
  not_configured: (l) => `The ${l} is not set up yet.`,
  forbidden: (l) => `The ${l} is not allowed with this access.`,
  conflict: (l) => `The ${l} conflicts with the current state.`,
  shopify_error: (l) => `Shopify returned an error for the ${l}.`,
  rate_limited: (l) => `Shopify is limiting requests right now, so the ${l} did not run.`,
  pending: (l) => `The ${l} is still being worked out in the background.`,
  unavailable: (l) => `The ${l} could not be worked out right now.`,
};

const DEFAULT_HINTS: Record<string, string> = {
  insufficient_data: "Sync the store or choose a longer period, then ask again.",
  rate_limited: "Try again in a minute.",
  pending: "Ask again in a minute; the page shows it as soon as it is ready.",
  shopify_error: "Try again; if it keeps failing, check the store's connection on the Shopify page.",
  forbidden: "The merchant can grant access in the app.",
};

/** The failure as a flat { code, message, hint }, whether it came flat or nested under `error`. */
function failureOf(result: ToolResult<unknown>): { code: string; message: string; hint?: string } {
  const nested = (result as { error?: { code?: unknown; message?: unknown; hint?: unknown } }).error;
  const source = (nested && typeof nested === "object" ? nested : result) as Partial<ToolFailure> & {
    code?: unknown;
    message?: unknown;
    hint?: unknown;
  };
  return {
    code: typeof source.code === "string" ? source.code : "error",
    message: typeof source.message === "string" ? source.message : "no reason was given",
    hint: typeof source.hint === "string" && source.hint.trim() ? source.hint : undefined,
  };
}

function failureLines(tool: string, result: ToolResult<unknown>): string[] {
  const failure = failureOf(result);
  const label = toolLabel(tool);
  const lead = FAILURE_LEADS[failure.code]?.(label) ?? `The ${label} did not work.`;
  const hint = failure.hint ?? DEFAULT_HINTS[failure.code];
  return [lead, `Reason: ${storeText(failure.message, 200)}`, ...(hint ? [`What to do: ${storeText(hint, 200)}`] : [])];
}

// ---------- entry points ----------

/** Whether `tool` has its own answer writer (others get the generic summary, or the proposal lines). */
export function hasWriter(tool: string): boolean {
  return tool in WRITERS;
}

/** A short markdown answer (1–6 lines, key figures with units/currency, no invented numbers) for one tool result. */
export function writeAnswer(
  tool: string,
  input: Record<string, unknown>,
  result: ToolResult<unknown>,
  options: AnswerOptions = {},
): string {
  const safeInput = input && typeof input === "object" ? input : {};
  if (!result || result.ok !== true) return finish(failureLines(tool, result));
  const data = result.data;
  // A result that names its currency (e.g. get_cash_flow) is trusted over none at all.
  const ownCurrency =
    data && typeof data === "object" && typeof (data as { currency?: unknown }).currency === "string"
      ? storeText((data as { currency: string }).currency, 5)
      : null;
  const f = formatFor({ currency: options.currency ?? ownCurrency });
  if (isProposal(data)) return finish(proposalLines(tool, data));
  const writer = WRITERS[tool];
  if (writer) {
    try {
      const answer = finish(writer(data as never, safeInput, f));
      if (!/\bNaN\b|\bundefined\b/.test(answer)) return answer;
    } catch {
      // A result shaped unlike the tool's schema (e.g. an older version): report what is there.
    }
  }
  return finish(genericLines(tool, safeInput, data, f));
}

const DECISION_NOUNS: Record<string, string> = {
  propose_price_change: "price change",
  propose_inventory_adjustment: "stock correction",
  propose_discount_code: "discount code",
  propose_fulfillment_hold: "fulfillment hold",
  propose_product_copy: "product copy change",
};

/** After the merchant approved and the change was applied / denied / failed. */
export function writeDecision(tool: string, outcome: DecisionOutcome): string {
  const noun = DECISION_NOUNS[tool] ?? "change";
  const what = outcome.summary ? ` ${quote(outcome.summary, 300)}` : "";
  const changes = outcome.changes ?? [];
  switch (outcome.status) {
    case "applied":
      return finish([
        `**Done:** the ${noun}${what} was applied${changes.length ? ` — ${plural(changes.length, "change")}` : ""}. It can be reverted in the app.`,
        ...changeLines(changes, 4),
      ]);
    case "denied":
      return finish([`Understood: the ${noun}${what} was not applied. Nothing in the store changed.`]);
    case "failed":
      return finish([
        `The ${noun}${what} could not be applied.`,
        `Reason: ${storeText(outcome.error ?? "no reason was given", 200)}`,
        "It is marked as failed; check the store, then I can propose it again.",
      ]);
    case "not_pending":
      return finish([
        `The ${noun}${what} is no longer waiting for approval (it was already decided), so nothing was done.`,
      ]);
    default:
      return finish([
        `The ${noun}${what} has status ${storeText(String((outcome as { status: unknown }).status), 20)}.`,
      ]);
  }
}
