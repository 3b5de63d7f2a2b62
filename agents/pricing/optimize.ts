// Profit-maximising price proposals under a constant-elasticity demand curve.
//
// Demand q(p) = q0 * (p / p0)^e with q0 the expected units/day at the current price p0.
// Profit (p - c) q(p) is unimodal for e < -1 with maximum at p* = c * e / (1 + e), so the best price inside
// an interval is p* clamped to it. Constraints, in order of precedence (later ones win):
//   competitor band  <  max change per step  <  margin floor.
// The margin floor is absolute: a proposal is never below cost / (1 - minMargin), even if reaching it needs a
// bigger step than maxStepPct or a price above the competitor band.
import { pacer, runPaced } from "../core/pace";
import { DAY_MS } from "../core/time";
import {
  CONFIDENCE_RANK,
  estimateElasticities,
  cleanObservations,
  fitVariant,
  shrinkFitsSteps,
  type VariantFit,
  type Confidence,
  type DailyObservation,
  type ElasticityEstimate,
  type ElasticityOptions,
} from "./elasticity";

export interface PricingCandidate {
  variantId: string;
  currentPrice: number;
  unitCost: number;
  /** Elasticity to price with (the shrunk posterior). */
  elasticity: number;
  elasticitySe?: number;
  confidence: Confidence;
  /** Expected units/day at currentPrice (see baselineDemand). */
  baselineUnitsPerDay: number;
  /** Latest competitor prices for the same item, if known. */
  competitorPrices?: readonly number[];
}

export interface OptimizeOptions {
  /** Minimum gross margin (price - cost) / price. Default 0.2. Floor = cost / (1 - minMargin). */
  minMargin?: number;
  /** Largest relative change in one proposal, both directions. Default 0.15. */
  maxStepPct?: number;
  /** With competitor prices: stay within [lowest * (1 - maxBelow), lowest * (1 + maxAbove)]. Default maxAbove 0.05, maxBelow 0.2. */
  competitorBand?: { maxAbove: number; maxBelow: number };
  /** Allowed price endings as fractions of the unit, e.g. [0.99] or [0.49, 0.99]. Omitted: round to cents. */
  priceEndings?: readonly number[];
  /** Least confidence to act on. Default "medium". */
  minConfidence?: Confidence;
  /** No proposal when elasticity >= this (inelastic: the model's optimum is unbounded). Default -1. */
  inelasticBound?: number;
  /** Changes smaller than this fraction are reported as "keep". Default 0.005. */
  minChangePct?: number;
}

export type BindingConstraint =
  "none" | "margin_floor" | "max_step_up" | "max_step_down" | "competitor_band_high" | "competitor_band_low";

export interface DayEconomics {
  unitsPerDay: number;
  revenuePerDay: number;
  profitPerDay: number;
  /** (price - cost) / price */
  margin: number;
}

export interface PriceProposal {
  status: "proposed";
  variantId: string;
  action: "raise" | "lower" | "keep";
  currentPrice: number;
  proposedPrice: number;
  changeAbs: number;
  changePct: number;
  /** Price the model would pick without any constraint: c * e / (1 + e). */
  unconstrainedOptimum: number;
  floorPrice: number;
  bindingConstraint: BindingConstraint;
  elasticity: number;
  elasticitySe: number | null;
  confidence: Confidence;
  before: DayEconomics;
  after: DayEconomics;
  profitUpliftPerDay: number;
  notes: string[];
}

export interface NoProposal {
  status: "no_proposal";
  variantId: string;
  reason: "low_confidence" | "inelastic" | "no_demand";
  message: string;
  currentPrice: number;
  elasticity: number;
  confidence: Confidence;
}

export type ProposalResult = PriceProposal | NoProposal;

const DEFAULTS = {
  minMargin: 0.2,
  maxStepPct: 0.15,
  competitorBand: { maxAbove: 0.05, maxBelow: 0.2 },
  minConfidence: "medium" as Confidence,
  inelasticBound: -1,
  minChangePct: 0.005,
};

function positive(x: unknown, what: string): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x <= 0)
    throw new Error(`${what} must be a positive number, got ${JSON.stringify(x)}`);
  return x;
}

/** Price that yields exactly the minimum margin, rounded *up* to the cent so rounding never undercuts it. */
export function floorPrice(unitCost: number, minMargin: number): number {
  const exact = unitCost / (1 - minMargin);
  let p = Math.ceil(exact * 100 - 1e-9) / 100;
  while (p < exact) p += 0.01;
  return p;
}

export function economicsAt(price: number, c: PricingCandidate): DayEconomics {
  const units = c.baselineUnitsPerDay * Math.pow(price / c.currentPrice, c.elasticity);
  return {
    unitsPerDay: units,
    revenuePerDay: units * price,
    profitPerDay: units * (price - c.unitCost),
    margin: (price - c.unitCost) / price,
  };
}

/** Candidate prices with the requested endings around p: same unit and the unit below/above. */
function endingCandidates(p: number, endings: readonly number[]): number[] {
  const unit = Math.floor(p);
  const out: number[] = [];
  for (const u of [unit - 1, unit, unit + 1])
    for (const e of endings) if (u + e > 0) out.push(Math.round((u + e) * 100) / 100);
  return out;
}

export function proposePrice(c: PricingCandidate, options: OptimizeOptions = {}): ProposalResult {
  const where = `candidate ${c?.variantId ?? "?"}`;
  positive(c.currentPrice, `${where}.currentPrice`);
  if (typeof c.unitCost !== "number" || !Number.isFinite(c.unitCost) || c.unitCost < 0)
    throw new Error(
      `${where}.unitCost must be a number >= 0 (send the variant's unit cost; without it no margin-safe price exists)`,
    );
  if (typeof c.elasticity !== "number" || !Number.isFinite(c.elasticity))
    throw new Error(`${where}.elasticity must be a finite number`);
  if (typeof c.baselineUnitsPerDay !== "number" || !(c.baselineUnitsPerDay >= 0))
    throw new Error(`${where}.baselineUnitsPerDay must be a number >= 0`);
  const minMargin = options.minMargin ?? DEFAULTS.minMargin;
  if (!(minMargin >= 0 && minMargin < 1)) throw new Error(`minMargin must be in [0, 1), got ${minMargin}`);
  const maxStep = options.maxStepPct ?? DEFAULTS.maxStepPct;
  if (!(maxStep > 0 && maxStep < 1)) throw new Error(`maxStepPct must be in (0, 1), got ${maxStep}`);
  const minConfidence = options.minConfidence ?? DEFAULTS.minConfidence;
  const inelasticBound = options.inelasticBound ?? DEFAULTS.inelasticBound;
  const e = c.elasticity;
  const common = { variantId: c.variantId, currentPrice: c.currentPrice, elasticity: e, confidence: c.confidence };

  if (CONFIDENCE_RANK[c.confidence] < CONFIDENCE_RANK[minConfidence])
    return {
      status: "no_proposal",
      reason: "low_confidence",
      message: `elasticity confidence is "${c.confidence}", below the required "${minConfidence}": vary the price (several changes over weeks) to learn the demand curve`,
      ...common,
    };
  if (e >= inelasticBound)
    return {
      status: "no_proposal",
      reason: "inelastic",
      message: `elasticity ${e.toFixed(2)} >= ${inelasticBound}: demand looks inelastic, so the constant-elasticity optimum is unbounded; test a small increase manually instead`,
      ...common,
    };
  if (c.baselineUnitsPerDay === 0)
    return {
      status: "no_proposal",
      reason: "no_demand",
      message: "no expected sales at the current price, so there is no profit to optimise",
      ...common,
    };

  const notes: string[] = [];
  const floor = floorPrice(c.unitCost, minMargin);
  const target = (c.unitCost * e) / (1 + e);

  // 1. Step limit.
  let lo = c.currentPrice * (1 - maxStep);
  let hi = c.currentPrice * (1 + maxStep);
  let loLabel: BindingConstraint = "max_step_down";
  let hiLabel: BindingConstraint = "max_step_up";
  // 2. Competitor band, intersected with the step range (the step limit wins when they do not overlap).
  const competitors = (c.competitorPrices ?? []).filter((p) => Number.isFinite(p) && p > 0);
  if (competitors.length > 0) {
    const band = options.competitorBand ?? DEFAULTS.competitorBand;
    const lowest = Math.min(...competitors);
    const bandLo = lowest * (1 - band.maxBelow);
    const bandHi = lowest * (1 + band.maxAbove);
    if (bandLo > hi) {
      lo = hi;
      loLabel = "max_step_up";
      notes.push(`competitor band starts at ${bandLo.toFixed(2)}, beyond one step up; moving toward it`);
    } else if (bandHi < lo) {
      hi = lo;
      hiLabel = "max_step_down";
      notes.push(`competitor band ends at ${bandHi.toFixed(2)}, beyond one step down; moving toward it`);
    } else {
      if (bandLo > lo) [lo, loLabel] = [bandLo, "competitor_band_low"];
      if (bandHi < hi) [hi, hiLabel] = [bandHi, "competitor_band_high"];
    }
  }
  // 3. Margin floor: absolute.
  if (floor > lo) [lo, loLabel] = [floor, "margin_floor"];
  if (hi < lo) {
    [hi, hiLabel] = [lo, "margin_floor"];
    if (c.currentPrice < floor)
      notes.push(
        `current price is below the margin floor ${floor.toFixed(2)}; the floor overrides the step limit and competitor band`,
      );
    else notes.push(`margin floor ${floor.toFixed(2)} overrides the competitor band`);
  }
  // Work in cents from here on: the interval is [ceil(lo), floor(hi)] in cents (lo >= floor, which is whole cents).
  const loC = Math.ceil(lo * 100 - 1e-9) / 100;
  const hiC = Math.max(loC, Math.floor(hi * 100 + 1e-9) / 100);

  let price = Math.min(hiC, Math.max(loC, Math.round(target * 100) / 100));
  const binding: BindingConstraint = target < loC ? loLabel : target > hiC ? hiLabel : "none";

  if (options.priceEndings && options.priceEndings.length > 0) {
    for (const end of options.priceEndings)
      if (!(end >= 0 && end < 1)) throw new Error(`priceEndings must be fractions in [0, 1) such as 0.99, got ${end}`);
    const fits = endingCandidates(price, options.priceEndings).filter((p) => p >= loC && p <= hiC);
    if (fits.length > 0) {
      price = fits.reduce((best, p) => (economicsAt(p, c).profitPerDay > economicsAt(best, c).profitPerDay ? p : best));
    } else {
      notes.push(
        `no price ending ${options.priceEndings.join("/")} fits inside [${loC.toFixed(2)}, ${hiC.toFixed(2)}]; left unrounded`,
      );
    }
  }

  const minChange = options.minChangePct ?? DEFAULTS.minChangePct;
  let action: PriceProposal["action"] = price > c.currentPrice ? "raise" : price < c.currentPrice ? "lower" : "keep";
  if (Math.abs(price - c.currentPrice) / c.currentPrice < minChange && c.currentPrice >= floor) {
    price = c.currentPrice;
    action = "keep";
  }
  const before = economicsAt(c.currentPrice, c);
  const after = economicsAt(price, c);
  return {
    status: "proposed",
    ...common,
    action,
    proposedPrice: price,
    changeAbs: Math.round((price - c.currentPrice) * 100) / 100,
    changePct: (price - c.currentPrice) / c.currentPrice,
    unconstrainedOptimum: target,
    floorPrice: floor,
    bindingConstraint: binding,
    elasticitySe: c.elasticitySe ?? null,
    before,
    after,
    profitUpliftPerDay: after.profitPerDay - before.profitPerDay,
    notes,
  };
}

export function proposePrices(
  candidates: readonly PricingCandidate[],
  options: OptimizeOptions = {},
): ProposalResult[] {
  if (!Array.isArray(candidates)) throw new Error("proposePrices: expected an array of PricingCandidate");
  return candidates.map((c) => proposePrice(c, options));
}

/**
 * Expected units/day at `price` from the most recent `windowDays` in-stock days, each day's units moved to
 * `price` with the elasticity: mean of units_t * (price / price_t)^e. Uses recent days so the level reflects
 * current demand (trend, season) without extrapolating the fitted trend.
 */
export function baselineDemand(
  observations: readonly DailyObservation[],
  price: number,
  elasticity: number,
  windowDays = 28,
): { unitsPerDay: number; daysUsed: number } {
  positive(price, "baselineDemand price");
  const { kept } = cleanObservations(observations);
  if (kept.length === 0) return { unitsPerDay: 0, daysUsed: 0 };
  const lastDay = kept[kept.length - 1].day;
  const recent = kept.filter((o) => o.day > lastDay - windowDays);
  const total = recent.reduce((s, o) => s + o.units * Math.pow(price / o.price, elasticity), 0);
  return { unitsPerDay: total / recent.length, daysUsed: recent.length };
}

export interface VariantPricingInput {
  variantId: string;
  category?: string;
  currentPrice: number;
  unitCost: number;
  observations: readonly DailyObservation[];
  competitorPrices?: readonly number[];
}

/** End to end: estimate (with shrinkage) -> baseline demand -> proposal, per variant. */
export function proposeFromHistory(
  variants: readonly VariantPricingInput[],
  options: { elasticity?: ElasticityOptions; optimize?: OptimizeOptions; baselineWindowDays?: number } = {},
): { estimate: ElasticityEstimate; proposal: ProposalResult }[] {
  const estimates = estimateElasticities(
    variants.map((v) => ({ variantId: v.variantId, category: v.category, observations: v.observations })),
    options.elasticity,
  );
  return variants.map((v, i) => {
    const est = estimates[i];
    const baseline = baselineDemand(v.observations, v.currentPrice, est.posterior, options.baselineWindowDays);
    return { estimate: est, proposal: proposeOne(v, est, baseline, options.optimize) };
  });
}

function proposeOne(
  v: Omit<VariantPricingInput, "observations">,
  est: ElasticityEstimate,
  baseline: { unitsPerDay: number },
  options: OptimizeOptions | undefined,
): ProposalResult {
  return proposePrice(
    {
      variantId: v.variantId,
      currentPrice: v.currentPrice,
      unitCost: v.unitCost,
      elasticity: est.posterior,
      elasticitySe: est.posteriorSe,
      confidence: est.confidence,
      baselineUnitsPerDay: baseline.unitsPerDay,
      competitorPrices: v.competitorPrices,
    },
    options,
  );
}

/** A variant whose history is built when it is fitted (proposeFromHistoryPaced). */
export interface LazyVariantPricingInput extends Omit<VariantPricingInput, "observations"> {
  /** Builds the variant's history; called once. */
  observations: () => readonly DailyObservation[];
}

/**
 * proposeFromHistory for thousands of variants: the same estimates and proposals, but each history
 * is built, fitted and let go one variant at a time (keeping only the in-stock days its baseline
 * demand reads), and the event loop gets a turn between fits (agents/core/pace.ts). A year of
 * daily observations for every variant of a big store was hundreds of megabytes held at once, and
 * the fits seconds of CPU in one block.
 */
export async function proposeFromHistoryPaced(
  variants: readonly LazyVariantPricingInput[],
  options: { elasticity?: ElasticityOptions; optimize?: OptimizeOptions; baselineWindowDays?: number } = {},
): Promise<{ estimate: ElasticityEstimate; proposal: ProposalResult }[]> {
  const windowDays = options.baselineWindowDays ?? 28;
  const pace = pacer();
  const fits: VariantFit[] = [];
  // The days each baseline reads, packed: a few dozen objects per variant of 250k were hundreds of MB.
  const recent = new PackedDays();
  const ids = new Set<string>();
  for (const v of variants) {
    await pace();
    if (ids.has(v.variantId))
      throw new Error(`duplicate variantId ${v.variantId}; merge its observations into one entry`);
    ids.add(v.variantId);
    const observations = v.observations();
    fits.push({
      variantId: v.variantId,
      category: v.category,
      fit: fitVariant(v.variantId, observations, options.elasticity),
    });
    recent.add(baselineDays(observations, windowDays));
  }
  const estimates = await runPaced(shrinkFitsSteps(fits, options.elasticity), pace);
  const out: { estimate: ElasticityEstimate; proposal: ProposalResult }[] = [];
  for (const [i, v] of variants.entries()) {
    await pace();
    const est = estimates[i];
    const baseline = baselineDemand(recent.get(i), v.currentPrice, est.posterior, windowDays);
    out.push({ estimate: est, proposal: proposeOne(v, est, baseline, options.optimize) });
  }
  return out;
}

/**
 * Lists of in-stock observations kept as numbers: date (interned), price and units in typed arrays,
 * list i at [starts[i], starts[i + 1]). get(i) gives back equal observations.
 */
class PackedDays {
  private readonly dates: string[] = [];
  private readonly dateIndex = new Map<string, number>();
  private starts = new Int32Array(1024);
  private lists = 0;
  private date = new Int32Array(1024);
  private price = new Float64Array(1024);
  private units = new Float64Array(1024);
  private length = 0;

  add(observations: readonly DailyObservation[]): void {
    if (this.lists + 2 > this.starts.length) this.starts = grown(this.starts, this.lists + 2);
    const need = this.length + observations.length;
    if (need > this.date.length) {
      this.date = grown(this.date, need);
      this.price = grown(this.price, need);
      this.units = grown(this.units, need);
    }
    for (const o of observations) {
      if (o.inStock === false) throw new Error("PackedDays keeps in-stock days only");
      let d = this.dateIndex.get(o.date);
      if (d === undefined) {
        this.dateIndex.set(o.date, (d = this.dates.length));
        this.dates.push(o.date);
      }
      this.date[this.length] = d;
      this.price[this.length] = o.price;
      this.units[this.length++] = o.units;
    }
    this.starts[++this.lists] = this.length;
  }

  get(i: number): DailyObservation[] {
    const out: DailyObservation[] = [];
    for (let r = this.starts[i]; r < this.starts[i + 1]; r++)
      out.push({ date: this.dates[this.date[r]], price: this.price[r], units: this.units[r] });
    return out;
  }
}

function grown<A extends Int32Array | Float64Array>(values: A, atLeast: number): A {
  const bigger = new (values.constructor as new (n: number) => A)(Math.max(atLeast, values.length * 2));
  bigger.set(values);
  return bigger;
}

/**
 * The observations baselineDemand reads of a history: its in-stock days within `windowDays` of the
 * last one. baselineDemand of these equals baselineDemand of the whole history.
 */
function baselineDays(observations: readonly DailyObservation[], windowDays: number): DailyObservation[] {
  const { kept } = cleanObservations(observations);
  if (kept.length === 0) return [];
  const from = kept[kept.length - 1].day - windowDays;
  return observations.filter(
    (o) => o.inStock !== false && Math.round(Date.parse(`${o.date}T00:00:00Z`) / DAY_MS) > from,
  );
}
