// "How did the price change do?": the offline model asks get_change_outcomes and answers with the
// before and after figures the tool returned, and says when it is too early to tell.
import { describe, expect, it } from "vitest";
import { ok } from "../../core/result";
import { evalContext, inputSchema } from "../eval/score";
import { writeAnswer } from "./answer";
import { understand } from "./understand";

const context = evalContext();

function toolOf(text: string) {
  const result = understand(text, context);
  expect(result.kind, JSON.stringify(result)).toBe("tool");
  if (result.kind !== "tool") throw new Error("not a tool call");
  expect(inputSchema(result.tool)!.safeParse(result.input).success).toBe(true);
  return result;
}

const side = (days: number, units: number, revenue: number, margin: number | null) => ({
  days,
  orders: units,
  units,
  revenue,
  margin,
  perDay: {
    orders: units / days,
    units: units / days,
    revenue: revenue / days,
    margin: margin == null ? null : margin / days,
  },
});

describe("how applied changes did", () => {
  it("routes questions about a change's effect to the outcomes tool, narrowed to the kind named", () => {
    expect(toolOf("how did the price change do?")).toMatchObject({
      tool: "get_change_outcomes",
      input: { kind: "price.update" },
    });
    expect(toolOf("did raising the price work?")).toMatchObject({
      tool: "get_change_outcomes",
      input: { kind: "price.update" },
    });
    expect(toolOf("what was the impact of the stock correction")).toMatchObject({
      tool: "get_change_outcomes",
      input: { kind: "inventory.set" },
    });
    expect(toolOf("how have my changes worked out?")).toMatchObject({ tool: "get_change_outcomes", input: {} });
    // Still the other tools.
    expect(toolOf("changes waiting for my approval").tool).toBe("list_pending_actions");
    expect(toolOf("sales last month").tool).toBe("get_sales_summary");
  });

  it("answers with the figures before and after, and the honest note", () => {
    const outcome = {
      actionId: "a1",
      kind: "price.update",
      summary: "Change 1 price(s)",
      status: "applied",
      appliedAt: "2026-06-16T12:00:00.000Z",
      subject: "Trail Boots",
      windowDays: 14,
      daysSinceChange: 14,
      before: side(14, 28, 1400, 700),
      after: side(14, 21, 1260, 735),
      code: null,
      verdict: "better" as const,
      note: "Margin per day up 5% over 14 days each side.",
    };
    const answer = writeAnswer("get_change_outcomes", {}, ok({ outcomes: [outcome] }), { currency: "EUR" });
    expect(answer).toBe(
      [
        "**“Change 1 price(s)”** on “Trail Boots”, applied Jun 16, 2026: Margin per day up 5% over 14 days each side.",
        "- Before: 2 sold, 100.00 EUR (margin 50.00 EUR) a day over 14 days",
        "- After: 1.5 sold, 90.00 EUR (margin 52.50 EUR) a day over 14 days",
      ].join("\n"),
    );
    const early = {
      ...outcome,
      daysSinceChange: 2,
      verdict: "too_early" as const,
      note: "Too early to tell: 2 days since the change (wait for 7).",
    };
    expect(writeAnswer("get_change_outcomes", {}, ok({ outcomes: [early] }))).toContain(
      "Too early to tell: 2 days since the change",
    );
    expect(writeAnswer("get_change_outcomes", {}, ok({ outcomes: [] }))).toBe(
      "No applied price changes, stock corrections or discount codes to measure yet.",
    );
  });
});
