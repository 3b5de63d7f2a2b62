import { describe, expect, it } from "vitest";
import { allTools } from "../../../tools";
import { evalContext } from "../../eval/score";
import { writeAnswer } from "../answer";
import { understand } from "../understand";
import { cashFlow } from "./cash-flow";
import { deadStock } from "./dead-stock";
import { riskyOrders } from "./risky-orders";
import { supportMetrics } from "./support-metrics";
import { trending } from "./find-trending";
import { bundles } from "./product-bundles";
import { categoryGaps } from "./category-gaps";
import { anomalies } from "./revenue-anomalies";
import { segments } from "./customer-segments";
import { lifetimeValue } from "./lifetime-value";
import { revenueForecast } from "./revenue-forecast";
import { campaignResults } from "./campaign-results";
import { salesSummary } from "./sales-summary";
import { compareSales } from "./compare-sales-periods";
import { shopOverview } from "./shop-overview";
import { demandForecast } from "./demand-forecast";
import { stockoutRisks } from "./stockout-risks";
import { purchaseOrder } from "./purchase-order";
import { priceSuggestions } from "./price-suggestions";
import { analyticsQuery } from "./analytics-query";
import { securityScan } from "./security-scan";
import { complianceStatus } from "./compliance-status";
import { auditLog } from "./audit-log";
import { alertList } from "./alerts";
import { alertExplanation } from "./explain-alert";
import { agentFindings } from "./agent-findings";
import { agentStatus } from "./agent-status";
import { changeOutcomes } from "./change-outcomes";
import { pendingActions } from "./pending-actions";
import { orderRisk } from "./order-risk";
import { orderRouting } from "./order-routing";
import { agentRun } from "./agent-run";

const modules = [
  supportMetrics,
  deadStock,
  cashFlow,
  riskyOrders,
  trending,
  bundles,
  categoryGaps,
  anomalies,
  segments,
  lifetimeValue,
  revenueForecast,
  campaignResults,
  salesSummary,
  compareSales,
  shopOverview,
  demandForecast,
  stockoutRisks,
  purchaseOrder,
  priceSuggestions,
  analyticsQuery,
  securityScan,
  complianceStatus,
  auditLog,
  alertList,
  alertExplanation,
  agentFindings,
  agentStatus,
  changeOutcomes,
  pendingActions,
  orderRisk,
  orderRouting,
];

describe("one module per tool", () => {
  it("names a registered tool, and every rule of a module chooses that tool only", () => {
    for (const m of modules) {
      expect(allTools.some((t) => t.name === m.name)).toBe(true);
      expect(m.rules.length).toBeGreaterThan(0);
      expect(new Set(m.rules.map((r) => r.tool))).toEqual(new Set([m.name]));
    }
  });

  it("understands through the module's rules and builder", () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ["how fast are we answering tickets, last 14 days", "get_support_metrics", { days: 14 }],
      ["dead stock, nothing sold for 120 days", "find_dead_stock", { noSalesDays: 120 }],
      ["cash flow for november", "get_cash_flow", { from: "2025-11-01", to: "2025-11-30" }],
      ["any suspicious orders I should hold?", "list_risky_orders", {}],
      ["what's trending over the last 8 weeks?", "find_trending_products", { weeks: 8 }],
      ["bundles bought together at least 10 orders", "find_product_bundles", { minCount: 10 }],
      ["category gaps by revenue", "find_category_gaps", { measure: "revenue" }],
      ["any weird revenue days in the last 60 days?", "detect_revenue_anomalies", { days: 60 }],
      ["customer segments over the last 180 days", "get_customer_segments", { days: 180 }],
      ["top 15 customers by lifetime value", "get_customer_lifetime_value", { limit: 15 }],
      ["what will revenue look like over the next 8 weeks?", "forecast_revenue", { horizonDays: 56 }],
      ["did the code WINTER10 pay off?", "get_campaign_results", { code: "WINTER10" }],
      ["sales for november by week", "get_sales_summary", { from: "2025-11-01", to: "2025-11-30", by: "week" }],
      [
        "compare november vs october",
        "compare_sales_periods",
        { from: "2025-11-01", to: "2025-11-30", previousFrom: "2025-10-01", previousTo: "2025-10-31" },
      ],
      ["how's business?", "get_shop_overview", {}],
      ["demand forecast for all products, next 60 days", "forecast_demand", { horizonDays: 60 }],
      ["what will run out in the next 2 weeks?", "get_stockout_risks", { withinDays: 14 }],
      ["what should I reorder? lead time 14 days", "suggest_purchase_order", { leadTimeDays: 14 }],
      ["price suggestions, keep margin above 40%", "suggest_price_changes", { minMargin: 0.4 }],
      [
        "top 10 best sellers last month",
        "run_analytics_query",
        { query: "revenue_by_product", from: "2025-11-01", to: "2025-11-30", limit: 10 },
      ],
      ["run a security scan", "get_security_scan", {}],
      ["are we gdpr compliant?", "get_compliance_status", {}],
      ["show me the audit log", "list_audit_log", {}],
      ["show resolved alerts", "list_alerts", { status: "resolved" }],
      ["explain the latest alert", "explain_alert", {}],
      ["what have the agents flagged?", "get_agent_findings", {}],
      ["when did the store sync last run?", "get_agent_status", { agent: "store-sync" }],
      ["how did the price change do?", "get_change_outcomes", { kind: "price.update" }],
      ["anything waiting for my approval?", "list_pending_actions", { status: "pending" }],
      ["is order #1042 fraud?", "score_order_risk", { orderName: "#1042" }],
      ["which warehouse should #1042 ship from?", "suggest_order_routing", { orderName: "#1042" }],
    ];
    for (const [text, tool, input] of cases)
      expect(understand(text, evalContext())).toEqual({ kind: "tool", tool, input });
  });

  it("writeAnswer, the entry point AIRA and MCP call, answers with the module's writer", () => {
    const data = {
      tickets: 4,
      byStatus: { open: 1, solved: 3 },
      medianFirstResponseHours: 2.5,
      medianResolutionHours: 20,
      awaitingFirstResponse: 1,
    };
    const answer = writeAnswer("get_support_metrics", { days: 7 }, { ok: true, data } as never);
    const lines = supportMetrics.write(data as never, { days: 7 }, { money: String, moneyRange: String });
    expect(lines[0]).toBe("**4 tickets in the last 7 days:** open 1, solved 3.");
    for (const line of lines) expect(answer).toContain(line);
  });

  it("answers get_agent_run (no rules or builder: nothing asks for it offline) with its module's writer", () => {
    const data = {
      runId: "run_1",
      agent: "inventory-forecasting",
      status: "succeeded",
      progress: 100,
      message: null,
      trigger: "merchant",
      queuedAt: "2025-12-09T08:00:00.000Z",
      startedAt: "2025-12-09T08:00:01.000Z",
      finishedAt: "2025-12-09T08:01:00.000Z",
      summary: "2 variants may run out",
      error: null,
      findings: [{ id: "f1", kind: "stockout_risk", title: "Hoof oil runs out in 9 days", status: "open" }],
      findingsTotal: 1,
    };
    const answer = writeAnswer("get_agent_run", { runId: "run_1" }, { ok: true, data } as never);
    const lines = agentRun.write(data as never, { runId: "run_1" }, { money: String, moneyRange: String });
    expect(lines[0]).toBe(
      "This inventory forecasting run finished on Dec 9, 2025. It found: “2 variants may run out”.",
    );
    expect(answer.split("\n")).toEqual(lines);
  });

  it("plans a second call for 'and put them 20% off' (the variants found), never for a thought about it", () => {
    expect(understand("find my slow movers and put them 20% off", evalContext())).toEqual({
      kind: "tool",
      tool: "find_dead_stock",
      input: {},
      then: { tool: "propose_price_change", takes: "foundVariants", percent: -20 },
    });
    expect(understand("Find my slow movers, I'm thinking of putting them 20% off", evalContext())).toEqual({
      kind: "tool",
      tool: "find_dead_stock",
      input: {},
    });
  });
});
