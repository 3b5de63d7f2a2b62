// search_products by stock on hand: 'N units or fewer', 'down to N units'.
import { describe, expect, it } from "vitest";
import { evalContext } from "../../eval/score";
import { understand } from "../understand";
import { expectTool } from "../expect-tool";

const context = evalContext();
const ask = (text: string) => understand(text, context);

describe("search_products by units left", () => {
  it("reads 'N units or fewer' and 'down to N units' as at most N", () => {
    expect(expectTool(ask("show products with 4 units or less"), "search_products")).toMatchObject({ maxStock: 4 });
    expect(expectTool(ask("what's down to 1 unit?"), "search_products")).toMatchObject({ maxStock: 1 });
    expect(expectTool(ask("list variants that are down to 3 pieces"), "search_products")).toMatchObject({
      maxStock: 3,
    });
  });

  it("does not read a price 'down to N' as stock", () => {
    const got = ask("paddock boots down to 119");
    expect(got.kind === "tool" ? got.tool : got.kind).toBe("propose_price_change");
  });
});
