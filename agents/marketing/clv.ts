// Churn risk, expected orders and customer lifetime value: BG/NBD for purchase counts plus Gamma-Gamma for spend.
// References: Fader, Hardie & Lee (2005) "Counting your customers the easy way" (BG/NBD) and
// "RFM and CLV: using iso-value curves" (Gamma-Gamma). Time unit throughout: days.
import { parseAsOf, summarizeCustomers, type CustomerHistories, type CustomerOrder } from "./orders";
import { hyp2f1, logBeta, logGamma, logSumExp, mean, nelderMeadWithRestartsSteps, pearson } from "./stats";
import { runPaced, runSteps, type Steps } from "../core/pace";
import { DAY_MS } from "../core/time";

/** Calibration summary of one customer: repeat purchase days x, day of last purchase t_x and age T (days since first). */
export interface FrequencyRecency {
  x: number;
  tx: number;
  T: number;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface FitInfo {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

function checkFrequencyRecency(d: FrequencyRecency, i: number): void {
  if (!Number.isInteger(d.x) || d.x < 0 || !(d.tx >= 0) || !(d.T >= d.tx)) {
    throw new Error(`data[${i}] must have integer x >= 0 and 0 <= tx <= T; got ${JSON.stringify(d)}`);
  }
}

/** Log-likelihood of one customer under BG/NBD. */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: FrequencyRecency): number {
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logBeta(a, b + x) - logBeta(a, b);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logSumExp(a3, a4);
}

export function fitBgNbd(data: readonly FrequencyRecency[]): { params: BgNbdParams } & FitInfo {
  data.forEach(checkFrequencyRecency);
  if (data.length === 0) throw new Error("fitBgNbd needs at least one customer");
  // Identical (x, tx, T) triples share a likelihood term.
  const groups = new Map<string, FrequencyRecency & { n: number }>();
  for (const d of data) {
    const key = `${d.x}|${d.tx}|${d.T}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { x: d.x, tx: d.tx, T: d.T, n: 1 });
  }
  return fitBgNbdGrouped([...groups.values()]);
}

/** fitBgNbd over distinct (x, tx, T) triples, each with the number n of customers who have it. */
export function fitBgNbdGrouped(
  groups: readonly (FrequencyRecency & { n: number })[],
): { params: BgNbdParams } & FitInfo {
  return runSteps(fitBgNbdGroupedSteps(groups));
}

/** fitBgNbdGrouped as steps (agents/core/pace.ts): a yield after each likelihood evaluation. */
function* fitBgNbdGroupedSteps(
  groups: readonly (FrequencyRecency & { n: number })[],
): Steps<{ params: BgNbdParams } & FitInfo> {
  groups.forEach(checkFrequencyRecency);
  if (groups.length === 0) throw new Error("fitBgNbd needs at least one customer");
  // The terms that depend only on x, and log(alpha + T) and log(alpha + tx), are computed once per
  // distinct value per evaluation (hundreds of them, for ~100k groups at a million orders).
  const slots = (values: number[]) => {
    const distinct = [...new Set(values)];
    const slot = new Map(distinct.map((v, i) => [v, i]));
    return { distinct, slotOf: (v: number) => slot.get(v)! };
  };
  const xs = slots(groups.map((d) => d.x));
  const ts = slots(groups.map((d) => d.T));
  const txs = slots(groups.map((d) => d.tx));
  const grouped = groups.map((d) => ({
    x: d.x,
    n: d.n,
    slot: xs.slotOf(d.x),
    tSlot: ts.slotOf(d.T),
    txSlot: txs.slotOf(d.tx),
  }));
  const byX = new Float64Array(xs.distinct.length);
  const dropTerm = new Float64Array(xs.distinct.length);
  const logAlphaT = new Float64Array(ts.distinct.length);
  const logAlphaTx = new Float64Array(txs.distinct.length);
  const negLL = (theta: number[]) => {
    const [r, alpha, a, b] = theta.map(Math.exp);
    const logAlpha = Math.log(alpha);
    const baseBeta = logBeta(a, b);
    const logGammaR = logGamma(r);
    xs.distinct.forEach((x, i) => {
      byX[i] = logGamma(r + x) - logGammaR + r * logAlpha + logBeta(a, b + x) - baseBeta;
      dropTerm[i] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    });
    ts.distinct.forEach((T, i) => (logAlphaT[i] = Math.log(alpha + T)));
    txs.distinct.forEach((tx, i) => (logAlphaTx[i] = Math.log(alpha + tx)));
    let ll = 0;
    for (const g of grouped) {
      const survive = -(r + g.x) * logAlphaT[g.tSlot];
      const dropped = dropTerm[g.slot] - (r + g.x) * logAlphaTx[g.txSlot];
      ll += g.n * (byX[g.slot] + logSumExp(survive, dropped));
    }
    return -ll;
  };
  let customers = 0;
  let ageSum = 0;
  for (const g of groups) {
    customers += g.n;
    ageSum += g.n * g.T;
  }
  const meanT = Math.max(1, ageSum / customers);
  // Start near "one order per ~ a tenth of the observed age"; log-parameters keep the search unconstrained.
  const start = [0, Math.log(meanT / 10), 0, 0];
  const result = yield* nelderMeadWithRestartsSteps(negLL, start, { maxIterations: 3000, tolerance: 1e-10, step: 1 });
  const [r, alpha, a, b] = result.x.map(Math.exp);
  return {
    params: { r, alpha, a, b },
    logLikelihood: -result.value,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** P(customer still active at T | x, tx, T). */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: FrequencyRecency): number {
  if (x === 0) return 1;
  const logRatio = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/** Expected number of purchase days in (T, T + t] given the customer's history (FHL 2005, eq. 10). */
export function expectedPurchases(params: BgNbdParams, { x, tx, T }: FrequencyRecency, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, b } = params;
  // The closed form divides by (a - 1); nudge a off 1 where it is a removable singularity.
  const a = Math.abs(params.a - 1) < 1e-6 ? 1 + 1e-6 : params.a;
  const z = t / (alpha + T + t);
  const power = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - power * hyp2f1(r + x, b + x, a + b + x - 1, z));
  return numerator * probabilityAlive({ r, alpha, a, b }, { x, tx, T });
}

/** Log-likelihood of one customer's mean repeat spend under Gamma-Gamma. */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParams, x: number, meanSpend: number): number {
  return (
    logGamma(p * x + q) -
    logGamma(p * x) -
    logGamma(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(meanSpend) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(gamma + x * meanSpend)
  );
}

export function fitGammaGamma(
  data: readonly { x: number; meanSpend: number }[],
): { params: GammaGammaParams } & FitInfo {
  return fitGammaGammaColumns(
    data.map((d) => d.x),
    data.map((d) => d.meanSpend),
  );
}

/** fitGammaGamma over two columns: repeat purchases x and mean repeat spend, one row per customer. */
export function fitGammaGammaColumns(
  xs: ArrayLike<number>,
  meanSpends: ArrayLike<number>,
): { params: GammaGammaParams } & FitInfo {
  return runSteps(fitGammaGammaColumnsSteps(xs, meanSpends));
}

/** fitGammaGammaColumns as steps: a yield after each likelihood evaluation. */
function* fitGammaGammaColumnsSteps(
  xs: ArrayLike<number>,
  meanSpends: ArrayLike<number>,
): Steps<{ params: GammaGammaParams } & FitInfo> {
  const n = xs.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(xs[i]) || xs[i] < 1 || !(meanSpends[i] > 0)) {
      throw new Error(
        `data[${i}] must have integer x >= 1 and meanSpend > 0 (repeat buyers only); got ${JSON.stringify({ x: xs[i], meanSpend: meanSpends[i] })}`,
      );
    }
  }
  if (n === 0) throw new Error("fitGammaGamma needs at least one repeat customer with positive spend");
  // Same sum as gammaGammaLogLikelihood over the customers, with the gamma functions computed once per distinct x.
  const distinctX = [...new Set(Array.from(xs))];
  const xSlot = new Map(distinctX.map((x, i) => [x, i]));
  const logM = new Float64Array(n);
  const logX = new Float64Array(n);
  const slot = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    logM[i] = Math.log(meanSpends[i]);
    logX[i] = Math.log(xs[i]);
    slot[i] = xSlot.get(xs[i])!;
  }
  const byX = new Float64Array(distinctX.length);
  const negLL = (theta: number[]) => {
    const [p, q, gamma] = theta.map(Math.exp);
    const constant = q * Math.log(gamma) - logGamma(q);
    distinctX.forEach((x, i) => {
      byX[i] = logGamma(p * x + q) - logGamma(p * x) + constant;
    });
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const px = p * xs[i];
      ll += byX[slot[i]] + (px - 1) * logM[i] + px * logX[i] - (px + q) * Math.log(gamma + xs[i] * meanSpends[i]);
    }
    return -ll;
  };
  const m = mean(meanSpends);
  // Start at p = 1, q = 2 with gamma set so that the implied population mean p*gamma/(q-1) equals the sample mean.
  const result = yield* nelderMeadWithRestartsSteps(negLL, [0, Math.log(2), Math.log(m)], {
    maxIterations: 3000,
    tolerance: 1e-10,
    step: 1,
  });
  const [p, q, gamma] = result.x.map(Math.exp);
  return {
    params: { p, q, gamma },
    logLikelihood: -result.value,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** E[mean order value | x repeat purchases averaging meanSpend]; a customer with x = 0 gets the population mean. */
export function expectedOrderValue({ p, q, gamma }: GammaGammaParams, x: number, meanSpend: number): number {
  if (q <= 1) throw new Error(`Gamma-Gamma mean spend is infinite for q <= 1 (q = ${q})`);
  if (x === 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * meanSpend)) / (p * x + q - 1);
}

export interface ClvOptions {
  /** Prediction horizon for expected orders and CLV (default 365 days). */
  horizonDays?: number;
  /** Gross margin applied to revenue to get value (default 1 = CLV in revenue). */
  margin?: number;
  /** Annual discount rate for future cash flows (default 0). */
  annualDiscountRate?: number;
  /** Below these counts the fit is refused with too_little_data (defaults 100 and 20). */
  minCustomers?: number;
  minRepeatCustomers?: number;
}

export interface CustomerClv {
  customerId: string;
  /** Distinct purchase days (the model's unit of purchase). */
  purchaseDays: number;
  /** x: purchase days after the first. */
  repeatPurchases: number;
  daysSinceFirstOrder: number;
  daysSinceLastOrder: number;
  pAlive: number;
  /** 1 - pAlive. */
  churnRisk: number;
  /** Expected orders (purchase days) in the next horizonDays. */
  expectedOrders: number;
  /** P(at least one order in the next horizonDays). */
  pOrderInHorizon: number;
  /** Gamma-Gamma expected order value (shrinks the customer's own mean toward the population mean). */
  expectedOrderValue: number;
  /** expectedOrders x expectedOrderValue x margin, discounted per 30-day step. */
  clv: number;
  /** asOf + E[wait until next order | still active]; null when that mean is infinite (r + x <= 1). */
  expectedNextOrderDate: string | null;
  /** asOf + median wait until next order if still active (always defined). */
  medianNextOrderDate: string;
}

interface ClvFit {
  ok: true;
  asOf: string;
  horizonDays: number;
  margin: number;
  annualDiscountRate: number;
  bgNbd: { params: BgNbdParams } & FitInfo;
  gammaGamma: { params: GammaGammaParams } & FitInfo & {
      /** Customers used in the spend fit (repeat buyers with positive repeat spend). */
      customers: number;
      /** Gamma-Gamma assumes spend is independent of frequency; near 0 is what you want (|value| > 0.3 is a warning). */
      frequencySpendCorrelation: number;
    };
  warnings: string[];
}

export interface ClvOk extends ClvFit {
  customers: CustomerClv[];
}

/**
 * Every customer's scores in columns (row i is histories.customerIds[i]): a million customers
 * without an object each. clvCustomerAt gives one row as a CustomerClv.
 */
export interface ClvTable extends ClvFit {
  histories: CustomerHistories;
  pAlive: Float64Array;
  expectedOrders: Float64Array;
  pOrderInHorizon: Float64Array;
  expectedOrderValue: Float64Array;
  clv: Float64Array;
}

export interface ClvNotFitted {
  ok: false;
  reason: "too_little_data" | "fit_failed";
  message: string;
  customers: number;
  repeatCustomers: number;
  minCustomers: number;
  minRepeatCustomers: number;
}

export type ClvResult = ClvOk | ClvNotFitted;
export type ClvTableResult = ClvTable | ClvNotFitted;

/** A customer's (x, t_x, T) from their history: purchase days after the first, day of the last, age in days. */
function frequencyRecency(h: CustomerHistories, i: number): FrequencyRecency {
  return { x: h.purchaseDays[i] - 1, tx: h.lastDay[i] - h.firstDay[i], T: h.asOfDay - h.firstDay[i] };
}

/** Mean net value of the repeat purchase days (all but the first); 0 without repeats. */
function meanRepeatSpend(h: CustomerHistories, i: number): number {
  const x = h.purchaseDays[i] - 1;
  return x > 0 ? (h.netRevenue[i] - h.netOnFirstDay[i]) / x : 0;
}

/**
 * Fits BG/NBD and Gamma-Gamma to per-customer histories and scores every customer. Several orders on the same
 * calendar day count as one purchase (BG/NBD models at most one purchase per period); monetary value is the net
 * (refunds subtracted) value of repeat purchase days only, as the Gamma-Gamma paper prescribes.
 */
export function scoreClv(histories: CustomerHistories, options: ClvOptions = {}): ClvTableResult {
  return runSteps(scoreClvSteps(histories, options));
}

/**
 * scoreClv paced (agents/core/pace.ts): the same table, with the event loop given a turn every
 * slice. At a million orders the two fits are seconds of likelihood evaluations in one go otherwise.
 */
export function scoreClvPaced(histories: CustomerHistories, options: ClvOptions = {}): Promise<ClvTableResult> {
  return runPaced(scoreClvSteps(histories, options));
}

/** Customers between yields in the per-customer loops of scoreClvSteps. */
const CUSTOMERS_PER_STEP = 1024;

function* scoreClvSteps(histories: CustomerHistories, options: ClvOptions): Steps<ClvTableResult> {
  const {
    horizonDays = 365,
    margin = 1,
    annualDiscountRate = 0,
    minCustomers = 100,
    minRepeatCustomers = 20,
  } = options;
  if (!(horizonDays > 0 && horizonDays <= 3650))
    throw new Error(`horizonDays must be in (0, 3650]; got ${horizonDays}`);
  if (!(margin > 0 && margin <= 1)) throw new Error(`margin must be a fraction in (0, 1] (1 = revenue); got ${margin}`);
  if (!(annualDiscountRate >= 0 && annualDiscountRate < 1))
    throw new Error(`annualDiscountRate must be in [0, 1); got ${annualDiscountRate}`);
  const h = histories;
  const n = h.size;
  let repeatCustomers = 0;
  for (let i = 0; i < n; i++) if (h.purchaseDays[i] > 1) repeatCustomers++;
  const counts = { customers: n, repeatCustomers, minCustomers, minRepeatCustomers };
  if (n < minCustomers || repeatCustomers < minRepeatCustomers) {
    return {
      ok: false,
      reason: "too_little_data",
      message:
        `Only ${n} customers (need >= ${minCustomers}) and ${repeatCustomers} repeat customers (need >= ${minRepeatCustomers}); ` +
        "a purchase-probability model fitted to this would be noise. Use the RFM segments until more order history exists.",
      ...counts,
    };
  }

  // Distinct (x, tx, T) with their customer counts, in order of first appearance; each customer's
  // group by position (numeric keys: no string per customer).
  const groups: (FrequencyRecency & { n: number })[] = [];
  const groupOf = new Int32Array(n);
  const slot = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    if (i % CUSTOMERS_PER_STEP === CUSTOMERS_PER_STEP - 1) yield;
    const x = h.purchaseDays[i] - 1;
    const tx = h.lastDay[i] - h.firstDay[i];
    const T = h.asOfDay - h.firstDay[i];
    const k = tx < 65_536 && T < 65_536 ? (x * 65_536 + tx) * 65_536 + T : `${x}|${tx}|${T}`;
    let g = slot.get(k);
    if (g === undefined) {
      g = groups.push({ x, tx, T, n: 0 }) - 1;
      slot.set(k, g);
    }
    groups[g].n++;
    groupOf[i] = g;
  }
  const bgNbd = yield* fitBgNbdGroupedSteps(groups);
  // Repeat customers with positive repeat spend: the Gamma-Gamma data, as two columns.
  let spenders = 0;
  for (let i = 0; i < n; i++) if (h.purchaseDays[i] > 1 && meanRepeatSpend(h, i) > 0) spenders++;
  if (spenders < minRepeatCustomers) {
    return {
      ok: false,
      reason: "too_little_data",
      message: `Only ${spenders} repeat customers with positive repeat spend (need >= ${minRepeatCustomers}) to fit the spend model.`,
      ...counts,
    };
  }
  const spendX = new Int32Array(spenders);
  const spendMean = new Float64Array(spenders);
  for (let i = 0, k = 0; i < n; i++)
    if (h.purchaseDays[i] > 1 && meanRepeatSpend(h, i) > 0) {
      spendX[k] = h.purchaseDays[i] - 1;
      spendMean[k++] = meanRepeatSpend(h, i);
    }
  yield;
  const gammaGamma = yield* fitGammaGammaColumnsSteps(spendX, spendMean);
  const { r, alpha, a, b } = bgNbd.params;
  const paramValues = [r, alpha, a, b, gammaGamma.params.p, gammaGamma.params.q, gammaGamma.params.gamma];
  if (paramValues.some((v) => !Number.isFinite(v) || v <= 0 || v > 1e8) || gammaGamma.params.q <= 1) {
    return {
      ok: false,
      reason: "fit_failed",
      message:
        `The fit did not produce usable parameters (BG/NBD r=${r}, alpha=${alpha}, a=${a}, b=${b}; ` +
        `Gamma-Gamma p=${gammaGamma.params.p}, q=${gammaGamma.params.q}, gamma=${gammaGamma.params.gamma}; q must exceed 1). ` +
        "The history probably does not follow the model (e.g. a few bulk buyers dominate); rely on RFM segments.",
      ...counts,
    };
  }

  const warnings: string[] = [];
  if (!bgNbd.converged) warnings.push("BG/NBD optimiser hit its iteration limit; parameters may be imprecise.");
  if (!gammaGamma.converged)
    warnings.push("Gamma-Gamma optimiser hit its iteration limit; parameters may be imprecise.");
  const correlation = pearson(spendX, spendMean);
  if (Math.abs(correlation) > 0.3) {
    warnings.push(
      `Frequency and spend are correlated (${correlation.toFixed(2)}); Gamma-Gamma assumes independence, so CLV is less reliable.`,
    );
  }

  const steps: number[] = [];
  for (let t = 30; t < horizonDays; t += 30) steps.push(t);
  steps.push(horizonDays);
  // Customers with the same (x, tx, T) share every purchase-model figure: computed once per group.
  const perGroup: ({ pAlive: number; expected: number; pOrder: number; perValue: number } | undefined)[] = [];
  const purchaseModel = (g: number) => {
    const known = perGroup[g];
    if (known) return known;
    const fr = groups[g];
    const pAlive = probabilityAlive(bgNbd.params, fr);
    // Expected purchases per 30-day step, discounted: CLV = this x expected order value x margin.
    let perValue = 0;
    let previous = 0;
    for (const t of steps) {
      const cumulative = expectedPurchases(bgNbd.params, fr, t);
      perValue += (cumulative - previous) / (1 + annualDiscountRate) ** (t / 365);
      previous = cumulative;
    }
    // Given still active, the purchase rate has posterior Gamma(r + x, alpha + T) and BG/NBD customers only drop
    // out right after a purchase, so the wait to the next order is Exponential(lambda) mixed over that posterior.
    const shape = r + fr.x;
    const scale = alpha + fr.T;
    const pOrder = pAlive * (1 - Math.exp(shape * (Math.log(scale) - Math.log(scale + horizonDays))));
    return (perGroup[g] = { pAlive, expected: previous, pOrder, perValue });
  };
  const pAlive = new Float64Array(n);
  const expectedOrders = new Float64Array(n);
  const pOrderInHorizon = new Float64Array(n);
  const value = new Float64Array(n);
  const clv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i % CUSTOMERS_PER_STEP === CUSTOMERS_PER_STEP - 1) yield;
    const figures = purchaseModel(groupOf[i]);
    pAlive[i] = figures.pAlive;
    expectedOrders[i] = figures.expected;
    pOrderInHorizon[i] = figures.pOrder;
    value[i] = expectedOrderValue(gammaGamma.params, groups[groupOf[i]].x, meanRepeatSpend(h, i));
    clv[i] = figures.perValue * value[i] * margin;
  }

  return {
    ok: true,
    asOf: h.asOf.toISOString(),
    horizonDays,
    margin,
    annualDiscountRate,
    bgNbd,
    gammaGamma: { ...gammaGamma, customers: spenders, frequencySpendCorrelation: correlation },
    warnings,
    histories: h,
    pAlive,
    expectedOrders,
    pOrderInHorizon,
    expectedOrderValue: value,
    clv,
  };
}

/** One customer of a scored table as a plain object, with the dates of the next expected order. */
export function clvCustomerAt(table: ClvTable, i: number): CustomerClv {
  const h = table.histories;
  const { x, tx, T } = frequencyRecency(h, i);
  const { r, alpha } = table.bgNbd.params;
  const shape = r + x;
  const scale = alpha + T;
  const meanWait = shape > 1 ? scale / (shape - 1) : null;
  const medianWait = scale * (2 ** (1 / shape) - 1);
  const toDate = (days: number) => new Date(h.asOf.getTime() + days * DAY_MS).toISOString();
  return {
    customerId: h.customerIds[i],
    purchaseDays: h.purchaseDays[i],
    repeatPurchases: x,
    daysSinceFirstOrder: T,
    daysSinceLastOrder: T - tx,
    pAlive: table.pAlive[i],
    churnRisk: 1 - table.pAlive[i],
    expectedOrders: table.expectedOrders[i],
    pOrderInHorizon: table.pOrderInHorizon[i],
    expectedOrderValue: table.expectedOrderValue[i],
    clv: table.clv[i],
    expectedNextOrderDate: meanWait === null || meanWait > 36_500 ? null : toDate(meanWait),
    medianNextOrderDate: toDate(Math.min(medianWait, 36_500)),
  };
}

/**
 * CLV from order rows (see scoreClv), with every customer as an object. Purchase days are calendar
 * days in `timeZone` (default UTC; the tools use the shop's).
 */
export function computeClv(
  orders: readonly CustomerOrder[],
  asOf: Date | string,
  options: ClvOptions & { timeZone?: string } = {},
): ClvResult {
  const table = scoreClv(summarizeCustomers(orders, parseAsOf(asOf), options.timeZone ?? "UTC"), options);
  if (!table.ok) return table;
  const fit: ClvFit = {
    ok: true,
    asOf: table.asOf,
    horizonDays: table.horizonDays,
    margin: table.margin,
    annualDiscountRate: table.annualDiscountRate,
    bgNbd: table.bgNbd,
    gammaGamma: table.gammaGamma,
    warnings: table.warnings,
  };
  return { ...fit, customers: Array.from({ length: table.histories.size }, (_, i) => clvCustomerAt(table, i)) };
}
