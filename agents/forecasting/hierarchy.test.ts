import { describe, expect, it } from "vitest";
import { forecastHierarchy, ForecastInputError, type VariantSeries } from "./index";
import { poissonSeries, rng, weeklySeries } from "./testing/synthetic";

const variants: VariantSeries[] = [
  { variantId: "tee-s", productId: "tee", series: weeklySeries(rng(1), 120, 20, 3) },
  { variantId: "tee-m", productId: "tee", series: weeklySeries(rng(2), 120, 35, 4) },
  { variantId: "tee-l", productId: "tee", series: poissonSeries(rng(3), 120, 0.2) },
  { variantId: "cap-one", productId: "cap", series: weeklySeries(rng(4), 90, 10, 2) },
];

describe("forecastHierarchy", () => {
  const h = forecastHierarchy(variants, { horizon: 14, lastObservedDate: "2025-03-31", storeId: "royal" });

  it("sums variants into products and products into the store exactly", () => {
    const tee = h.products.tee,
      cap = h.products.cap,
      store = h.store;
    if (!tee.ok || !cap.ok || !store.ok) throw new Error("aggregates should be available");
    for (let j = 0; j < 14; j++) {
      const teeSum = ["tee-s", "tee-m", "tee-l"].reduce((s, id) => {
        const v = h.variants[id];
        if (!v.ok) throw new Error(id);
        return s + v.forecast[j];
      }, 0);
      expect(tee.forecast[j]).toBe(teeSum);
      expect(store.forecast[j]).toBe(tee.forecast[j] + cap.forecast[j]);
    }
    expect(store.members.sort()).toEqual(["cap-one", "tee-l", "tee-m", "tee-s"]);
    expect(store.complete).toBe(true);
  });

  it("aggregates variance as the sum of member variances and keeps intervals non-negative", () => {
    const tee = h.products.tee;
    if (!tee.ok) throw new Error("tee");
    for (let j = 0; j < 14; j++) {
      const variance = ["tee-s", "tee-m", "tee-l"].reduce((s, id) => {
        const v = h.variants[id];
        return v.ok ? s + v.sd[j] ** 2 : s;
      }, 0);
      expect(tee.sd[j]).toBeCloseTo(Math.sqrt(variance), 10);
      for (const iv of tee.intervals) {
        expect(iv.lower[j]).toBeGreaterThanOrEqual(0);
        expect(iv.lower[j]).toBeLessThanOrEqual(tee.forecast[j]);
        expect(iv.upper[j]).toBeGreaterThanOrEqual(tee.forecast[j]);
      }
    }
    // The aggregate's relative uncertainty is smaller than a member's (errors partly cancel).
    const teeS = h.variants["tee-s"];
    if (!teeS.ok) throw new Error("tee-s");
    expect(tee.sd[0] / tee.forecast[0]).toBeLessThan(teeS.sd[0] / teeS.forecast[0]);
  });

  it("dates forecasts from the shared last observed day", () => {
    expect(h.store.ok && h.store.dates?.[0]).toBe("2025-04-01");
    const cap = h.variants["cap-one"];
    expect(cap.ok && cap.dates?.[13]).toBe("2025-04-14");
  });

  it("lists variants without enough history instead of guessing, and marks aggregates incomplete", () => {
    const withNew = forecastHierarchy(
      [
        ...variants,
        { variantId: "cap-new", productId: "cap", series: [1, 0, 2] },
        { variantId: "mug-1", productId: "mug", series: [0, 1] },
      ],
      { horizon: 7 },
    );
    const cap = withNew.products.cap;
    expect(cap.ok && cap.complete).toBe(false);
    expect(cap.ok && cap.excluded.map((e) => e.variantId)).toEqual(["cap-new"]);
    expect(withNew.products.mug).toMatchObject({ ok: false, reason: "insufficient_history" });
    expect(withNew.store.ok && withNew.store.excluded.map((e) => e.variantId).sort()).toEqual(["cap-new", "mug-1"]);
  });

  it("names the bad field", () => {
    expect(() => forecastHierarchy([{ variantId: "a", productId: "p", series: [1, -2] }], { horizon: 7 })).toThrow(
      ForecastInputError,
    );
    try {
      forecastHierarchy([{ variantId: "a", productId: "p", series: [1, -2] }], { horizon: 7 });
    } catch (err) {
      expect((err as ForecastInputError).field).toBe("variants[0].series[1]");
    }
    expect(() => forecastHierarchy([variants[0], variants[0]], { horizon: 7 })).toThrow(/duplicate variant/);
  });
});
