// A stored curve gives back what the stock tools read of a forecast: the daily forecast and the sd of
// every cumulative window (lead-time demand, the 80 % interval of a window), to Float32 precision;
// beyond the stored days the horizon's mean rate with a still growing error.
import { describe, expect, it } from "vitest";
import { cumulativeSd, daysOfCover, forecastSeries, type ForecastResult } from "../forecasting";
import { outcomeOf, packCurve } from "./forecasts";

function forecastOf(seed: number): ForecastResult {
  // Weekly pattern with a trend and some noise: a smooth-demand model with correlated errors.
  let state = seed;
  const noise = () => ((state = (state * 48271) % 2147483647) / 2147483647 - 0.5) * 4;
  const series = Array.from({ length: 200 }, (_, i) => Math.max(0, 5 + i * 0.02 + (i % 7 === 5 ? 4 : 0) + noise()));
  const f = forecastSeries(series, { horizon: 28 });
  if (!f.ok) throw new Error("no forecast");
  return f;
}

const row = (f: ForecastResult) => ({
  variantId: "1",
  computedAt: new Date(),
  firstDate: "2026-12-07",
  horizonDays: f.forecast.length,
  model: f.model,
  message: null,
  curve: packCurve(f),
});

describe("stored forecast curves", () => {
  it("give back the forecast and every window's cumulative error sd", () => {
    for (const seed of [1, 7, 42]) {
      const f = forecastOf(seed);
      const back = outcomeOf(row(f), 28);
      if (!back.ok) throw new Error("not ok");
      expect(back.model).toBe(f.model);
      expect(back.horizon).toBe(28);
      for (let j = 0; j < 28; j++) expect(back.forecast[j]).toBeCloseTo(f.forecast[j], 4);
      for (const days of [1, 7, 14, 21, 28])
        expect(cumulativeSd(back.errorModel, days) / cumulativeSd(f.errorModel, days)).toBeCloseTo(1, 5);
      expect(daysOfCover(40, back.forecast).days).toBeCloseTo(daysOfCover(40, f.forecast).days, 4);
    }
  });

  it("reach a longer window with the horizon's mean rate and a growing error", () => {
    const f = forecastOf(3);
    const back = outcomeOf(row(f), 45);
    if (!back.ok) throw new Error("not ok");
    const mean = f.forecast.reduce((a, b) => a + b, 0) / 28;
    expect(back.forecast).toHaveLength(45);
    expect(back.forecast[44]).toBeCloseTo(mean, 4);
    expect(cumulativeSd(back.errorModel, 45)).toBeGreaterThan(cumulativeSd(back.errorModel, 28));
  });

  it("a variant without enough history stays one, with its reason", () => {
    const back = outcomeOf({ ...row(forecastOf(1)), model: null, curve: null, message: "Only 9 days of sales." }, 28);
    expect(back).toMatchObject({ ok: false, reason: "insufficient_history", message: "Only 9 days of sales." });
  });
});
