// Price paths: each product's prices change a few times over the history (all its variants move
// together, as merchants reprice products); best sellers are repriced more often, which is what
// makes their elasticity recoverable from the sales history.

import type { Catalog } from "./catalog";
import { charmPrice } from "./catalog";
import type { DemandCalendar } from "./calendar";
import { type Rng } from "./random";
import type { SeedPriceChange } from "./types";

export interface PricePaths {
  /** Segments of variant v are segOffset[v] .. segOffset[v+1]-1, in day order. */
  segOffset: Int32Array;
  segDay: Int32Array;
  segPrice: Float64Array;
  /** (price / refPrice) ^ elasticity per segment: the demand factor of that price. */
  segFactor: Float64Array;
}

const PRICE_LEVELS = [0.75, 0.8, 0.85, 0.9, 0.95, 1.05, 1.1, 1.15, 1.2, 1.25];
const MIN_DAYS_BETWEEN_CHANGES = 14;

export function buildPricePaths(rng: Rng, catalog: Catalog, calendar: DemandCalendar): PricePaths {
  const { model, products } = catalog;
  const days = calendar.days;

  // Rank products by popularity so the top ones get frequent price tests.
  const productShare = new Float64Array(products.length);
  for (let v = 0; v < model.count; v++) productShare[model.productIndex[v]] += model.share[v];
  const byShare = Array.from({ length: products.length }, (_, i) => i).sort(
    (a, b) => productShare[b] - productShare[a],
  );
  const topCount = Math.max(5, Math.ceil(products.length * 0.01));
  const isTop = new Uint8Array(products.length);
  for (let i = 0; i < Math.min(topCount, byShare.length); i++) isTop[byShare[i]] = 1;

  // Per product: change days and price multipliers (shared by its variants).
  const productChangeDays: number[][] = new Array(products.length);
  const productLevels: number[][] = new Array(products.length);
  let firstVariant = 0;
  for (let p = 0; p < products.length; p++) {
    const from = model.activeFrom[firstVariant] ?? days;
    const to = model.activeTo[firstVariant] ?? days;
    firstVariant += products[p].variants.length;
    const start = Math.min(from, days - 1);
    const changeCount =
      to - from < 2 * MIN_DAYS_BETWEEN_CHANGES
        ? 0
        : isTop[p]
          ? rng.int(6, 10)
          : rng.bernoulli(0.45)
            ? 0
            : 1 + rng.poisson(1.5);
    const candidates: number[] = [];
    for (let i = 0; i < changeCount; i++) candidates.push(rng.int(from + MIN_DAYS_BETWEEN_CHANGES, to - 1));
    candidates.sort((a, b) => a - b);
    const changeDays = [start];
    for (const d of candidates)
      if (d - changeDays[changeDays.length - 1] >= MIN_DAYS_BETWEEN_CHANGES) changeDays.push(d);
    const levels = changeDays.map((_, i) => (i === 0 && rng.bernoulli(0.6) ? 1 : rng.choice(PRICE_LEVELS)));
    productChangeDays[p] = changeDays;
    productLevels[p] = levels;
  }

  let segCount = 0;
  for (let v = 0; v < model.count; v++) segCount += productChangeDays[model.productIndex[v]].length;
  const segOffset = new Int32Array(model.count + 1);
  const segDay = new Int32Array(segCount);
  const segPrice = new Float64Array(segCount);
  const segFactor = new Float64Array(segCount);
  let k = 0;
  for (let v = 0; v < model.count; v++) {
    segOffset[v] = k;
    const p = model.productIndex[v];
    const changeDays = productChangeDays[p];
    const levels = productLevels[p];
    const ref = model.refPrice[v];
    for (let i = 0; i < changeDays.length; i++) {
      // A sample-CSV variant must end at the price its file states.
      const level = model.pinnedPrice[v] && i === changeDays.length - 1 ? 1 : levels[i];
      const price = level === 1 ? ref : charmPrice(ref * level);
      segDay[k] = changeDays[i];
      segPrice[k] = price;
      segFactor[k] = Math.pow(price / ref, model.elasticity[v]);
      k++;
    }
    // The variant's current price is the last one in force; a markdown shows the reference price struck through.
    const variant = model.variants[v];
    const current = segPrice[k - 1];
    variant.price = current;
    if (current < ref - 0.005) variant.compareAtPrice = Math.max(variant.compareAtPrice ?? 0, ref);
    else if (variant.compareAtPrice !== null && variant.compareAtPrice <= current) variant.compareAtPrice = null;
  }
  segOffset[model.count] = k;
  return { segOffset, segDay, segPrice, segFactor };
}

export function priceHistoryOf(paths: PricePaths, catalog: Catalog, calendar: DemandCalendar): SeedPriceChange[] {
  const out: SeedPriceChange[] = new Array(paths.segDay.length);
  for (let v = 0; v < catalog.model.count; v++) {
    const variantId = catalog.model.variants[v].id;
    for (let k = paths.segOffset[v]; k < paths.segOffset[v + 1]; k++) {
      out[k] = { variantId, from: calendar.dates[paths.segDay[k]], price: paths.segPrice[k] };
    }
  }
  return out;
}

/** Segment index of variant v in force on `day`. */
export function segmentAt(paths: PricePaths, v: number, day: number): number {
  let k = paths.segOffset[v + 1] - 1;
  const first = paths.segOffset[v];
  while (k > first && paths.segDay[k] > day) k--;
  return k;
}
