// Tool-module readings added after blind batch m (issue #20), each checked with sentences the batch does
// not contain, on the rules alone (no learned model), so the rule itself is what is tested.
import { describe, expect, it } from "vitest";
import { evalContext } from "../../eval/score";
import { understand } from "../understand";
import { expectTool } from "../expect-tool";

const rulesOnly = evalContext(undefined, null);
const ask = (text: string) => understand(text, rulesOnly);

describe("product look-ups", () => {
  it("answers today's price of a named product with the product, by SKU when one variant is named", () => {
    expect(expectTool(ask("how much is the lunge line these days?"), "get_product")).toHaveProperty("productId");
    expect(expectTool(ask("what are we charging for the full gel half pad"), "get_product")).toEqual({
      sku: "PAD-103-FUL",
    });
    expect(expectTool(ask("what's the fly mask going for right now"), "get_product")).toHaveProperty("productId");
  });

  it("keeps price advice and sales questions away from the look-up", () => {
    expect(expectTool(ask("what should I be charging for the fly mask?"), "suggest_price_changes")).toBeTruthy();
    expect(expectTool(ask("what do you think the lunge line should cost?"), "suggest_price_changes")).toBeTruthy();
    const sales = ask("how much is the hoof oil making this month");
    expect(sales.kind === "tool" && sales.tool === "get_product").toBe(false);
  });

  it("reads stock above a count as a minimum on hand, and a price limit beside it", () => {
    expect(expectTool(ask("items with at least 30 in stock over $50"), "search_products")).toEqual({
      minStock: 30,
      minPrice: 50,
    });
    expect(expectTool(ask("anything cheaper than $15 with over 40 units on hand?"), "search_products")).toEqual({
      minStock: 41,
      maxPrice: 15,
    });
  });
});

describe("orders", () => {
  it("reads orders between two named days that are not fulfilled", () => {
    expect(
      expectTool(ask("which orders from Thanksgiving to Black Friday have not been dispatched?"), "search_orders"),
    ).toEqual({ fulfillment: "unfulfilled", from: "2025-11-27", to: "2025-11-28" });
  });
});

describe("reports and history", () => {
  it("reads changes already applied as the applied actions", () => {
    expect(expectTool(ask("which updates have been applied since friday"), "list_pending_actions")).toEqual({
      status: "applied",
    });
  });

  it("leaves read-only look-ups out of the audit log when asked", () => {
    expect(expectTool(ask("show me the audit log but skip the reads"), "list_audit_log")).toEqual({ reads: false });
    expect(expectTool(ask("who changed what yesterday? just the store changes"), "list_audit_log")).toMatchObject({
      reads: false,
    });
    expect(expectTool(ask("show me the audit log"), "list_audit_log")).not.toHaveProperty("reads");
  });

  it("reads 'did the price rise ... make a difference' with the product between as the change's outcome", () => {
    expect(
      expectTool(
        ask("did the price rise on the show jacket last week really make a difference"),
        "get_change_outcomes",
      ),
    ).toEqual({ kind: "price.update" });
  });

  it("reads days where takings looked out of line as anomalies over the window named", () => {
    expect(
      expectTool(ask("any days in the last 90 days where revenue was way off?"), "detect_revenue_anomalies"),
    ).toEqual({
      days: 90,
    });
  });

  it("reads clients or people buying again as the repeat rate", () => {
    expect(expectTool(ask("how many people ordered again"), "run_analytics_query")).toEqual({ query: "repeat_rate" });
    expect(expectTool(ask("share of clients who bought a second time"), "run_analytics_query")).toMatchObject({
      query: "repeat_rate",
    });
  });

  it("reads a VIP or loyalty push as campaign ideas", () => {
    expect(expectTool(ask("plan a loyalty drive for our regulars"), "propose_campaigns")).toEqual({ kinds: ["vip"] });
  });

  it("reads a purchase plan with a hyphenated lead time", () => {
    expect(expectTool(ask("draw up a purchase plan, 10-day lead time"), "suggest_purchase_order")).toEqual({
      leadTimeDays: 10,
    });
  });
});

describe("holds and the overview", () => {
  it("reads 'stop the shipment' for a named order as a hold", () => {
    expect(expectTool(ask("order 1240, stop the shipment, wrong address"), "propose_fulfillment_hold")).toEqual({
      orderName: "#1240",
      hold: true,
      reason: "INCORRECT_ADDRESS",
    });
  });

  it("reads how the shop was going as the overview", () => {
    expect(expectTool(ask("can you say how our shop was going the past 3 weeks"), "get_shop_overview")).toEqual({
      days: 21,
    });
  });
});

describe("support tickets", () => {
  it("takes a quoted customer message as the new ticket's body", () => {
    const input = expectTool(
      ask('log a ticket, jane@example.com wrote "the bridle I got is the wrong size, can I swap it?" please'),
      "create_support_ticket",
    );
    expect(input.body).toBe("the bridle I got is the wrong size, can I swap it?");
    expect(input.email).toBe("jane@example.com");
  });
});

describe("stock added without a count", () => {
  it("asks how many units came in, and the answer completes the delta", () => {
    const asked = ask("add some stock to the dandy brush");
    expect(asked.kind).toBe("clarify");
    if (asked.kind === "clarify") expect(asked.question).toMatch(/how many units .* came in/i);
    expect(expectTool(ask("add some stock to the dandy brush 7"), "propose_inventory_adjustment")).toMatchObject({
      sku: "GRM-141",
      adjustBy: 7,
    });
  });
});
