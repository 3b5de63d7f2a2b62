// The paid sales a price elasticity is fitted on, packed (issue #19). dailySales (agents/data/catalog.ts)
// gives every variant four dense arrays of a year of days: at 292k variants that was 3.8 GB held at
// once, and seconds of loops over it in one block. Here the database sums per variant and day (only
// the days with a paid unit: a day without one is a zero and no price either way), the rows are
// streamed packed through the reader (forEachPackedRow) into typed arrays grouped by variant, and a
// variant's daily series is laid out only while it is fitted (paidSeriesOf).
import { dialect, forEachPackedRow } from "../analytics/sql";
import { pacer } from "../core/pace";
import { addDays, daysBetween, type IsoDay } from "../core/time";
import { IN_CHUNK } from "../db/chunk";
import type { Db } from "../db/client";
import { fillLocalDays } from "../mirror/local-days";

/** Days with paid units, per variant: rows [offsets[k], offsets[k + 1]) of the arrays are variant k's. */
export interface PaidSales {
  /** Shop-local day of index 0. */
  start: IsoDay;
  days: number;
  /** Variants with at least one paid unit in the window, in no particular order. */
  variantIds: string[];
  offsets: Int32Array;
  /** Day index in the window (0 = start). */
  day: Int32Array;
  /** Units sold at a price above zero that day. */
  paidUnits: Float64Array;
  /** Money taken for them that day. */
  revenue: Float64Array;
}

/** A growable packed column. */
class Column<A extends Int32Array | Float64Array> {
  length = 0;
  constructor(
    public values: A,
    private readonly make: (n: number) => A,
  ) {}
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = this.make(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
}

/**
 * Paid units and revenue per variant and shop-local day over `days` days ending `end`, cancelled
 * orders left out: the same sums as dailySales's paidUnits and revenue, on the days that have any.
 */
export async function paidSales(
  db: Db,
  shop: string,
  options: { days: number; end: IsoDay; variantIds?: readonly string[] },
): Promise<PaidSales> {
  // Rows written without a local day (direct inserts) get one first; a no-op after a sync.
  await fillLocalDays(db, shop);
  const start = addDays(options.end, -(options.days - 1));
  const wanted = options.variantIds ? new Set(options.variantIds) : null;
  const indexOf = new Map<string, number>();
  const variantIds: string[] = [];
  const variantCol = new Column(new Int32Array(1 << 16), (n) => new Int32Array(n));
  const dayCol = new Column(new Int32Array(1 << 16), (n) => new Int32Array(n));
  const paidCol = new Column(new Float64Array(1 << 16), (n) => new Float64Array(n));
  const revenueCol = new Column(new Float64Array(1 << 16), (n) => new Float64Array(n));
  const dayIndex = new Map<string, number>(); // a few hundred days, parsed once each
  const d = dialect();
  const sumsOf = (variantFilter: string) =>
    forEachPackedRow(
      db,
      d,
      `SELECT l."variantId" AS "v", l."localDay" AS "day",
  SUM(CASE WHEN l."unitPrice" > 0 THEN l."quantity" ELSE 0 END) AS "paid",
  SUM(CASE WHEN l."unitPrice" > 0 THEN l."quantity" * l."unitPrice" ELSE 0 END) AS "revenue"
FROM "MirrorLineItem" l
WHERE l."shop" = ${d.lit(shop)} AND l."localDay" >= ${d.lit(start)} AND l."localDay" <= ${d.lit(options.end)} AND ${variantFilter}
  AND l."orderId" NOT IN (SELECT o."id" FROM "MirrorOrder" o WHERE o."shop" = ${d.lit(shop)} AND o."cancelledAt" IS NOT NULL AND o."localDay" >= ${d.lit(start)})
GROUP BY l."variantId", l."localDay"
HAVING SUM(CASE WHEN l."unitPrice" > 0 THEN l."quantity" ELSE 0 END) > 0`,
      ["paid", "revenue", "day", "v"],
      (row) => {
        const variantId = row.text(3);
        if (wanted && !wanted.has(variantId)) return;
        const day = row.text(2);
        let index = dayIndex.get(day);
        if (index === undefined) dayIndex.set(day, (index = daysBetween(start, day as IsoDay)));
        if (index < 0 || index >= options.days) return;
        let k = indexOf.get(variantId);
        if (k === undefined) {
          indexOf.set(variantId, (k = variantIds.length));
          variantIds.push(variantId);
        }
        variantCol.push(k);
        dayCol.push(index);
        paidCol.push(row.num(0));
        revenueCol.push(row.num(1));
      },
    );
  // As dailySales: a few variants by id (their index), many as one pass over the window filtered
  // here, none asked for no statement (PostgreSQL refuses an empty IN list).
  if (!wanted || wanted.size > IN_CHUNK) await sumsOf(`l."variantId" IS NOT NULL`);
  else if (wanted.size > 0) await sumsOf(`l."variantId" IN (${[...wanted].map((id) => d.lit(id)).join(", ")})`);
  return groupByVariant(start, options.days, variantIds, variantCol, dayCol, paidCol, revenueCol);
}

/** Counting sort of the streamed rows by variant (rows arrive in no order), paced. */
async function groupByVariant(
  start: IsoDay,
  days: number,
  variantIds: string[],
  variantCol: Column<Int32Array>,
  dayCol: Column<Int32Array>,
  paidCol: Column<Float64Array>,
  revenueCol: Column<Float64Array>,
): Promise<PaidSales> {
  const rows = variantCol.length;
  const offsets = new Int32Array(variantIds.length + 1);
  for (let r = 0; r < rows; r++) offsets[variantCol.values[r] + 1]++;
  for (let k = 0; k < variantIds.length; k++) offsets[k + 1] += offsets[k];
  const next = offsets.slice(0, variantIds.length);
  const day = new Int32Array(rows);
  const paidUnits = new Float64Array(rows);
  const revenue = new Float64Array(rows);
  const pace = pacer();
  for (let r = 0; r < rows; r++) {
    if ((r & 0xfff) === 0) await pace();
    const at = next[variantCol.values[r]]++;
    day[at] = dayCol.values[r];
    paidUnits[at] = paidCol.values[r];
    revenue[at] = revenueCol.values[r];
  }
  return { start, days, variantIds, offsets, day, paidUnits, revenue };
}

/**
 * One variant's dense series over the whole window (as dailySales's paidUnits and price): paid
 * units per day (0 without a sale) and the average price charged (NaN without a paid unit).
 * Written into `into` (reused between variants) and returned.
 */
export function paidSeriesOf(
  sales: PaidSales,
  k: number,
  into: { units: Float64Array; price: Float64Array } = {
    units: new Float64Array(sales.days),
    price: new Float64Array(sales.days),
  },
): { units: Float64Array; price: Float64Array } {
  into.units.fill(0);
  into.price.fill(NaN);
  for (let r = sales.offsets[k]; r < sales.offsets[k + 1]; r++) {
    into.units[sales.day[r]] = sales.paidUnits[r];
    into.price[sales.day[r]] = sales.revenue[r] / sales.paidUnits[r];
  }
  return into;
}
