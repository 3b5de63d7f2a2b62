import { describe, expect, it } from "vitest";
import { detectRevenueAnomalies, rollingMedian, type DailyRevenue } from "./anomaly";

// Weekly multipliers Sun..Sat: strong weekend effect, quiet Sunday.
const WEEKLY = [0.7, 1.0, 0.95, 1.0, 1.1, 1.4, 1.3];

function series(days: number, seed = 42): DailyRevenue[] {
  let state = seed;
  const random = () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
  const start = Date.UTC(2025, 0, 6); // a Monday
  return Array.from({ length: days }, (_, i) => {
    const at = new Date(start + i * 86_400_000);
    const level = 1000 + 2 * i; // gentle growth
    const noise = 1 + (random() - 0.5) * 0.1; // +-5%
    return {
      date: at.toISOString().slice(0, 10),
      revenue: Math.round(level * WEEKLY[at.getUTCDay()] * noise * 100) / 100,
    };
  });
}

describe("detectRevenueAnomalies", () => {
  it("does not flag a normal weekly pattern with trend and noise", () => {
    const result = detectRevenueAnomalies(series(70));
    if (!result.ok) throw new Error(result.message);
    expect(result.alerts).toEqual([]);
    // The weekday effects recover the pattern: Friday highest, Sunday lowest.
    const effects = result.weekdayEffects;
    expect(Math.max(...Object.values(effects))).toBe(effects.Fri);
    expect(Math.min(...Object.values(effects))).toBe(effects.Sun);
    // Multiplicative factors (average 1): Friday / Sunday should be about 1.4 / 0.7 = 2.
    expect(effects.Fri / effects.Sun).toBeGreaterThan(1.8);
    expect(effects.Fri / effects.Sun).toBeLessThan(2.2);
    expect(Object.values(effects).reduce((s, e) => s + e, 0) / 7).toBeCloseTo(1, 10);
  });

  it("works additively too: effects sum to zero, a spike is still found", () => {
    const data = series(56);
    data[30] = { ...data[30], revenue: data[30].revenue + 2000 };
    const result = detectRevenueAnomalies(data, { seasonality: "additive" });
    if (!result.ok) throw new Error(result.message);
    expect(Object.values(result.weekdayEffects).reduce((s, e) => s + e, 0)).toBeCloseTo(0, 8);
    expect(result.alerts.map((a) => [a.date, a.direction])).toEqual([[data[30].date, "spike"]]);
    expect(result.alerts[0].deviation).toBeGreaterThan(1800);
    const negative = data.map((d, i) => (i === 3 ? { ...d, revenue: -50 } : d));
    expect(() => detectRevenueAnomalies(negative)).toThrow(/additive/);
  });

  it('"auto" keeps factors for a steady shop and turns additive for a small shop with weeks without a sale', () => {
    const steady = detectRevenueAnomalies(series(56), { seasonality: "auto" });
    expect(steady.ok && steady.seasonality).toBe("multiplicative");
    // A few orders a week, none at all in weeks 3 and 6: every 7-day median there is 0.
    const sparse = series(56).map((d, i) => ({
      ...d,
      revenue: i % 3 === 0 && Math.floor(i / 7) !== 2 && Math.floor(i / 7) !== 5 ? 80 : 0,
    }));
    expect(() => detectRevenueAnomalies(sparse)).toThrow(/positive 7-day median/);
    const result = detectRevenueAnomalies(sparse, { seasonality: "auto" });
    if (!result.ok) throw new Error(result.message);
    expect(result.seasonality).toBe("additive");
    expect(Object.values(result.weekdayEffects).reduce((s, e) => s + e, 0)).toBeCloseTo(0, 8);
  });

  it("finds an injected spike and an injected drop, with direction and expected value", () => {
    const data = series(70);
    const clean = detectRevenueAnomalies(data);
    if (!clean.ok) throw new Error(clean.message);
    data[40] = { ...data[40], revenue: data[40].revenue * 2.5 };
    data[55] = { ...data[55], revenue: data[55].revenue * 0.3 };
    const result = detectRevenueAnomalies(data);
    if (!result.ok) throw new Error(result.message);
    expect(result.alerts.map((a) => [a.date, a.direction])).toEqual([
      [data[40].date, "spike"],
      [data[55].date, "drop"],
    ]);
    const [spike, drop] = result.alerts;
    // The expected value is what the clean series looked like there (within the noise), not the anomaly itself.
    expect(Math.abs(spike.expected - clean.days[40].expected) / clean.days[40].expected).toBeLessThan(0.05);
    expect(spike.deviation).toBeCloseTo(spike.revenue - spike.expected, 10);
    expect(spike.deviationPct!).toBeGreaterThan(1);
    expect(drop.deviationPct!).toBeLessThan(-0.5);
    expect(drop.z).toBeLessThan(-3.5);
  });

  it("finds a drop on the most recent day (edge of the series)", () => {
    const data = series(42);
    data[41] = { ...data[41], revenue: 0 };
    const result = detectRevenueAnomalies(data);
    if (!result.ok) throw new Error(result.message);
    expect(result.alerts.map((a) => [a.date, a.direction])).toEqual([[data[41].date, "drop"]]);
  });

  it("needs at least 28 days", () => {
    const result = detectRevenueAnomalies(series(27));
    expect(result).toMatchObject({ ok: false, reason: "insufficient_data", daysProvided: 27, daysRequired: 28 });
    expect(detectRevenueAnomalies(series(28)).ok).toBe(true);
  });

  it("rejects gaps unless asked to fill them, and malformed dates", () => {
    const data = series(40);
    const gap = [...data.slice(0, 10), ...data.slice(11)];
    expect(() => detectRevenueAnomalies(gap)).toThrow(new RegExp(`no value for ${data[10].date}`));
    const filled = detectRevenueAnomalies(gap, { fillMissingWithZero: true });
    if (!filled.ok) throw new Error(filled.message);
    expect(filled.filledMissingDays).toEqual([data[10].date]);
    expect(filled.alerts.map((a) => [a.date, a.direction])).toEqual([[data[10].date, "drop"]]);
    expect(() => detectRevenueAnomalies([{ date: "2025-02-30", revenue: 1 }])).toThrow(/YYYY-MM-DD/);
    expect(() => detectRevenueAnomalies([data[0], data[0]])).toThrow(/more than once/);
  });

  it("accepts input in any order and computes truncated rolling medians at the edges", () => {
    const data = series(35);
    const a = detectRevenueAnomalies(data);
    const b = detectRevenueAnomalies([...data].reverse());
    expect(b).toEqual(a);
    expect(rollingMedian([5, 1, 9, 3, 7], 3)).toEqual([3, 5, 3, 7, 5]);
  });
});
