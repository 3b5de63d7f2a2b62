import { describe, expect, it } from "vitest";
import { retailCalendar } from "../forecasting";
import { forecastRevenue } from "./revenue-forecast";

// Weekly multipliers Sun..Sat.
const WEEKLY = [0.7, 1.0, 0.95, 1.0, 1.1, 1.4, 1.3];
const START = "2025-01-06"; // a Monday

function revenue(days: number, seed = 7): number[] {
  let state = seed;
  const random = () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
  const start = Date.parse(`${START}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const weekday = new Date(start + i * 86_400_000).getUTCDay();
    return 1000 * WEEKLY[weekday] * (1 + (random() - 0.5) * 0.1);
  });
}

describe("forecastRevenue", () => {
  it("forecasts the weekly pattern with intervals around it, and a total whose band contains the true total", () => {
    const result = forecastRevenue(revenue(210), START, 28);
    if ("ok" in result) throw new Error(result.message);
    expect(result.history).toEqual({ from: START, to: "2025-08-03", days: 210 });
    expect(result.daily).toHaveLength(28);
    expect(result.daily[0].date).toBe("2025-08-04");
    // 2025-08-04 is a Monday (factor 1.0), 2025-08-09 a Saturday (1.3).
    expect(result.daily[0].revenue).toBeGreaterThan(900);
    expect(result.daily[0].revenue).toBeLessThan(1100);
    expect(result.daily[5].revenue / result.daily[6].revenue).toBeGreaterThan(1.6);
    for (const d of result.daily) {
      expect(d.lo95).toBeLessThanOrEqual(d.lo80);
      expect(d.lo80).toBeLessThanOrEqual(d.revenue);
      expect(d.hi80).toBeGreaterThanOrEqual(d.revenue);
      expect(d.hi95).toBeGreaterThanOrEqual(d.hi80);
    }
    const trueTotal = 4 * 1000 * WEEKLY.reduce((s, f) => s + f, 0);
    expect(result.total.lo80).toBeLessThan(trueTotal);
    expect(result.total.hi80).toBeGreaterThan(trueTotal);
    expect(result.total.revenue).toBeCloseTo(
      result.daily.reduce((s, d) => s + d.revenue, 0),
      6,
    );
  });

  it("backtests on the last weeks: small error on a regular series, compared with seasonal naive", () => {
    const series = revenue(210);
    const result = forecastRevenue(series, START, 28);
    if ("ok" in result || "skipped" in result.backtest) throw new Error("expected a backtest");
    const bt = result.backtest;
    expect(bt).toMatchObject({ days: 28, from: "2025-07-07", to: "2025-08-03" });
    expect(bt.actual).toBeCloseTo(
      series.slice(182).reduce((s, v) => s + v, 0),
      6,
    );
    expect(bt.wape).toBeLessThan(0.06); // noise is +-5% uniform: mean absolute 2.5%
    expect(Math.abs(bt.totalError)).toBeLessThan(0.03);
    expect(bt.seasonalNaiveWape).toBeGreaterThan(0);
    expect(bt.coverage80).toBeGreaterThanOrEqual(0.6);
    expect(bt.wape).toBeLessThanOrEqual(bt.seasonalNaiveWape);
    expect(result.method.fellBackToSeasonalNaive).toBe(false);
  });

  it("uses seasonal naive when the engine's model loses to it on the backtest", () => {
    // Revenue doubles a week before the backtest window: repeating last week is right at once,
    // a smoothing model needs weeks to catch up, so the engine's pick loses on the backtest.
    const series = revenue(210).map((v, i) => (i >= 175 ? 2 * v : v));
    const result = forecastRevenue(series, START, 28);
    if ("ok" in result || "skipped" in result.backtest) throw new Error("expected a backtest");
    expect(result.backtest.wape).toBeGreaterThan(result.backtest.seasonalNaiveWape);
    expect(result.method.fellBackToSeasonalNaive).toBe(true);
    expect(result.method.model).toBe("seasonal_naive");
    // Seasonal naive repeats the last observed week, weekday by weekday.
    result.daily.forEach((d, j) => expect(d.revenue).toBeCloseTo(series[210 - 7 + (j % 7)], 9));
  });

  it("forecasts Black Friday with the lift the shop's past Black Fridays showed", () => {
    const start = "2023-01-02";
    const days = 1053; // to 2025-11-19
    const calendar = retailCalendar(start, days);
    const series = revenue(days).map((v, i) => (calendar[i] === "bfcm" ? 3 * v : v));
    const result = forecastRevenue(series, start, 28);
    if ("ok" in result) throw new Error(result.message);
    const day = (iso: string) => result.daily.find((d) => d.date === iso)!.revenue;
    expect(day("2025-11-28") / day("2025-11-21")).toBeGreaterThan(2); // Black Friday vs the Friday before
    expect(day("2025-12-05") / day("2025-11-21")).toBeLessThan(1.2); // and back to normal after Cyber Monday
  });

  it("skips the backtest when holding weeks back would leave too little to fit, and says why", () => {
    const result = forecastRevenue(revenue(60), START, 14);
    if ("ok" in result) throw new Error(result.message);
    expect(result.backtest).toEqual({
      skipped: expect.stringMatching(/holds back 14 days and still needs 56 days to fit; there are 60 days/),
    });
  });

  it("passes on the engine's refusal for a short history instead of a made-up forecast", () => {
    const result = forecastRevenue(revenue(20), START, 14);
    expect(result).toMatchObject({ ok: false, daysAvailable: 20, daysNeeded: 28 });
  });
});
