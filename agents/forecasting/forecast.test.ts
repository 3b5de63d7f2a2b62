import { describe, expect, it } from "vitest";
import { forecastSeries, ForecastInputError, type ForecastResult } from "./index";
import { linearTrendSeries, poissonSeries, rng, weeklySeries, WEEKLY_PROFILE, normal } from "./testing/synthetic";

const H = 28;

function rmse(actual: number[], predicted: number[]): number {
  return Math.sqrt(actual.reduce((s, a, i) => s + (a - predicted[i]) ** 2, 0) / actual.length);
}

/** Seasonal-naive forecast computed independently of the engine, as the benchmark. */
function seasonalNaive(history: number[], h: number): number[] {
  return Array.from({ length: h }, (_, j) => history[history.length - 7 + (j % 7)]);
}

function fitOk(
  series: number[],
  horizon = H,
  extra: Partial<Parameters<typeof forecastSeries>[1]> = {},
): ForecastResult {
  const r = forecastSeries(series, { horizon, ...extra });
  if (!r.ok) throw new Error(`expected a forecast, got ${r.message}`);
  return r;
}

describe("model selection on series with known structure", () => {
  it("picks a weekly-seasonal model for pure weekly seasonality + noise and beats seasonal naive out of sample", () => {
    let ours = 0,
      naive = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const s = weeklySeries(rng(seed), 365 + H);
      const history = s.slice(0, 365),
        future = s.slice(365);
      const r = fitOk(history);
      expect(["hw_additive", "hw_damped", "seasonal_naive"]).toContain(r.model);
      expect(r.demandClass).toBe("smooth");
      ours += rmse(future, r.forecast);
      naive += rmse(future, seasonalNaive(history, H));
    }
    // Seasonal naive carries one noisy week forward (error var 2σ²); HW averages (≈σ²).
    expect(ours / naive).toBeLessThan(0.85);
  });

  it("uses the intermittent-demand combination (or the recent mean) for intermittent Poisson(0.1) demand", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = fitOk(poissonSeries(rng(100 + seed), 365, 0.1));
      expect(["intermittent", "lumpy"]).toContain(r.demandClass);
      expect(["combo_mean", "recent_mean"]).toContain(r.model);
      expect(r.intervalMethod).toBe("count_distribution");
      expect(r.forecast[0]).toBeGreaterThan(0.03);
      expect(r.forecast[0]).toBeLessThan(0.3);
    }
  });

  it("uses a trend model on a linear trend and beats seasonal naive out of sample", () => {
    let ours = 0,
      naive = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const s = linearTrendSeries(rng(200 + seed), 180 + H, 10, 0.5, 3);
      const history = s.slice(0, 180),
        future = s.slice(180);
      const r = fitOk(history);
      expect(["holt_damped", "hw_damped"]).toContain(r.model);
      expect(r.forecast[H - 1]).toBeGreaterThan(r.forecast[0]);
      ours += rmse(future, r.forecast);
      naive += rmse(future, seasonalNaive(history, H));
    }
    expect(ours).toBeLessThan(naive);
  });

  it("considers the yearly model only with two years of history and uses it well on strong yearly seasonality", () => {
    const make = (seed: number, days: number): number[] => {
      const rand = rng(seed);
      return Array.from({ length: days }, (_, t) =>
        Math.max(0, 40 * WEEKLY_PROFILE[t % 7] * (1 + 0.5 * Math.sin((2 * Math.PI * t) / 365.25)) + 3 * normal(rand)),
      );
    };
    const short = fitOk(make(7, 500));
    expect(short.selection.scores.map((s) => s.model)).not.toContain("hw_yearly");
    const long = make(8, 3 * 365 + 90);
    const history = long.slice(0, 3 * 365),
      future = long.slice(3 * 365);
    const r = fitOk(history, 90, { holdoutDays: 28 });
    expect(r.selection.scores.map((s) => s.model)).toContain("hw_yearly");
    // 90 days ahead the yearly swing matters: the forecast must follow it better than the last week does.
    expect(rmse(future, r.forecast)).toBeLessThan(rmse(future, seasonalNaive(history, 90)));
  });

  it("reports every candidate's RMSSE and the winner is the best of them", () => {
    const r = fitOk(weeklySeries(rng(3), 200));
    const best = Math.min(...r.selection.scores.map((s) => s.rmsse));
    expect(r.selection.scores.find((s) => s.model === r.model)!.rmsse).toBe(best);
    expect(best).toBeLessThanOrEqual(r.selection.seasonalNaiveRmsse);
    expect(r.selection.holdoutDays).toBe(28);
  });
});

describe("stockout censoring", () => {
  it("ignores censored zeros instead of learning lower demand from them", () => {
    const rand = rng(42);
    const s = Array.from({ length: 140 }, () => Math.max(0, 20 + 2 * normal(rand)));
    const mask = s.map((_, t) => t >= 110 && t < 130); // a 20-day stockout near the end
    const recorded = s.map((v, t) => (mask[t] ? 0 : v));
    const censored = fitOk(recorded, 7, { stockoutMask: mask });
    const naive = fitOk(recorded, 7);
    expect(censored.censoredDays).toBe(20);
    expect(Math.abs(censored.forecast[0] - 20)).toBeLessThan(2);
    expect(naive.forecast[0]).toBeLessThan(censored.forecast[0]);
  });

  it("selects in-sample when the whole holdout is a stockout, and says so", () => {
    const s = weeklySeries(rng(11), 120);
    const mask = s.map((_, t) => t >= 120 - 28);
    const r = fitOk(
      s.map((v, t) => (mask[t] ? 0 : v)),
      7,
      { stockoutMask: mask },
    );
    expect(r.selection.method).toBe("in_sample");
    expect(r.forecast.every((v) => v > 20)).toBe(true); // the censored zeros were not learned
  });
});

describe("insufficient history", () => {
  it("refuses fewer than 28 observed days", () => {
    const r = forecastSeries(weeklySeries(rng(1), 20), { horizon: 7 });
    expect(r).toMatchObject({ ok: false, reason: "insufficient_history", daysAvailable: 20, daysNeeded: 28 });
  });

  it("counts only non-stockout days", () => {
    const s = weeklySeries(rng(1), 40);
    const mask = s.map((_, t) => t < 15);
    const r = forecastSeries(s, { horizon: 7, stockoutMask: mask });
    expect(r).toMatchObject({ ok: false, reason: "insufficient_history", daysAvailable: 25 });
  });

  it("refuses an all-zero series", () => {
    const r = forecastSeries(new Array(90).fill(0), { horizon: 7 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/zero demand/);
  });
});

describe("input validation names the field", () => {
  const good = weeklySeries(rng(1), 60);
  const cases: [string, () => unknown, string][] = [
    [
      "NaN quantity",
      () => forecastSeries([...good.slice(0, 10), NaN, ...good.slice(11)], { horizon: 7 }),
      "series[10]",
    ],
    [
      "negative quantity",
      () => forecastSeries([...good.slice(0, 3), -1, ...good.slice(4)], { horizon: 7 }),
      "series[3]",
    ],
    ["negative horizon", () => forecastSeries(good, { horizon: -5 }), "opts.horizon"],
    ["fractional horizon", () => forecastSeries(good, { horizon: 2.5 }), "opts.horizon"],
    ["mask length", () => forecastSeries(good, { horizon: 7, stockoutMask: [true] }), "opts.stockoutMask"],
    ["bad date", () => forecastSeries(good, { horizon: 7, startDate: "2024-02-30" }), "opts.startDate"],
    ["bad level", () => forecastSeries(good, { horizon: 7, levels: [80, 100] }), "opts.levels[1]"],
  ];
  for (const [name, call, field] of cases) {
    it(name, () => {
      try {
        call();
        expect.fail("should have thrown");
      } catch (err) {
        expect(err).toBeInstanceOf(ForecastInputError);
        expect((err as ForecastInputError).field).toBe(field);
      }
    });
  }

  it("returns dates after the last observed day when startDate is given", () => {
    const r = fitOk(good, 3, { startDate: "2024-02-28" });
    // 60 days from 2024-02-28 (leap year) end on 2024-04-27.
    expect(r.dates).toEqual(["2024-04-28", "2024-04-29", "2024-04-30"]);
  });
});
