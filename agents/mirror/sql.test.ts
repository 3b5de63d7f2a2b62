import { describe, expect, it } from "vitest";
import { sqlLiteral } from "./sql";

describe("sqlLiteral", () => {
  it("quotes strings so that no value can end the literal, for each provider", () => {
    expect(sqlLiteral("O'Brien", "sqlite")).toBe("'O''Brien'");
    expect(sqlLiteral("a\\'); DROP TABLE x; --", "sqlite")).toBe("'a\\''); DROP TABLE x; --'");
    // PostgreSQL E'' strings: backslashes doubled too, whatever standard_conforming_strings says.
    expect(sqlLiteral("a\\'); DROP TABLE x; --", "postgresql")).toBe("E'a\\\\''); DROP TABLE x; --'");
    expect(sqlLiteral("nul\0byte", "sqlite")).toBe("'nul\uFFFDbyte'");
    expect(sqlLiteral("ünïcødé ✓", "postgresql")).toBe("E'ünïcødé ✓'");
  });

  it("writes numbers, booleans, dates and null plainly and refuses anything else", () => {
    expect(sqlLiteral(12.5, "sqlite")).toBe("12.5");
    expect(sqlLiteral(-3, "postgresql")).toBe("-3");
    expect(sqlLiteral(null, "sqlite")).toBe("NULL");
    expect(sqlLiteral(undefined, "sqlite")).toBe("NULL");
    expect(sqlLiteral(true, "sqlite")).toBe("1");
    expect(sqlLiteral(false, "postgresql")).toBe("false");
    expect(sqlLiteral(new Date("2025-03-04T05:06:07.089Z"), "sqlite")).toBe("'2025-03-04T05:06:07.089+00:00'");
    expect(() => sqlLiteral(Number.NaN, "sqlite")).toThrow(/finite/);
    expect(() => sqlLiteral(Infinity, "sqlite")).toThrow(/finite/);
    expect(() => sqlLiteral(new Date("nope"), "sqlite")).toThrow(/invalid date/);
    expect(() => sqlLiteral({ a: 1 }, "sqlite")).toThrow(/object/);
    expect(() => sqlLiteral(10n, "sqlite")).toThrow(/bigint/);
  });
});
