// Amounts read in the shop's own currency: symbol, and the currency's own minor units.
import { describe, expect, it } from "vitest";
import { money } from "./format";

describe("money", () => {
  it("formats euros with the euro sign and cents", () => {
    expect(money(1234.5, "EUR")).toBe("€1,234.50");
  });

  it("formats yen without decimals (the yen has no minor unit)", () => {
    expect(money(1234.5, "JPY")).toBe("¥1,235");
  });

  it("keeps dollar amounts as they were", () => {
    expect(money(1234.5, "USD")).toBe("$1,234.50");
    expect(money(0, "USD")).toBe("$0.00");
  });
});
