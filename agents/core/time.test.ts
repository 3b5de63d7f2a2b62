import { describe, expect, it } from "vitest";
import { roundMoney, roundTo } from "./money";
import {
  addDays,
  DAY_MS,
  dayStart,
  daysBefore,
  daysBetween,
  epochDay,
  fromEpochDay,
  HOUR_MS,
  isoDay,
  nextDay,
} from "./time";

describe("time helpers", () => {
  it("name days in UTC and step across month, year and leap-day boundaries", () => {
    expect(DAY_MS).toBe(86_400_000);
    expect(HOUR_MS * 24).toBe(DAY_MS);
    expect(isoDay(new Date("2026-12-06T23:59:59.999Z"))).toBe("2026-12-06");
    expect(isoDay(Date.parse("2026-12-07T00:00:00Z"))).toBe("2026-12-07");
    expect(dayStart("2026-12-06").toISOString()).toBe("2026-12-06T00:00:00.000Z");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2026-01-31", 30)).toBe("2026-03-02");
    expect(daysBetween("2026-11-06", "2026-12-06")).toBe(30);
    expect(daysBetween("2026-12-06", "2026-11-06")).toBe(-30);
    expect(daysBefore(new Date("2026-12-06T12:00:00Z"), 2).toISOString()).toBe("2026-12-04T12:00:00.000Z");
    expect(fromEpochDay(epochDay(new Date("2026-12-06T18:00:00Z")))).toBe("2026-12-06");
    expect(epochDay(0)).toBe(0);
  });

  it("round money to cents and figures to any precision", () => {
    expect(roundMoney(1.005 + 2.1)).toBe(3.11);
    expect(roundMoney(19.999)).toBe(20);
    expect(roundTo(0.12345, 3)).toBe(0.123);
    expect(roundTo(1234.5, 0)).toBe(1235);
  });
});
