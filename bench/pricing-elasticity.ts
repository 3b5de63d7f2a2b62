// Recovery and speed of the pricing library on simulated shops: npx tsx bench/pricing-elasticity.ts [variants]
// Prints estimate error, 95% interval coverage, shrinkage effect and the share of the optimal profit uplift
// that the proposals capture (evaluated under the true elasticity).
import { fitElasticity } from "../agents/pricing/elasticity";
import { proposeFromHistory, proposePrice } from "../agents/pricing/optimize";
import { seededRandom, simulateDailySales, stepSchedule } from "../agents/pricing/simulate";

const variants = Number(process.argv[2] ?? 300);
const rand = seededRandom(2026);
type Sim = { truth: number; cost: number; levels: number[]; days: number; base: number; changes: "many" | "few" };
const sims: Sim[] = Array.from({ length: variants }, (_, i) => {
  const truth = -1.4 - rand() * 2.4;
  const ref = 10 + rand() * 50;
  const few = i % 4 === 0;
  const levels = few ? [ref, ref * 1.05] : Array.from({ length: 6 }, () => ref * (0.8 + rand() * 0.4));
  return {
    truth,
    cost: ref * (0.3 + rand() * 0.3),
    levels,
    days: few ? 90 : 365,
    base: 0.5 + rand() * 6,
    changes: few ? "few" : "many",
  };
});
const histories = sims.map((s, i) =>
  simulateDailySales({
    elasticity: s.truth,
    baseUnitsPerDay: s.base,
    referencePrice: s.levels[0],
    priceOnDay: stepSchedule(s.levels, s.changes === "few" ? 60 : 21),
    days: s.days,
    trendPerYear: rand() * 0.6 - 0.2,
    stockoutRate: 0.03,
    seed: i + 1,
  }),
);

let t0 = performance.now();
const fits = histories.map((h) => fitElasticity(h));
const fitMs = (performance.now() - t0) / variants;
for (const group of ["many", "few"] as const) {
  const idx = sims
    .map((s, i) => (s.changes === group ? i : -1))
    .filter((i) => i >= 0 && fits[i].status === "estimated");
  const err = idx.map((i) => fits[i].estimate! - sims[i].truth);
  const cover = idx.filter((i) => Math.abs(fits[i].estimate! - sims[i].truth) <= 1.96 * fits[i].se!).length;
  const rmse = Math.sqrt(err.reduce((s, e) => s + e * e, 0) / err.length);
  console.log(
    `${group} price changes: n=${idx.length} raw RMSE=${rmse.toFixed(3)} bias=${(err.reduce((s, e) => s + e, 0) / err.length).toFixed(3)} 95% coverage=${((100 * cover) / idx.length).toFixed(1)}%`,
  );
}
console.log(`fit time: ${fitMs.toFixed(2)} ms/variant (${variants} variants, IRLS)`);

t0 = performance.now();
const inputs = sims.map((s, i) => ({
  variantId: `v${i}`,
  category: "All",
  currentPrice: histories[i][histories[i].length - 1].price,
  unitCost: s.cost,
  observations: histories[i],
}));
const out = proposeFromHistory(inputs, { optimize: { minMargin: 0.15, maxStepPct: 0.15 } });
console.log(`proposeFromHistory: ${(performance.now() - t0).toFixed(0)} ms for ${variants} variants`);
const shrunk = out.map((o, i) => ({ o, s: sims[i] })).filter(({ o }) => o.estimate.status === "estimated");
for (const group of ["many", "few"] as const) {
  const g = shrunk.filter(({ s }) => s.changes === group);
  const rawR = Math.sqrt(g.reduce((a, { o, s }) => a + (o.estimate.estimate! - s.truth) ** 2, 0) / g.length);
  const postR = Math.sqrt(g.reduce((a, { o, s }) => a + (o.estimate.posterior - s.truth) ** 2, 0) / g.length);
  console.log(
    `${group}: RMSE raw ${rawR.toFixed(3)} -> shrunk ${postR.toFixed(3)} (prior ${g[0]?.o.estimate.prior.source} ${g[0]?.o.estimate.prior.mean.toFixed(2)} ± ${g[0]?.o.estimate.prior.sd.toFixed(2)})`,
  );
}
let achieved = 0;
let optimal = 0;
let proposals = 0;
let floorBreaks = 0;
const reasons = new Map<string, number>();
out.forEach(({ proposal }, i) => {
  const s = sims[i];
  if (proposal.status !== "proposed") {
    reasons.set(proposal.reason, (reasons.get(proposal.reason) ?? 0) + 1);
    return;
  }
  proposals++;
  if (proposal.proposedPrice < s.cost / 0.85) floorBreaks++;
  const p0 = proposal.currentPrice;
  const profit = (p: number) => (p - s.cost) * (p / p0) ** s.truth;
  const best = proposePrice(
    {
      variantId: "t",
      currentPrice: p0,
      unitCost: s.cost,
      elasticity: s.truth,
      confidence: "high",
      baselineUnitsPerDay: 1,
    },
    { minMargin: 0.15, maxStepPct: 0.15 },
  );
  if (best.status !== "proposed") return;
  achieved += profit(proposal.proposedPrice) - profit(p0);
  optimal += profit(best.proposedPrice) - profit(p0);
});
console.log(
  `proposals: ${proposals}/${variants}; declined: ${JSON.stringify(Object.fromEntries(reasons))}; floor breaks: ${floorBreaks}`,
);
console.log(
  `profit uplift captured (true elasticity, per unit baseline): ${((100 * achieved) / optimal).toFixed(1)}% of the constrained optimum`,
);
