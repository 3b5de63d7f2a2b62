// Daily unit series from the Olist extract in ../shared/data/olist (real marketplace data), shared by
// the accuracy benchmark and the accuracy test. Returns null when the folder is absent (a fresh
// clone has no ../shared): callers skip with a message.
//
// Items carry no purchase date in this extract (only one in ten joins an order), so an item's day
// is its shipping_limit_date: a fixed few days after purchase, which keeps weekly and yearly patterns.
// The products file shares almost no product_id with the items, so categories cannot be joined; a
// seller's catalogue is the nearest thing to a category-level series this extract allows.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** ../shared beside the repository (a git worktree of it sits one level deeper: ../../shared). */
export function olistDir(): string | null {
  const found = ["../shared/data/olist", "../../shared/data/olist"]
    .map((p) => path.resolve(repoRoot, p))
    .find((dir) => existsSync(path.join(dir, "olist_order_items_dataset.csv")));
  return found ?? null;
}

export interface OlistSeries {
  /** ISO day of index 0 of every series (all end on the same last day). */
  startDate: string;
  days: number;
  items: number;
  /** Units per day of each product with at least `minProductUnits` units. */
  products: number[][];
  /** Units per day of each seller with at least `minSellerUnits` units. */
  sellers: number[][];
  /** All units per day. */
  units: number[];
  /** Orders per day (by purchase timestamp). */
  orders: number[];
}

function olistDay(ts: string, file: string, line: number): number {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) \d{1,2}:\d{2}$/.exec(ts);
  if (!m) throw new Error(`${file} line ${line}: unexpected timestamp ${JSON.stringify(ts)}`);
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])) / 86_400_000;
}

export function loadOlistSeries(minProductUnits = 8, minSellerUnits = 40): OlistSeries | null {
  const dir = olistDir();
  if (!dir) return null;
  const read = (file: string) =>
    parse(readFileSync(path.join(dir, file)), { columns: true }) as Record<string, string>[];
  const items = read("olist_order_items_dataset.csv");
  const orders = read("olist_orders_dataset.csv");
  const itemDays = items.map((it, i) => olistDay(it.shipping_limit_date, "olist_order_items_dataset.csv", i + 2));
  // The extract has almost no items before 2017 (a few in autumn 2016, then a gap): start there.
  const start = Date.UTC(2017, 0, 1) / 86_400_000;
  const end = Math.max(...itemDays);
  const days = end - start + 1;
  const blank = (): number[] => new Array(days).fill(0);
  const bySeller = new Map<string, number[]>();
  const byProduct = new Map<string, number[]>();
  const units = blank();
  items.forEach((it, i) => {
    const d = itemDays[i] - start;
    if (d < 0) return;
    units[d]++; // one row = one unit (order_item_id enumerates units)
    for (const [map, key] of [
      [bySeller, it.seller_id],
      [byProduct, it.product_id],
    ] as const) {
      const s = map.get(key) ?? blank();
      s[d]++;
      map.set(key, s);
    }
  });
  const ordersPerDay = blank();
  orders.forEach((o, i) => {
    const d = olistDay(o.order_purchase_timestamp, "olist_orders_dataset.csv", i + 2) - start;
    if (d >= 0 && d < days) ordersPerDay[d]++;
  });
  const total = (s: number[]): number => s.reduce((a, b) => a + b, 0);
  return {
    startDate: new Date(start * 86_400_000).toISOString().slice(0, 10),
    days,
    items: items.length,
    products: [...byProduct.values()].filter((s) => total(s) >= minProductUnits),
    sellers: [...bySeller.values()].filter((s) => total(s) >= minSellerUnits),
    units,
    orders: ordersPerDay,
  };
}
