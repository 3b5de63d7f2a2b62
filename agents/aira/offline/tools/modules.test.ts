import { readdirSync } from "node:fs";
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
import { productSearch } from "./search-products";
import { productDetails } from "./get-product";
import { orderSearch } from "./search-orders";
import { orderDetails } from "./get-order";
import { customerSearch } from "./search-customers";
import { agentRun } from "./run-agent";
import { ticketList } from "./list-support-tickets";
import { replyDraft } from "./draft-support-reply";
import { ticketUpdate } from "./update-support-ticket";
import { newTicket } from "./create-support-ticket";
import { alertDecision } from "./decide-alert";
import { campaigns } from "./propose-campaigns";
import { copyDraft } from "./draft-product-copy";
import { copyChange } from "./propose-product-copy";
import { inventoryAdjustment } from "./propose-inventory-adjustment";
import { priceChange } from "./propose-price-change";
import { discountCode } from "./propose-discount-code";
import { fulfillmentHold } from "./propose-fulfillment-hold";
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
import { agentRunDetails } from "./agent-run";

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
  productSearch,
  orderSearch,
  orderDetails,
  customerSearch,
  agentRun,
  ticketList,
  replyDraft,
  ticketUpdate,
  newTicket,
  alertDecision,
  campaigns,
  copyDraft,
  copyChange,
  inventoryAdjustment,
  priceChange,
  discountCode,
  fulfillmentHold,
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
/** Modules no phrase chooses: another module's builder calls them (get_product from the product look-up). */
const reachedByBuilders = [productDetails];

describe("one module per tool", () => {
  it("names a registered tool, and every rule of a module chooses that tool only", () => {
    for (const m of modules) {
      expect(allTools.some((t) => t.name === m.name)).toBe(true);
      expect(m.rules.length).toBeGreaterThan(0);
      expect(new Set(m.rules.map((r) => r.tool))).toEqual(new Set([m.name]));
    }
    for (const m of reachedByBuilders) {
      expect(allTools.some((t) => t.name === m.name)).toBe(true);
      expect(m.rules).toEqual([]);
    }
  });

  it("every registered tool has exactly one module in this folder, and every module a registered tool", async () => {
    const files = readdirSync(import.meta.dirname).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    const named: string[] = [];
    for (const file of files) {
      const exported = Object.values(await import(/* @vite-ignore */ `./${file}`)) as {
        name?: unknown;
        rules?: unknown;
        write?: unknown;
      }[];
      for (const m of exported)
        if (typeof m === "object" && m && typeof m.name === "string" && ("rules" in m || "write" in m))
          named.push(m.name);
    }
    expect([...named].sort()).toEqual(allTools.map((t) => t.name).sort());
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
      ["products by Acme", "search_products", { vendor: "Acme" }],
      ["show me the hoof oil", "get_product", { productId: "8100000037" }],
      ["orders from sophie@example.com", "search_orders", { customer: "sophie@example.com" }],
      ["order #1042", "get_order", { name: "#1042" }],
      ["who is the customer called Anna Berg", "search_customers", { query: "Anna Berg" }],
      ["run the inventory forecasting agent", "run_agent", { agent: "inventory-forecasting" }],
      ["show open tickets", "list_support_tickets", { status: "open" }],
      [
        "log a ticket for jo@example.com: my parcel never arrived",
        "create_support_ticket",
        { subject: "my parcel never arrived", body: "my parcel never arrived", email: "jo@example.com" },
      ],
      [
        "close ticket cm4x1y2z3a4b5c6d7e8f9g0h",
        "update_support_ticket",
        { ticketId: "cm4x1y2z3a4b5c6d7e8f9g0h", status: "closed" },
      ],
      [
        "snooze alert cm5abcdefghijklmnopqrstu for a week",
        "decide_alert",
        { alertIds: ["cm5abcdefghijklmnopqrstu"], decision: "snooze", snoozeDays: 7 },
      ],
      ["win back campaign ideas", "propose_campaigns", { kinds: ["win_back"] }],
      ["write a product description for the hoof oil", "draft_product_copy", { productId: "8100000037" }],
      [
        "rename the hoof oil to Hoof Oil Deluxe",
        "propose_product_copy",
        { productId: "8100000037", title: "Hoof Oil Deluxe" },
      ],
      [
        "set GRM-137-500ML stock to 12",
        "propose_inventory_adjustment",
        { sku: "GRM-137-500ML", quantity: 12, reason: "correction" },
      ],
      [
        "we received 10 GRM-137-500ML",
        "propose_inventory_adjustment",
        { sku: "GRM-137-500ML", adjustBy: 10, reason: "received" },
      ],
      [
        "raise the hoof oil price to 20",
        "propose_price_change",
        {
          changes: [
            { sku: "GRM-137-500ML", price: 20 },
            { sku: "GRM-137-1L", price: 20 },
          ],
          reason: "Requested in AIRA: Hoof Oil set to $20",
        },
      ],
      [
        "create a 15% code WINTER15",
        "propose_discount_code",
        { code: "WINTER15", percentOff: 15, startsAt: "2025-12-10T14:30:00.000Z" },
      ],
      ["hold order #1042", "propose_fulfillment_hold", { orderName: "#1042", hold: true }],
      ["ok to ship #1042 now", "propose_fulfillment_hold", { orderName: "#1042", hold: false }],
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

  it("a product search with one match answers as that product's details (get_product's writer)", () => {
    const product = {
      title: "Hoof Oil",
      vendor: "Acme",
      status: "ACTIVE",
      variants: [{ title: "500 ml", sku: "GRM-137-500ML", price: 12, cost: 5, stock: 3, stockByLocation: [] }],
    };
    const answer = writeAnswer("search_products", { query: "hoof oil" }, {
      ok: true,
      data: { products: [product], more: false },
    } as never);
    const lines = productDetails.write({ product } as never, {}, { money: String, moneyRange: String });
    expect(lines[0]).toBe("**“Hoof Oil”** by “Acme”: 1 variant.");
    expect(answer.split("\n")[0]).toBe(lines[0]);
    expect(answer).toContain("(SKU GRM-137-500ML) at 12.00, cost 5.00: 3 in stock");
  });

  it("draft a reply to the latest ticket: the ticket list first, then the draft for the newest one", () => {
    expect(understand("draft a reply to the latest ticket", evalContext())).toEqual({
      kind: "tool",
      tool: "list_support_tickets",
      input: { limit: 1 },
      then: { tool: "draft_support_reply", takes: "latestTicket" },
    });
  });

  it("run_agent answers with its module's writer, and a result of another shape falls back to the generic answer", () => {
    const data = { runId: "run_1", agent: "inventory-forecasting", deduplicated: false };
    expect(writeAnswer("run_agent", {}, { ok: true, data } as never)).toBe(
      agentRun.write(data as never, {}, { money: String, moneyRange: String }).join("\n"),
    );
    expect(writeAnswer("run_agent", {}, { ok: true, data } as never)).toContain("inventory forecasting agent");
    expect(() => agentRun.write({ agent: 1 } as never, {}, { money: String, moneyRange: String })).toThrow();
    expect(writeAnswer("run_agent", {}, { ok: true, data: { agent: 1 } } as never)).not.toContain("I started");
  });

  it("a proposal tool's module has rules and a builder only: its answer is the shared proposal answer", () => {
    for (const m of [inventoryAdjustment, priceChange, discountCode, fulfillmentHold, copyChange])
      expect("write" in m).toBe(false);
    const data = {
      actionId: "a1",
      status: "pending",
      summary: "Hoof Oil set to $20",
      changes: ["GRM-137-500ML: 18.00 -> 20.00"],
    };
    expect(writeAnswer("propose_price_change", {}, { ok: true, data } as never)).toContain(
      "**Waiting for your approval:** I proposed the price change “Hoof Oil set to $20”",
    );
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
    const lines = agentRunDetails.write(data as never, { runId: "run_1" }, { money: String, moneyRange: String });
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
