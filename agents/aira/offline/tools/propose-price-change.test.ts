// propose_price_change: what must never become a new price, and what still does.
import { describe, expect, it } from "vitest";
import { evalContext } from "../../eval/score";
import { understand, type Understanding } from "../understand";
import { stockNotPrice } from "./propose-price-change";
import { expectTool } from "../expect-tool";

const context = evalContext();
const ask = (text: string) => understand(text, context);
const proposesPrice = (u: Understanding) => u.kind === "tool" && u.tool === "propose_price_change";

describe("a stock count is never a price", () => {
  it("tells count talk from price talk", () => {
    expect(stockNotPrice("the dandy brush count is off, should be 40")).toBe(true);
    expect(stockNotPrice("only 3 units of the cap, make it 19")).toBe(true);
    expect(stockNotPrice("count is fine, but the price should be 19")).toBe(false);
    expect(stockNotPrice("30 in stock at $19.50")).toBe(false);
    expect(stockNotPrice("make the cap 19")).toBe(false);
  });

  it("reads 'count is wrong, should be N' as the on-hand quantity, not a price", () => {
    for (const text of [
      "rubber curry comb count is wrong, should be 25",
      "the count on the hay net is off!! should be 70",
      "Cotton Lunge Line inventory isn't right, should be 9",
    ]) {
      const got = ask(text);
      expect(proposesPrice(got), `${text} -> ${JSON.stringify(got)}`).toBe(false);
    }
    expect(
      expectTool(ask("rubber curry comb count is wrong, should be 25"), "propose_inventory_adjustment"),
    ).toMatchObject({ sku: "GRM-140", quantity: 25 });
  });

  it("asks which product first, and still sets a count once the answer names it", () => {
    const first = ask("tights M count is wrong should be 80");
    expect(first.kind, JSON.stringify(first)).toBe("clarify");
    if (first.kind !== "clarify") return;
    expect(first.options).toEqual(expect.arrayContaining(["Knee Patch Riding Tights", "Winter Riding Tights"]));
    const answered = ask("tights M count is wrong should be 80 the winter ones");
    expect(proposesPrice(answered)).toBe(false);
    expect(expectTool(answered, "propose_inventory_adjustment")).toMatchObject({ sku: "APP-123-M", quantity: 80 });
  });

  it("never takes a figure counted in units as the new price", () => {
    expect(expectTool(ask("the cap is 19 units, price it at 24"), "propose_price_change")).toMatchObject({
      changes: [{ sku: "ACC-148", price: 24 }],
    });
    expect(proposesPrice(ask("only 3 units of the cap, make it 19"))).toBe(false);
  });

  it("still changes a price when a price word is there", () => {
    expect(expectTool(ask("the curry comb price should be 7"), "propose_price_change")).toMatchObject({
      changes: [{ sku: "GRM-140", price: 7 }],
    });
  });
});

describe("prices said in words and typed tersely", () => {
  it("reads money said the way people say it", () => {
    expect(expectTool(ask("set the rubber curry comb to six ninety nine"), "propose_price_change")).toMatchObject({
      changes: [{ sku: "GRM-140", price: 6.99 }],
    });
    expect(expectTool(ask("make the saddle cover thirty two fifty"), "propose_price_change")).toMatchObject({
      changes: [{ sku: "TAC-152", price: 32.5 }],
    });
    expect(
      expectTool(ask("hay net price to nineteen dollars and forty nine cents"), "propose_price_change"),
    ).toMatchObject({
      changes: [{ sku: "STB-144", price: 19.49 }],
    });
  });

  it("takes the reading of a said price near today's price: 'one ninety nine' is 199 for the stirrups, never 1.99", () => {
    // Safety Stirrups are 119 today; the curry comb 6.50.
    expect(expectTool(ask("safety stirrups make them one ninety nine"), "propose_price_change")).toMatchObject({
      changes: [{ sku: "TAC-116", price: 199 }],
    });
    expect(expectTool(ask("put the safety stirrups at one twenty five"), "propose_price_change")).toMatchObject({
      changes: [{ sku: "TAC-116", price: 125 }],
    });
    expect(expectTool(ask("rubber curry comb to five ninety five"), "propose_price_change")).toMatchObject({
      changes: [{ sku: "GRM-140", price: 5.95 }],
    });
  });

  it("asks which is meant when neither reading of a said price is near today's price", () => {
    // The rope halter is 18: neither 3.50 nor 350 is a price it would plausibly move to unasked.
    const result = ask("black rope halter to three fifty");
    expect(proposesPrice(result), JSON.stringify(result)).toBe(false);
    expect(result).toMatchObject({ kind: "clarify", options: ["$3.50", "$350"] });
  });

  it("reads a product named Cap at a new price, and a cap on moves as a limit", () => {
    expect(expectTool(ask("cap to 21.50 please"), "propose_price_change")).toMatchObject({
      changes: [{ sku: "ACC-148", price: 21.5 }],
    });
    const limited = expectTool(ask("suggest price changes and cap moves at 8%"), "suggest_price_changes");
    expect(limited.maxChangePct).toBe(0.08);
  });

  it("answers 'X cheaper? just asking' with the price suggestions for X, never a change", () => {
    expect(expectTool(ask("saddle cover cheaper? only asking"), "suggest_price_changes")).toMatchObject({
      skus: ["TAC-152"],
    });
  });
});
