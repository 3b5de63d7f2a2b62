// Issue #20's findings, each as a case: what a new merchant typed on the local store, and what the
// offline model must make of it. A question never becomes a store change; a product's digits are
// not values; deliveries are deltas at a location; a half-matching name is asked about; a
// customer segment is not dropped silently; asking about an agent never starts it.
import { describe, expect, it } from "vitest";
import { inputSchema } from "../eval/score";
import { understand, type CatalogEntry, type UnderstandContext, type Understanding } from "./understand";

const catalog: CatalogEntry[] = [
  {
    productId: "1",
    variantId: "11",
    sku: "SHAKRA-7",
    title: "7 Shakra Bracelet",
    variantTitle: "Default Title",
    price: 42.99,
    inventory: 5,
  },
  {
    productId: "2",
    variantId: "21",
    sku: "BANGLE-1",
    title: "Bangle Bracelet",
    variantTitle: "Default Title",
    price: 39.99,
    inventory: 3,
    locations: [
      { id: "61", name: "Main Warehouse", available: 2 },
      { id: "62", name: "Shop Floor", available: 1 },
    ],
  },
  {
    productId: "3",
    variantId: "31",
    sku: "OBS-M",
    title: "Ocean Blue Shirt",
    variantTitle: "M",
    price: 50,
    inventory: 12,
  },
  {
    productId: "4",
    variantId: "41",
    sku: "CRS-1",
    title: "Chequered Red Shirt",
    variantTitle: "Default Title",
    price: 50,
    inventory: 4,
  },
];
const context: UnderstandContext = {
  now: new Date("2026-11-20T12:00:00Z"),
  catalog,
  agents: ["store-sync", "inventory-forecasting", "pricing-optimizer", "order-fulfillment"],
};
const ask = (text: string) => understand(text, context);
const CHANGES = /^propose_|^run_agent$/;

function toolOf(result: Understanding) {
  expect(result.kind, JSON.stringify(result)).toBe("tool");
  if (result.kind !== "tool") throw new Error("not a tool call");
  const parsed = inputSchema(result.tool)!.safeParse(result.input);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  return result;
}

describe("a question never changes the store", () => {
  it("asking what price to charge suggests prices instead of proposing one", () => {
    const result = toolOf(ask("What price should I charge for the 7 Shakra Bracelet to make more profit?"));
    expect(result.tool).toBe("suggest_price_changes");
    expect(result.input).toEqual({ skus: ["SHAKRA-7"] });
  });

  it("a question with a price asks before proposing; 'yes' after it proposes", () => {
    const question = ask("should I set the Bangle Bracelet to 45?");
    expect(question.kind).toBe("clarify");
    const confirmed = toolOf(ask("should I set the Bangle Bracelet to 45? yes, propose it"));
    expect(confirmed).toMatchObject({
      tool: "propose_price_change",
      input: { changes: [{ sku: "BANGLE-1", price: 45 }] },
    });
  });

  it("polite commands still propose", () => {
    expect(toolOf(ask("can you set the Bangle Bracelet to 45?")).tool).toBe("propose_price_change");
    expect(toolOf(ask("please lower the Ocean Blue Shirt to 45")).tool).toBe("propose_price_change");
  });

  it("no question in the issue's list produces a change", () => {
    for (const text of [
      "What price should I charge for the 7 Shakra Bracelet to make more profit?",
      "When did the forecasting agent last run?",
      "is the sync up to date?",
      "Any suspicious orders I should hold?",
      "how much stock of the bangle bracelet do we have?",
      "should we run the pricing optimizer?",
    ]) {
      const result = ask(text);
      expect(result.kind === "tool" && CHANGES.test(result.tool), `${text} -> ${JSON.stringify(result)}`).toBe(false);
    }
  });
});

describe("numbers in a product's name are never values", () => {
  it("the 7 of 7 Shakra Bracelet is neither a price nor a quantity", () => {
    expect(toolOf(ask("set the 7 Shakra Bracelet to 45")).input).toMatchObject({
      changes: [{ sku: "SHAKRA-7", price: 45 }],
    });
    // With no other number, there is no price to set: ask for it.
    expect(ask("change the price of the 7 Shakra Bracelet")).toMatchObject({ kind: "clarify" });
  });
});

describe("deliveries are units added at one location", () => {
  it("asks which location when the variant is stocked at several, with their stock", () => {
    const question = ask("We got 20 more Bangle Bracelets in today, add them to stock");
    expect(question).toEqual({
      kind: "clarify",
      question: expect.stringMatching(
        /Main Warehouse \(2\), Shop Floor \(1\)\. Which location should the 20 units go to\?/,
      ),
      options: ["Main Warehouse", "Shop Floor"],
    });
  });

  it("proposes +20 at the location named or picked, never a new total", () => {
    expect(toolOf(ask("We got 20 more Bangle Bracelets in today, add them to stock Main Warehouse")).input).toEqual({
      sku: "BANGLE-1",
      adjustBy: 20,
      reason: "received",
      locationId: "61",
    });
    expect(
      toolOf(ask("We got 20 more Bangle Bracelets in today, add them to stock the second one")).input,
    ).toMatchObject({ adjustBy: 20, locationId: "62" });
    expect(toolOf(ask("add 5 shakra bracelets")).input).toEqual({ sku: "SHAKRA-7", adjustBy: 5, reason: "received" });
  });

  it("removing more than a location holds is asked about", () => {
    expect(ask("3 bangle bracelets broke at the shop floor")).toMatchObject({
      kind: "clarify",
      question: expect.stringMatching(/1 on hand at Shop Floor/),
    });
  });
});

describe("a product is changed only when the match is unambiguous", () => {
  it("a name that only shares a word with a product is asked about, with the candidates", () => {
    expect(ask("set the Ocean Breeze Hoodie to 45")).toEqual({
      kind: "clarify",
      question:
        'I can\'t find a product called "Ocean Breeze Hoodie". Which product do you want to change the price of?',
      options: ["Ocean Blue Shirt"],
    });
    expect(ask("Ocean Breeze Hoodie to 45")).toMatchObject({ kind: "clarify", options: ["Ocean Blue Shirt"] });
    // Picking the candidate completes the command.
    expect(toolOf(ask("set the Ocean Breeze Hoodie to 45 Ocean Blue Shirt")).input).toMatchObject({
      changes: [{ sku: "OBS-M", price: 45 }],
    });
  });

  it("two products that fit equally are asked about", () => {
    expect(ask("set the shirt to 45")).toMatchObject({
      kind: "clarify",
      options: expect.arrayContaining(["Ocean Blue Shirt", "Chequered Red Shirt"]),
    });
  });
});

describe("qualifiers are kept", () => {
  it("a code for VIP customers says who it is meant for, so the card can say it works for everyone", () => {
    expect(toolOf(ask("15 % code for our VIP customers")).input).toMatchObject({
      audience: "VIP customers",
      percentOff: 15,
    });
    expect(toolOf(ask("create a 10% code")).input).not.toHaveProperty("audience");
  });
});

describe("asking about an agent reads its last run", () => {
  it("never starts it", () => {
    expect(toolOf(ask("When did the forecasting agent last run?"))).toMatchObject({
      tool: "get_agent_status",
      input: { agent: "inventory-forecasting" },
    });
    expect(toolOf(ask("is the sync up to date?"))).toMatchObject({
      tool: "get_agent_status",
      input: { agent: "store-sync" },
    });
    expect(toolOf(ask("forecasting agent status")).tool).toBe("get_agent_status");
    expect(toolOf(ask("run the forecasting agent"))).toMatchObject({
      tool: "run_agent",
      input: { agent: "inventory-forecasting" },
    });
  });
});

describe("AIRA finds things itself", () => {
  it("resolves risky orders, the latest ticket, best sellers, a product, an order, a customer", () => {
    expect(toolOf(ask("Any suspicious orders I should hold?")).tool).toBe("list_risky_orders");
    expect(ask("draft a reply to the latest ticket")).toEqual({
      kind: "tool",
      tool: "list_support_tickets",
      input: { limit: 1 },
      then: { tool: "draft_support_reply", takes: "latestTicket" },
    });
    expect(toolOf(ask("my best sellers")).input).toMatchObject({ query: "revenue_by_product" });
    expect(toolOf(ask("look up the bracelet"))).toMatchObject({
      tool: "search_products",
      input: { query: "bracelet" },
    });
    expect(toolOf(ask("details of the bangle bracelet"))).toMatchObject({
      tool: "get_product",
      input: { productId: "2" },
    });
    expect(toolOf(ask("what's in order 1042"))).toMatchObject({ tool: "get_order", input: { name: "#1042" } });
    expect(toolOf(ask("orders from Anna Berg"))).toMatchObject({
      tool: "search_orders",
      input: { customer: "Anna Berg" },
    });
    expect(toolOf(ask("latest order"))).toMatchObject({ tool: "search_orders", input: { limit: 1 } });
    expect(toolOf(ask("who is anna@example.com"))).toMatchObject({
      tool: "search_customers",
      input: { query: "anna@example.com" },
    });
    expect(toolOf(ask("products under $40"))).toMatchObject({ tool: "search_products", input: { maxPrice: 40 } });
  });
});
