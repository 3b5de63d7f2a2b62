// Periods named for comparisons and forecasts, and connecting outside suppliers (refused).
// Sentences are new (not blind batch n's); now = 2025-12-10.
import { describe, expect, it } from "vitest";
import { evalContext } from "../../eval/score";
import { understand } from "../understand";

const context = evalContext();
const ask = (text: string) => understand(text, context);

describe("the same days of a named earlier period", () => {
  it("goes back to the named month, not one month", () => {
    expect(ask("compare this month so far with the same days of last december")).toMatchObject({
      kind: "tool",
      tool: "compare_sales_periods",
      input: { from: "2025-12-01", to: "2025-12-10", previousFrom: "2024-12-01", previousTo: "2024-12-10" },
    });
  });

  it("still goes one month back for 'the same days last month'", () => {
    expect(ask("this month so far vs the same days last month")).toMatchObject({
      input: { previousFrom: "2025-11-01", previousTo: "2025-11-10" },
    });
  });
});

describe("a forecast with a planned sale", () => {
  it("does not take 'the next month' window for the sale", () => {
    expect(ask("revenue forecast for the next month if we do 20% off from 3 to 6 january")).toMatchObject({
      kind: "tool",
      tool: "forecast_revenue",
      input: { horizonDays: 30, plannedPromotions: [{ from: "2026-01-03", to: "2026-01-06" }] },
    });
  });
});

describe("outside suppliers", () => {
  it("refuses to connect one so orders go to it", () => {
    expect(ask("please link our dropshipping vendor so every order is forwarded to them").kind).toBe("refuse");
    expect(ask("can you integrate with my wholesaler and push the orders over").kind).toBe("refuse");
  });
});

describe("whether an order has shipped", () => {
  it.each([
    ["has order 1190 shipped yet", "#1190"],
    ["the lady on 1192 wants to know, has it been dispatched", "#1192"],
    ["did order 1187 ship", "#1187"],
  ])("%s: the order itself", (text, name) => {
    expect(ask(text)).toMatchObject({ kind: "tool", tool: "get_order", input: { name } });
  });
});
