import { describe, expect, it } from "vitest";
import { byWeek, everyDay, shortDay } from "./series";

describe("everyDay", () => {
  it("fills days without orders with zeros, oldest first", () => {
    const days = [
      { day: "2026-03-03", revenue: 30, orders: 2 },
      { day: "2026-03-01", revenue: 10, orders: 1 },
    ];
    expect(everyDay(days, new Date("2026-03-01T18:00:00Z"), "2026-03-04")).toEqual([
      { day: "2026-03-01", revenue: 10, orders: 1 },
      { day: "2026-03-02", revenue: 0, orders: 0 },
      { day: "2026-03-03", revenue: 30, orders: 2 },
      { day: "2026-03-04", revenue: 0, orders: 0 },
    ]);
  });

  it("crosses month ends and DST changes one calendar day at a time", () => {
    const filled = everyDay([], "2026-03-28", "2026-04-02");
    expect(filled.map((d) => d.day)).toEqual([
      "2026-03-28",
      "2026-03-29",
      "2026-03-30",
      "2026-03-31",
      "2026-04-01",
      "2026-04-02",
    ]);
  });

  it("rejects a date it cannot read", () => {
    expect(() => everyDay([], "yesterday", "2026-04-02")).toThrow(/valid dates/);
  });
});

describe("shortDay", () => {
  it("labels ISO days briefly and leaves anything else as text", () => {
    expect(shortDay("2026-11-03")).toBe("Nov 3");
    expect(shortDay(5)).toBe("5");
    expect(shortDay(null)).toBe("");
  });
});

describe("byWeek", () => {
  it("sums whole weeks back from the last day, a partial week first", () => {
    const days = everyDay([], "2026-03-01", "2026-03-16").map((d, i) => ({ ...d, revenue: i + 1, orders: 1 }));
    expect(byWeek(days)).toEqual([
      { day: "2026-03-01", revenue: 3, orders: 2 },
      { day: "2026-03-03", revenue: 3 + 4 + 5 + 6 + 7 + 8 + 9, orders: 7 },
      { day: "2026-03-10", revenue: 10 + 11 + 12 + 13 + 14 + 15 + 16, orders: 7 },
    ]);
  });
});
