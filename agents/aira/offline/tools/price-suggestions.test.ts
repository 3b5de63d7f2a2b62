// suggest_price_changes: a cap on each move said as 'no single move bigger than N%'.
import { describe, expect, it } from "vitest";
import { evalContext } from "../../eval/score";
import { understand } from "../understand";
import { expectTool } from "../expect-tool";

const context = evalContext();
const ask = (text: string) => understand(text, context);

describe("suggest_price_changes with a cap on moves", () => {
  it("reads 'no move bigger than N%' and 'no change greater than N%'", () => {
    expect(expectTool(ask("price suggestions please, no move bigger than 7%"), "suggest_price_changes")).toMatchObject({
      maxChangePct: 0.07,
    });
    expect(
      expectTool(ask("suggest new prices with no single change greater than 3 percent"), "suggest_price_changes"),
    ).toMatchObject({ maxChangePct: 0.03 });
  });

  it("keeps a margin floor apart from the cap", () => {
    expect(
      expectTool(ask("suggest prices, keep a 35% margin and no price move bigger than 6%"), "suggest_price_changes"),
    ).toMatchObject({ minMargin: 0.35, maxChangePct: 0.06 });
  });
});
