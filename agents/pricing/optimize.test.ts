import { describe, expect, it } from "vitest";
import {
  floorPrice,
  proposeFromHistory,
  proposeFromHistoryPaced,
  proposePrice,
  type PricingCandidate,
  type PriceProposal,
} from "./optimize";
import { seededRandom, simulateDailySales, stepSchedule } from "./simulate";

const base: PricingCandidate = {
  variantId: "v",
  currentPrice: 19,
  unitCost: 10,
  elasticity: -2,
  confidence: "high",
  baselineUnitsPerDay: 10,
};

function proposed(r: ReturnType<typeof proposePrice>): PriceProposal {
  if (r.status !== "proposed") throw new Error(`expected a proposal, got ${r.reason}: ${r.message}`);
  return r;
}

describe("proposePrice", () => {
  it("moves to p* = c e/(1+e) when no constraint binds, with before/after economics", () => {
    const p = proposed(proposePrice(base));
    expect(p.unconstrainedOptimum).toBeCloseTo(20, 10);
    expect(p.proposedPrice).toBe(20);
    expect(p.bindingConstraint).toBe("none");
    expect(p.action).toBe("raise");
    expect(p.before.unitsPerDay).toBeCloseTo(10, 10);
    expect(p.after.unitsPerDay).toBeCloseTo(10 * (20 / 19) ** -2, 10);
    expect(p.after.profitPerDay).toBeCloseTo(p.after.unitsPerDay * 10, 10);
    expect(p.before.revenuePerDay).toBeCloseTo(190, 10);
    expect(p.profitUpliftPerDay).toBeGreaterThan(0);
    expect(p.changePct).toBeCloseTo(1 / 19, 10);
  });

  it("caps the change per step", () => {
    const up = proposed(proposePrice({ ...base, currentPrice: 12 }, { maxStepPct: 0.15 }));
    expect(up.proposedPrice).toBeCloseTo(13.8, 10);
    expect(up.bindingConstraint).toBe("max_step_up");
    const down = proposed(proposePrice({ ...base, currentPrice: 40 }, { maxStepPct: 0.15 }));
    expect(down.proposedPrice).toBe(34);
    expect(down.bindingConstraint).toBe("max_step_down");
  });

  it("never goes below the margin floor, even against the step limit and competitors", () => {
    // Very elastic: p* = 10 * 6/5 = 12, below the 30%-margin floor 14.29.
    const p = proposed(proposePrice({ ...base, elasticity: -6, currentPrice: 15 }, { minMargin: 0.3 }));
    expect(p.floorPrice).toBe(14.29);
    expect(p.proposedPrice).toBe(14.29);
    expect(p.bindingConstraint).toBe("margin_floor");
    // Current price already below the floor (cost went up): jump to the floor, beyond a 15% step.
    const below = proposed(proposePrice({ ...base, currentPrice: 10.5, elasticity: -6 }, { minMargin: 0.3 }));
    expect(below.proposedPrice).toBe(14.29);
    // Competitor far cheaper than the floor.
    const cheap = proposed(proposePrice({ ...base, currentPrice: 15, competitorPrices: [9] }, { minMargin: 0.3 }));
    expect(cheap.proposedPrice).toBeGreaterThanOrEqual(cheap.floorPrice);
  });

  it("never breaks the floor over many random cases, endings included", () => {
    const rand = seededRandom(7);
    for (let i = 0; i < 3000; i++) {
      const cost = 1 + rand() * 60;
      const minMargin = rand() * 0.6;
      const c: PricingCandidate = {
        variantId: `r${i}`,
        unitCost: cost,
        currentPrice: cost * (0.5 + rand() * 3),
        elasticity: -1.05 - rand() * 6,
        confidence: "high",
        baselineUnitsPerDay: rand() * 20 + 0.01,
        competitorPrices: rand() < 0.5 ? [cost * (0.3 + rand() * 2)] : undefined,
      };
      const r = proposePrice(c, {
        minMargin,
        maxStepPct: 0.05 + rand() * 0.3,
        priceEndings: rand() < 0.5 ? [0.99] : rand() < 0.5 ? [0.49, 0.95] : undefined,
      });
      const p = proposed(r);
      const exactFloor = cost / (1 - minMargin);
      expect(p.proposedPrice).toBeGreaterThanOrEqual(exactFloor);
      expect((p.proposedPrice - cost) / p.proposedPrice).toBeGreaterThanOrEqual(minMargin - 1e-12);
      if (p.action !== "keep") expect(Math.round(p.proposedPrice * 100) / 100).toBe(p.proposedPrice);
      else expect(p.proposedPrice).toBe(c.currentPrice);
    }
  });

  it("keeps within a band of the lowest competitor price", () => {
    const p = proposed(
      proposePrice(
        { ...base, currentPrice: 19, competitorPrices: [22, 18.5, 30] },
        { competitorBand: { maxAbove: 0.05, maxBelow: 0.2 } },
      ),
    );
    // p* = 20 but lowest competitor 18.5 * 1.05 = 19.425.
    expect(p.proposedPrice).toBe(19.42);
    expect(p.bindingConstraint).toBe("competitor_band_high");
  });

  it("rounds to the requested price ending, picking the more profitable neighbour inside the limits", () => {
    const p = proposed(proposePrice({ ...base, currentPrice: 18 }, { priceEndings: [0.99] }));
    expect([19.99, 20.99]).toContain(p.proposedPrice);
    // 19.99 is closer to p* = 20 and profit is unimodal around it.
    expect(p.proposedPrice).toBe(19.99);
  });

  it("declines inelastic and low-confidence cases with the reason", () => {
    const inelastic = proposePrice({ ...base, elasticity: -0.7 });
    expect(inelastic.status).toBe("no_proposal");
    expect(inelastic.status === "no_proposal" && inelastic.reason).toBe("inelastic");
    const unsure = proposePrice({ ...base, confidence: "low" });
    expect(unsure.status === "no_proposal" && unsure.reason).toBe("low_confidence");
    expect(proposePrice({ ...base, confidence: "low" }, { minConfidence: "low" }).status).toBe("proposed");
    expect(() => proposePrice({ ...base, unitCost: Number.NaN })).toThrow(/unitCost/);
  });

  it("floorPrice rounds up to the cent", () => {
    expect(floorPrice(10, 0.3)).toBe(14.29);
    expect(floorPrice(10, 0.2)).toBe(12.5);
  });
});

describe("proposeFromHistory on simulated variants", () => {
  // True profit per unit of baseline demand: (p - c) * (p / p0)^e; the baseline cancels in the uplift ratio.
  const trueProfit = (p: number, p0: number, c: number, e: number) => (p - c) * (p / p0) ** e;

  it("recovers at least 80% of the optimal profit uplift and never breaks the floor", () => {
    const specs = [
      { e: -2.5, cost: 9, levels: [20, 23, 18, 25, 21, 17, 24] },
      { e: -1.8, cost: 8, levels: [30, 34, 27, 36, 31, 26, 35] },
      { e: -3.2, cost: 12, levels: [19, 21, 17, 22, 20, 16, 23] },
      { e: -2.0, cost: 6, levels: [14, 16, 13, 17, 15, 12, 11] },
      { e: -2.8, cost: 15, levels: [30, 27, 33, 26, 32, 28, 34] },
    ];
    const options = { optimize: { minMargin: 0.15, maxStepPct: 0.4 } };
    const inputs = specs.map((s, i) => {
      const observations = simulateDailySales({
        elasticity: s.e,
        baseUnitsPerDay: 3,
        referencePrice: s.levels[0],
        priceOnDay: stepSchedule(s.levels, 21),
        days: 365,
        trendPerYear: 0.2,
        stockoutRate: 0.03,
        seed: 1000 + i,
      });
      const currentPrice = observations[observations.length - 1].price;
      return { variantId: `sim-${i}`, category: "Sim", currentPrice, unitCost: s.cost, observations };
    });
    const results = proposeFromHistory(inputs, options);
    let achieved = 0;
    let optimal = 0;
    results.forEach(({ proposal, estimate }, i) => {
      const s = specs[i];
      const p0 = inputs[i].currentPrice;
      const p = proposed(proposal);
      expect(["high", "medium"]).toContain(estimate.confidence);
      expect(p.proposedPrice).toBeGreaterThanOrEqual(s.cost / (1 - 0.15));
      // The best price with the same constraints under the *true* elasticity.
      const best = proposed(
        proposePrice(
          {
            variantId: "truth",
            currentPrice: p0,
            unitCost: s.cost,
            elasticity: s.e,
            confidence: "high",
            baselineUnitsPerDay: 1,
          },
          options.optimize,
        ),
      );
      const gain = trueProfit(p.proposedPrice, p0, s.cost, s.e) - trueProfit(p0, p0, s.cost, s.e);
      const bestGain = trueProfit(best.proposedPrice, p0, s.cost, s.e) - trueProfit(p0, p0, s.cost, s.e);
      expect(bestGain).toBeGreaterThan(0);
      expect(gain / bestGain).toBeGreaterThan(0.5);
      achieved += gain;
      optimal += bestGain;
    });
    expect(achieved / optimal).toBeGreaterThanOrEqual(0.8);
  });
});

describe("proposeFromHistoryPaced", () => {
  it("gives the estimates and proposals of proposeFromHistory, building each history once", async () => {
    const inputs = [-2.5, -1.8, -3.2, -0.6].map((e, i) => {
      const observations = simulateDailySales({
        elasticity: e,
        baseUnitsPerDay: 2 + i,
        referencePrice: 20,
        priceOnDay: stepSchedule([20, 23, 18, 25, 21], 30),
        days: 200,
        trendPerYear: 0.1,
        stockoutRate: 0.1,
        seed: 2000 + i,
      });
      // Out of stock on its last days: the baseline's window ends on the last in-stock day.
      if (i === 0) for (const o of observations.slice(-5)) o.inStock = false;
      return { variantId: `v-${i}`, category: i < 3 ? "Sim" : undefined, currentPrice: 21, unitCost: 8, observations };
    });
    const options = { optimize: { minMargin: 0.2, maxStepPct: 0.15 } };
    const built: string[] = [];
    const paced = await proposeFromHistoryPaced(
      inputs.map((v) => ({
        ...v,
        observations: () => {
          built.push(v.variantId);
          return v.observations;
        },
      })),
      options,
    );
    expect(paced).toEqual(proposeFromHistory(inputs, options));
    expect(built).toEqual(inputs.map((v) => v.variantId));
  });
});
