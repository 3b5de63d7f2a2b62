// Per-variant demand and inventory simulation, run before any order exists.
//
// Demand: purchase events of variant v arrive as a Poisson process with daily intensity
//   base_v * (price/ref)^e_v * multiplier[d] / meanEventSize_v,
// each event buying 1-4 units, so expected daily units = base_v * (price/ref)^e_v * multiplier[d].
// Instead of a Poisson draw per variant per day (300k variants x 730 days), we draw the variant's
// total event count once and place each event by inverting the cumulative intensity, which the
// shared calendar makes a binary search: O(events log days) overall.
//
// Inventory: a reorder-point policy per variant (lead time, cover days, safety stock; a quarter
// of the variants have an unreliable supplier with thin safety stock and long lead times). Demand
// that meets an empty shelf is lost, not backordered. The stock left after the last day is the
// variant's inventory, so the catalogue and the order history agree by construction.

import type { Catalog } from "./catalog";
import type { DemandCalendar } from "./calendar";
import type { PricePaths } from "./pricing";
import { type Rng } from "./random";

/** Event sizes (units per line) for regular and slow-moving variants: [P(1), P(2), P(3), P(4)]. */
const REGULAR_SIZES = [0.88, 0.09, 0.03, 0];
const SLOW_SIZES = [0.6, 0.25, 0.1, 0.05];
const meanOf = (p: number[]) => p.reduce((s, pi, i) => s + pi * (i + 1), 0);
const REGULAR_MEAN = meanOf(REGULAR_SIZES);
const SLOW_MEAN = meanOf(SLOW_SIZES);
/** Variants selling fewer units a day than this at base are slow movers with lumpy, intermittent demand. */
export const SLOW_MOVER_DAILY_UNITS = 0.15;

export interface SalesEvents {
  count: number;
  day: Int32Array;
  variant: Int32Array;
  qty: Uint8Array;
}

export interface SimulationResult {
  events: SalesEvents;
  /** baseDailyDemand per variant. */
  base: Float64Array;
  finalStock: Int32Array;
  /** Stockouts as flat triples: variant, fromDay, untilDay (-1 = not restocked by the end). */
  stockouts: Int32Array;
  demandedUnits: number;
  lostUnits: number;
}

export function simulateSales(
  rng: Rng,
  catalog: Catalog,
  calendar: DemandCalendar,
  paths: PricePaths,
  targetEvents: number,
): SimulationResult {
  const { model } = catalog;
  const n = model.count;
  const C = calendar.cumulative;
  const days = calendar.days;

  // Intensity integral I_v = sum over price segments of factor * (C[end] - C[start]), within the selling window.
  const integral = new Float64Array(n);
  for (let v = 0; v < n; v++)
    integral[v] = intensityIntegral(v, model.activeFrom[v], model.activeTo[v], paths, C, days);

  // Scale popularity shares into units/day so that the expected event count meets the target.
  let sharedIntegral = 0;
  for (let v = 0; v < n; v++) sharedIntegral += (model.share[v] * integral[v]) / REGULAR_MEAN;
  const k0 = sharedIntegral > 0 ? targetEvents / sharedIntegral : 0;
  const slow = new Uint8Array(n);
  let weighted = 0;
  for (let v = 0; v < n; v++) {
    slow[v] = model.share[v] * k0 < SLOW_MOVER_DAILY_UNITS ? 1 : 0;
    weighted += (model.share[v] * integral[v]) / (slow[v] ? SLOW_MEAN : REGULAR_MEAN);
  }
  const scale = weighted > 0 ? targetEvents / weighted : 0;
  const base = new Float64Array(n);
  for (let v = 0; v < n; v++) base[v] = model.share[v] * scale;

  const out = new EventBuffer(Math.ceil(targetEvents * 1.05) + 16);
  const stockouts: number[] = [];
  const finalStock = new Int32Array(n);
  let keys = new Int32Array(1024);
  let demandedUnits = 0;
  let lostUnits = 0;

  for (let v = 0; v < n; v++) {
    const sizes = slow[v] ? SLOW_SIZES : REGULAR_SIZES;
    const meanSize = slow[v] ? SLOW_MEAN : REGULAR_MEAN;
    const from = model.activeFrom[v];
    const to = model.activeTo[v];
    const reliable = rng.bernoulli(0.75);
    const leadTime = reliable ? rng.int(5, 14) : rng.int(14, 35);
    const coverDays = rng.uniform(30, 75);
    const reorderFactor = leadTime * (reliable ? 2.2 : 1.3); // lead-time demand plus safety stock
    const minStock = reliable ? 1 : 0; // a careful buyer never lets even a slow mover run dry

    let stock = Math.ceil(plannedRate(v, from, base, paths, calendar) * (reorderFactor + coverDays) + 2);
    if (from >= days) {
      finalStock[v] = stock; // a draft: stock bought for a launch that has not happened
      continue;
    }

    // Draw and place this variant's purchase events.
    const count = rng.poisson((base[v] * integral[v]) / meanSize);
    if (count > keys.length) keys = new Int32Array(Math.max(count, keys.length * 2));
    for (let i = 0; i < count; i++) {
      const day = placeEvent(rng.next() * integral[v], v, from, to, paths, C);
      keys[i] = day * 8 + 1 + sampleSize(rng, sizes);
    }
    const sorted = keys.subarray(0, count).sort();

    let pendingDay = -1;
    let pendingQty = 0;
    let outFrom = -1;
    // The last event is followed by a pass that receives any delivery due before the end.
    for (let i = 0; i <= count; i++) {
      const day = i < count ? sorted[i] >> 3 : days - 1;
      // Deliveries due by today arrive first; a delivery that leaves stock at or below the
      // reorder point triggers the next purchase order right away.
      while (pendingDay >= 0 && pendingDay <= day) {
        const arrival = pendingDay;
        stock += pendingQty;
        pendingDay = -1;
        if (outFrom >= 0) {
          if (arrival > outFrom) stockouts.push(v, outFrom, arrival);
          outFrom = -1;
        }
        const rate = plannedRate(v, arrival, base, paths, calendar);
        if (stock <= Math.max(minStock, rate * reorderFactor)) {
          pendingDay = arrival + 1 + leadTime;
          pendingQty = Math.max(2, Math.ceil(rate * coverDays));
        }
      }
      if (i === count) break;
      const qty = sorted[i] & 7;
      demandedUnits += qty;
      if (stock === 0) {
        lostUnits += qty;
        continue;
      }
      const sold = Math.min(qty, stock);
      stock -= sold;
      lostUnits += qty - sold;
      out.push(day, v, sold);
      if (stock === 0) outFrom = day + 1;
      if (pendingDay < 0) {
        const rate = plannedRate(v, day, base, paths, calendar);
        if (stock <= Math.max(minStock, rate * reorderFactor)) {
          pendingDay = day + 1 + leadTime;
          pendingQty = Math.max(2, Math.ceil(rate * coverDays));
        }
      }
    }
    if (outFrom >= 0 && outFrom < days) stockouts.push(v, outFrom, -1);
    finalStock[v] = stock;
  }

  return { events: out.view(), base, finalStock, stockouts: Int32Array.from(stockouts), demandedUnits, lostUnits };
}

/** Units a day the merchant plans for: base demand at the price in force, times the 28-day outlook. */
function plannedRate(v: number, day: number, base: Float64Array, paths: PricePaths, calendar: DemandCalendar): number {
  const d = Math.min(Math.max(day, 0), calendar.days - 1);
  return base[v] * paths.segFactor[segmentOf(paths, v, d)] * calendar.outlook[d];
}

function intensityIntegral(
  v: number,
  from: number,
  to: number,
  paths: PricePaths,
  C: Float64Array,
  days: number,
): number {
  let total = 0;
  const last = paths.segOffset[v + 1] - 1;
  for (let k = paths.segOffset[v]; k <= last; k++) {
    const s = Math.max(from, paths.segDay[k]);
    const e = Math.min(to, days, k < last ? paths.segDay[k + 1] : days);
    if (e > s) total += paths.segFactor[k] * (C[e] - C[s]);
  }
  return total;
}

/** The day at which cumulative intensity (within the selling window) reaches u. */
function placeEvent(u: number, v: number, from: number, to: number, paths: PricePaths, C: Float64Array): number {
  const last = paths.segOffset[v + 1] - 1;
  const days = C.length - 1;
  for (let k = paths.segOffset[v]; k <= last; k++) {
    const s = Math.max(from, paths.segDay[k]);
    const e = Math.min(to, days, k < last ? paths.segDay[k + 1] : days);
    if (e <= s) continue;
    const w = paths.segFactor[k] * (C[e] - C[s]);
    if (u < w || k === last) {
      const target = C[s] + u / paths.segFactor[k];
      // Smallest d in [s, e) with C[d + 1] > target.
      let lo = s;
      let hi = e - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (C[mid + 1] > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }
    u -= w;
  }
  return Math.max(0, Math.min(from, days - 1));
}

function segmentOf(paths: PricePaths, v: number, day: number): number {
  let k = paths.segOffset[v + 1] - 1;
  const first = paths.segOffset[v];
  while (k > first && paths.segDay[k] > day) k--;
  return k;
}

function sampleSize(rng: Rng, sizes: number[]): number {
  let u = rng.next();
  for (let i = 0; i < sizes.length; i++) {
    u -= sizes[i];
    if (u < 0) return i;
  }
  return 0;
}

class EventBuffer {
  private day: Int32Array;
  private variant: Int32Array;
  private qty: Uint8Array;
  private n = 0;

  constructor(capacity: number) {
    this.day = new Int32Array(capacity);
    this.variant = new Int32Array(capacity);
    this.qty = new Uint8Array(capacity);
  }

  push(day: number, variant: number, qty: number): void {
    if (this.n === this.day.length) {
      const cap = Math.ceil(this.n * 1.5) + 16;
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T) => {
        const b = make(cap);
        b.set(a);
        return b;
      };
      this.day = grow(this.day, (c) => new Int32Array(c));
      this.variant = grow(this.variant, (c) => new Int32Array(c));
      this.qty = grow(this.qty, (c) => new Uint8Array(c));
    }
    this.day[this.n] = day;
    this.variant[this.n] = variant;
    this.qty[this.n] = qty;
    this.n++;
  }

  view(): SalesEvents {
    return {
      count: this.n,
      day: this.day.subarray(0, this.n),
      variant: this.variant.subarray(0, this.n),
      qty: this.qty.subarray(0, this.n),
    };
  }
}
