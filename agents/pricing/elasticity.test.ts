import { describe, expect, it } from "vitest";
import { estimateElasticities, fitElasticity, poolPrior, shrinkToPrior } from "./elasticity";
import { simulateDailySales, stepSchedule } from "./simulate";

const LEVELS = [20, 23, 18, 25, 21, 17, 24];

describe("fitElasticity (Poisson IRLS with weekday and trend controls)", () => {
  it.each([
    { truth: -2.5, seed: 11 },
    { truth: -1.8, seed: 12 },
  ])("recovers a known elasticity of $truth from a year of noisy daily sales", ({ truth, seed }) => {
    const obs = simulateDailySales({
      elasticity: truth,
      baseUnitsPerDay: 4,
      referencePrice: 20,
      priceOnDay: stepSchedule(LEVELS, 21),
      days: 365,
      trendPerYear: 0.3,
      stockoutRate: 0.05,
      seed,
    });
    const fit = fitElasticity(obs);
    expect(fit.status).toBe("estimated");
    expect(fit.se!).toBeLessThan(0.25);
    expect(Math.abs(fit.estimate! - truth)).toBeLessThan(Math.max(0.4, 2.5 * fit.se!));
    expect(fit.distinctPriceLevels).toBe(7);
    expect(fit.priceChanges).toBe(17);
    expect(fit.stockoutDaysExcluded).toBeGreaterThan(5);
    expect(fit.observationsUsed + fit.stockoutDaysExcluded).toBe(365);
    // The trend term picks up the simulated growth (0.3 log per year).
    expect(Math.abs(fit.trendPerYear! - 0.3)).toBeLessThan(0.25);
  });

  it("is unbiased with ~95% interval coverage over repeated simulations, zero-heavy days included", () => {
    const truth = -2.2;
    const reps = 40;
    let covered = 0;
    let sum = 0;
    let sumSe = 0;
    for (let s = 0; s < reps; s++) {
      const fit = fitElasticity(
        simulateDailySales({
          elasticity: truth,
          baseUnitsPerDay: 0.8,
          referencePrice: 20,
          priceOnDay: stepSchedule(LEVELS, 14),
          days: 240,
          seed: 500 + s,
        }),
      );
      sum += fit.estimate!;
      sumSe += fit.se!;
      if (Math.abs(fit.estimate! - truth) <= 1.96 * fit.se!) covered++;
    }
    // The mean of `reps` estimates has standard error about meanSe / sqrt(reps): allow three of them.
    expect(Math.abs(sum / reps - truth)).toBeLessThan((3 * sumSe) / reps / Math.sqrt(reps));
    expect(covered / reps).toBeGreaterThanOrEqual(0.85);
  });

  it("controls for trend: prices that rise with growing demand do not fake an inelastic estimate", () => {
    // Price creeps up while demand grows 60%/year: regressing without a trend would bias e toward 0.
    const obs = simulateDailySales({
      elasticity: -2,
      baseUnitsPerDay: 5,
      referencePrice: 20,
      priceOnDay: (d) => 18 + Math.floor(d / 30) * 0.6 + (Math.floor(d / 7) % 3 === 0 ? -1.5 : 0),
      days: 360,
      trendPerYear: 0.6,
      seed: 21,
    });
    const fit = fitElasticity(obs);
    expect(Math.abs(fit.estimate! + 2)).toBeLessThan(Math.max(0.45, 2.5 * fit.se!));
  });

  it("reports no price variation instead of an estimate", () => {
    const obs = simulateDailySales({
      elasticity: -2,
      baseUnitsPerDay: 3,
      referencePrice: 20,
      priceOnDay: () => 19.99,
      days: 90,
      seed: 3,
    });
    const fit = fitElasticity(obs);
    expect(fit.status).toBe("no_price_variation");
    expect(fit.estimate).toBeNull();
    expect(fit.distinctPriceLevels).toBe(1);
    expect(fit.message).toMatch(/never changed/);
  });

  it("reports no sales and too little data", () => {
    const zero = Array.from({ length: 30 }, (_, i) => ({
      date: `2026-01-${String(i + 1).padStart(2, "0")}`,
      price: i < 15 ? 10 : 12,
      units: 0,
    }));
    expect(fitElasticity(zero).status).toBe("no_sales");
    expect(fitElasticity(zero.slice(0, 10)).status).toBe("insufficient_data");
  });

  it("rejects bad input with the index and what to send", () => {
    expect(() => fitElasticity([{ date: "2026-13-01", price: 10, units: 1 }])).toThrow(
      /observations\[0\]\.date .*not a real calendar day/,
    );
    expect(() => fitElasticity([{ date: "2026-01-01", price: 0, units: 1 }])).toThrow(
      /price must be a positive number/,
    );
    expect(() =>
      fitElasticity([
        { date: "2026-01-01", price: 10, units: 1 },
        { date: "2026-01-01", price: 10, units: 2 },
      ]),
    ).toThrow(/one row per day/);
  });
});

describe("shrinkage toward the prior", () => {
  it("few price changes give a wide SE, a low confidence and a posterior pulled toward the prior", () => {
    // 60 days, one 5% price change: weak evidence.
    const obs = simulateDailySales({
      elasticity: -2.5,
      baseUnitsPerDay: 2,
      referencePrice: 20,
      priceOnDay: (d) => (d < 40 ? 20 : 21),
      days: 60,
      seed: 9,
    });
    const [est] = estimateElasticities([{ variantId: "v1", observations: obs }], {
      defaultPrior: { mean: -2, sd: 0.5 },
    });
    expect(est.priceChanges).toBe(1);
    expect(est.se!).toBeGreaterThan(1);
    expect(est.confidence).toBe("low");
    expect(est.prior.source).toBe("default");
    expect(est.dataWeight).toBeLessThan(0.2);
    expect(Math.abs(est.posterior - est.prior.mean)).toBeLessThan(Math.abs(est.estimate! - est.prior.mean));
    // Precision-weighted mean, by hand.
    const wData = 1 / est.se! ** 2;
    const wPrior = 1 / 0.5 ** 2;
    expect(est.posterior).toBeCloseTo((wData * est.estimate! + wPrior * -2) / (wData + wPrior), 10);
  });

  it("a variant without price variation gets the category prior with confidence none", () => {
    const variants = [0, 1, 2, 3].map((i) => ({
      variantId: `tee-${i}`,
      category: "T-Shirts",
      observations: simulateDailySales({
        elasticity: -2.2,
        baseUnitsPerDay: 4,
        referencePrice: 20,
        priceOnDay: stepSchedule(LEVELS, 14),
        days: 300,
        seed: 40 + i,
      }),
    }));
    variants.push({
      variantId: "tee-flat",
      category: "T-Shirts",
      observations: simulateDailySales({
        elasticity: -2.2,
        baseUnitsPerDay: 4,
        referencePrice: 20,
        priceOnDay: () => 20,
        days: 300,
        seed: 99,
      }),
    });
    const out = estimateElasticities(variants);
    const flat = out.find((e) => e.variantId === "tee-flat")!;
    expect(flat.status).toBe("no_price_variation");
    expect(flat.confidence).toBe("none");
    expect(flat.prior.source).toBe("category");
    expect(flat.prior.pooledFrom).toBe(4);
    expect(flat.posterior).toBe(flat.prior.mean);
    expect(flat.dataWeight).toBe(0);
    expect(Math.abs(flat.prior.mean + 2.2)).toBeLessThan(0.3);
    for (const e of out.filter((x) => x.variantId !== "tee-flat")) expect(e.confidence).toBe("high");
  });

  it("poolPrior matches a DerSimonian–Laird calculation done by hand", () => {
    const pts = [
      { estimate: -2, se: 0.2 },
      { estimate: -3, se: 0.4 },
      { estimate: -1.5, se: 0.3 },
    ];
    const w = pts.map((p) => 1 / p.se ** 2); // 25, 6.25, 11.111
    const sw = w[0] + w[1] + w[2];
    const fixed = (w[0] * -2 + w[1] * -3 + w[2] * -1.5) / sw;
    const q = w.reduce((s, wi, i) => s + wi * (pts[i].estimate - fixed) ** 2, 0);
    const tau2 = (q - 2) / (sw - (w[0] ** 2 + w[1] ** 2 + w[2] ** 2) / sw);
    const wr = pts.map((p) => 1 / (p.se ** 2 + tau2));
    const mean = (wr[0] * -2 + wr[1] * -3 + wr[2] * -1.5) / (wr[0] + wr[1] + wr[2]);
    const prior = poolPrior(pts, 0);
    expect(tau2).toBeGreaterThan(0);
    expect(prior.mean).toBeCloseTo(mean, 12);
    expect(prior.sd).toBeCloseTo(Math.sqrt(tau2 + 1 / (wr[0] + wr[1] + wr[2])), 12);
    expect(shrinkToPrior(null, { mean: -1.7, sd: 0.4 })).toEqual({ posterior: -1.7, posteriorSe: 0.4, dataWeight: 0 });
  });
});
