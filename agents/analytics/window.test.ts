// The one definition of a window: whole shop-local days, "last N days" ending yesterday, custom
// ranges validated with a clear message, the previous period of equal length.
import { describe, expect, it } from "vitest";
import { localDay, localDayStart } from "../core/time";
import { lastDays, parseWindow, previousWindow, todaySoFar, windowLabel } from "./window";

const NY = "America/New_York";
// 03:30 UTC on Dec 6 is still Dec 5 in New York.
const LATE = new Date("2026-12-06T03:30:00Z");

describe("windows of shop-local days", () => {
  it("'last 30 days' are the 30 complete local days before today", () => {
    expect(lastDays(30, LATE, NY)).toMatchObject({ from: "2026-11-05", to: "2026-12-04", days: 30, partial: false });
    expect(lastDays(30, LATE, "UTC")).toMatchObject({ from: "2026-11-06", to: "2026-12-05" });
    expect(lastDays(30, LATE, NY).label).toBe("Nov 5 – Dec 4");
    expect(todaySoFar(LATE, NY)).toMatchObject({ from: "2026-12-05", to: "2026-12-05", days: 1, partial: true });
  });

  it("the previous period has the same length, just before", () => {
    const w = lastDays(7, LATE, NY);
    expect(previousWindow(w, LATE)).toMatchObject({ from: "2026-11-21", to: "2026-11-27", days: 7 });
  });

  it("reads ?days= and ?from=&to=, and falls back to the last 30 days with a message on bad input", () => {
    expect(parseWindow({ days: "7" }, LATE, NY)).toMatchObject({ window: { days: 7, to: "2026-12-04" }, error: null });
    expect(parseWindow({ from: "2026-10-01", to: "2026-10-31" }, LATE, NY)).toMatchObject({
      window: { from: "2026-10-01", to: "2026-10-31", days: 31, label: "Oct 1 – Oct 31" },
      error: null,
    });
    const cases: [Record<string, string>, RegExp][] = [
      [{ days: "abc" }, /not a number of days/],
      [{ days: "2000" }, /from 1 to 1096/],
      [{ from: "2026-02-30", to: "2026-03-01" }, /"2026-02-30" is not a date/],
      [{ from: "2026-10-01" }, /both a start and an end/],
      [{ from: "2026-10-31", to: "2026-10-01" }, /start date is after the end date/],
      [{ from: "2026-12-01", to: "2026-12-09" }, /ends after today \(Dec 5\)/],
      [{ from: "2020-01-01", to: "2026-12-01" }, /at most three years/],
    ];
    for (const [input, message] of cases) {
      const parsed = parseWindow(input, LATE, NY);
      expect(parsed.error).toMatch(message);
      expect(parsed.window).toMatchObject({ from: "2026-11-05", to: "2026-12-04" });
    }
  });

  it("labels show years only when needed", () => {
    expect(windowLabel("2025-12-20", "2026-01-10", "2026-12-05")).toBe("Dec 20, 2025 – Jan 10, 2026");
    expect(windowLabel("2026-03-01", "2026-03-01", "2026-12-05")).toBe("Mar 1");
  });
});

describe("local days across daylight saving", () => {
  it("finds local midnight on both sides of a DST change, and days 23 or 25 hours long", () => {
    expect(localDayStart("2026-03-08", NY).toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(localDayStart("2026-03-09", NY).toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(localDayStart("2026-11-01", NY).toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(localDayStart("2026-11-02", NY).toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(localDay(new Date("2026-11-02T04:59:59Z"), NY)).toBe("2026-11-01");
    expect(localDay(new Date("2026-11-02T05:00:00Z"), NY)).toBe("2026-11-02");
    // São Paulo skipped midnight on 2018-11-04: the day starts at 01:00 local.
    expect(localDayStart("2018-11-04", "America/Sao_Paulo").toISOString()).toBe("2018-11-04T03:00:00.000Z");
  });
});
