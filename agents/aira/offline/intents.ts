// Which tool a command asks for: weighted phrase rules summed per tool, plus what the message
// contains (a date, a product, an amount, an order name...). The highest total wins; a near tie
// between tools a merchant could both mean becomes a clarifying question.

import { type Rule, type Signals } from "./kit";
import { revenueForecast } from "./tools/revenue-forecast";
import { campaignResults } from "./tools/campaign-results";
import { supportMetrics } from "./tools/support-metrics";
import { deadStock } from "./tools/dead-stock";
import { cashFlow } from "./tools/cash-flow";
import { riskyOrders } from "./tools/risky-orders";
import { trending } from "./tools/find-trending";
import { bundles } from "./tools/product-bundles";
import { categoryGaps } from "./tools/category-gaps";
import { anomalies } from "./tools/revenue-anomalies";
import { segments } from "./tools/customer-segments";
import { lifetimeValue } from "./tools/lifetime-value";
import { productSearch } from "./tools/search-products";
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
import { copyChange } from "./tools/propose-product-copy";
import { inventoryAdjustment } from "./tools/propose-inventory-adjustment";
import { priceChange } from "./tools/propose-price-change";
import { discountCode } from "./tools/propose-discount-code";
import { fulfillmentHold } from "./tools/propose-fulfillment-hold";
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

export type { Signals } from "./kit";

const RULES: Rule[] = [
  // Sales figures for a period.
  ...salesSummary.rules,

  // Two periods side by side.
  ...compareSales.rules,

  // Demand and revenue forecasts.
  ...demandForecast.rules,
  ...revenueForecast.rules,

  // Stock running out.
  ...stockoutRisks.rules,
  ...purchaseOrder.rules,

  // Purchase orders.

  // Setting on-hand stock.
  ...inventoryAdjustment.rules,

  // Price suggestions (read-only) and price changes (proposals).
  ...priceSuggestions.rules,
  ...priceChange.rules,

  // Discount codes and campaigns.
  ...discountCode.rules,
  ...campaignResults.rules,
  ...campaigns.rules,

  // Agents.
  ...agentRun.rules,

  // Support.
  ...ticketList.rules,
  ...replyDraft.rules,
  ...ticketUpdate.rules,
  ...supportMetrics.rules,
  ...newTicket.rules,

  // Alerts.
  ...alertList.rules,
  ...agentFindings.rules,
  ...alertExplanation.rules,
  ...alertDecision.rules,

  // Research.
  ...trending.rules,
  ...bundles.rules,
  ...deadStock.rules,
  ...categoryGaps.rules,

  // Customers.
  ...segments.rules,
  ...lifetimeValue.rules,

  // Analytics queries.
  ...analyticsQuery.rules,

  // Cash flow.
  ...cashFlow.rules,

  // Security.
  ...securityScan.rules,
  ...complianceStatus.rules,
  ...auditLog.rules,
  ...pendingActions.rules,

  // How applied changes did: "how did the price change do?", "did raising the price work?".
  ...changeOutcomes.rules,

  // Orders.
  ...orderRisk.rules,
  ...fulfillmentHold.rules,
  ...orderRouting.rules,

  // Store overview and anomalies.
  ...shopOverview.rules,
  ...anomalies.rules,

  // Lookups: a product, an order or a customer by what the merchant calls it; risky orders; an agent's last run.
  ...productSearch.rules,
  ...orderSearch.rules,
  ...orderDetails.rules,
  ...customerSearch.rules,
  ...riskyOrders.rules,
  ...agentStatus.rules,

  // Product copy.
  ...copyDraft.rules,
  ...copyChange.rules,
];

/**
 * The text without what the merchant sets aside ("forget the demand forecast", "don't need bundle
 * stuff right now"): those words must not choose the tool.
 */
export function withoutDismissed(text: string): string {
  return text.replace(
    /\b(?:forget(?: about)?|never ?mind|skip|don'?t (?:need|want|care about|bother with)|not (?:interested in|after)|no need for)\s+(?:the\s+|any\s+|about\s+)?[a-z' -]{1,40}?(?=\s*[,.;!?]|\s+(?:right now|for now|today|just|i|and|but|please|pls)\b|$)/g,
    (m) => " ".repeat(m.length),
  );
}

/** Tools in order of preference when two score the same: the order of their first rule above. */
const PRIORITY = [...new Set(RULES.map((rule) => rule.tool))];

export interface IntentScore {
  tool: string;
  score: number;
}

/** Every tool with a positive score, best first. */
export function scoreIntents(text: string, signals: Signals): IntentScore[] {
  const totals = new Map<string, number>();
  const worded = new Set<string>();
  for (const rule of RULES) {
    if (rule.when && !rule.when(signals)) continue;
    if (!rule.all.every((re) => re.test(text))) continue;
    totals.set(rule.tool, (totals.get(rule.tool) ?? 0) + rule.weight);
    if (rule.textual && rule.weight > 0) worded.add(rule.tool);
  }
  return [...totals]
    .filter(([tool, score]) => score > 0 && worded.has(tool))
    .map(([tool, score]) => ({ tool, score }))
    .sort((a, b) => b.score - a.score || PRIORITY.indexOf(a.tool) - PRIORITY.indexOf(b.tool));
}

/** Tool pairs a merchant could both mean; a tie between them is asked about rather than guessed. */
export const CONFUSABLE: [string, string, string][] = [
  ["forecast_demand", "forecast_revenue", "Do you want a revenue forecast, or a demand forecast for a product?"],
];
