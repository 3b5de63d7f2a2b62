import { describe, expect, it } from "vitest";
import { summaryOf } from "../runtime/worker";
import { moneyText, plural, shortDay, variantName } from "./words";

describe("finding words", () => {
  it("names a variant by its product, a product's only variant by the product alone", () => {
    expect(variantName("Bangle Bracelet", "Gold")).toBe("Bangle Bracelet – Gold");
    expect(variantName("Bangle Bracelet", "Default Title")).toBe("Bangle Bracelet");
    expect(variantName("Bangle Bracelet", null)).toBe("Bangle Bracelet");
  });

  it("writes days, counts and money the merchant's way", () => {
    expect(shortDay("2026-12-12")).toBe("Dec 12");
    expect(plural(1, "variant")).toBe("1 variant");
    expect(plural(1052, "unit")).toBe("1,052 units");
    expect(moneyText(1234.5, "USD")).toBe("$1,234.50");
    expect(moneyText(3, null)).toBe("3.00");
  });

  it("takes a run's summary from its result's summary field only", () => {
    expect(summaryOf({ summary: " 3 variants may run out ", atRisk: 3 })).toBe("3 variants may run out");
    expect(summaryOf({ atRisk: 3 })).toBeNull();
    expect(summaryOf({ summary: 3 })).toBeNull();
    expect(summaryOf(null)).toBeNull();
    expect(summaryOf("text")).toBeNull();
  });
});
