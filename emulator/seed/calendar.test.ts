import { describe, expect, it } from "vitest";
import { buildCalendar, localToUtcMs } from "./calendar";
import { DAY_MS, localDateOf, parseIsoDate } from "./dates";
import { Rng } from "./random";

const TZ = "America/New_York";

describe("demand calendar", () => {
  const start = parseIsoDate("2025-01-01");
  const cal = buildCalendar(new Rng(1), start, 730, TZ);

  it("normalises weekly and yearly factors to mean 1 and ends the trend at 1", () => {
    const weekly = Array.from(cal.weekly.slice(0, 7)).reduce((a, b) => a + b, 0) / 7;
    const yearly = Array.from(cal.yearly.slice(0, 365)).reduce((a, b) => a + b, 0) / 365;
    expect(weekly).toBeCloseTo(1, 6);
    expect(yearly).toBeCloseTo(1, 2);
    expect(cal.trend[729]).toBeCloseTo(1, 9);
    expect(cal.trend[0]).toBeLessThan(cal.trend[729]);
    expect(cal.cumulative[730]).toBeCloseTo(
      Array.from(cal.multiplier).reduce((a, b) => a + b, 0),
      6,
    );
  });

  it("plans one Black Friday to Cyber Monday promotion a year, starting on the Friday", () => {
    const bf = cal.promotions.filter((p) => p.code.startsWith("BFCM"));
    expect(bf.map((p) => cal.dates[p.startDay])).toEqual(["2025-11-28", "2026-11-27"]);
    for (const p of bf) expect(p.endDay - p.startDay).toBe(4);
    for (let i = 1; i < cal.promotions.length; i++)
      expect(cal.promotions[i].startDay).toBeGreaterThanOrEqual(cal.promotions[i - 1].endDay);
  });

  it("maps local clock times to UTC across DST changes without going backwards", () => {
    const day = (date: string) => (parseIsoDate(date) - start) / DAY_MS;
    const iso = (d: string, s: number) => new Date(localToUtcMs(cal, day(d), s)).toISOString();
    expect(iso("2025-06-01", 0)).toBe("2025-06-01T04:00:00.000Z");
    expect(iso("2025-12-01", 12 * 3600)).toBe("2025-12-01T17:00:00.000Z");
    // Spring forward on 2026-03-08 at 02:00: 01:59:59 EST, then 03:00 EDT.
    expect(iso("2026-03-08", 7199)).toBe("2026-03-08T06:59:59.000Z");
    expect(iso("2026-03-08", 3 * 3600)).toBe("2026-03-08T07:00:00.000Z");
    expect(iso("2026-03-08", 2.5 * 3600)).toBe("2026-03-08T07:00:00.000Z"); // a clock time that does not exist
    // Fall back on 2025-11-02 at 02:00 EDT: 01:30 is taken at its first (EDT) occurrence.
    expect(iso("2025-11-02", 1.5 * 3600)).toBe("2025-11-02T05:30:00.000Z");
    expect(iso("2025-11-02", 2 * 3600)).toBe("2025-11-02T07:00:00.000Z");
    let previous = -Infinity;
    for (let d = 0; d < 730; d++) {
      for (let s = 0; s < 86_400; s += 900) {
        const t = localToUtcMs(cal, d, s);
        expect(t).toBeGreaterThanOrEqual(previous);
        previous = t;
      }
      expect(localDateOf(localToUtcMs(cal, d, 43_200), TZ)).toBe(cal.dates[d]);
    }
  });
});
