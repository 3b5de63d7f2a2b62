// Accuracy of the selected model relative to weekly seasonal naive (RMSSE ratio; < 1 = better).
//   npx tsx bench/forecast-accuracy.ts [--series-per-family 60] [--horizon 28] [--origins 4]
// (a) real data: the Olist extract in ../shared/data/olist (skipped with a message when absent);
// (b) generated series with known structure.
// Evaluation is rolling-origin: for each origin the engine sees only the history before it and
// forecasts `horizon` days; both our forecast and seasonal naive are scored on the same days, and
// both are scaled by the same in-sample seasonal-naive error, so the ratio of RMSSEs per series is
// sqrt(Σ our squared errors / Σ naive squared errors) over all its origins.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { forecastSeries } from "../agents/forecasting/index";
import {
  linearTrendSeries,
  normal,
  poissonSeries,
  retailSeries,
  rng,
  weeklySeries,
} from "../agents/forecasting/testing/synthetic";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const olistDir = path.resolve(repoRoot, "../shared/data/olist");

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const HORIZON = flag("horizon", 28);
const ORIGINS = flag("origins", 4);
const PER_FAMILY = flag("series-per-family", 60);

interface SeriesScore {
  ratio: number;
  models: string[];
  skipped: number;
}

function seasonalNaive(history: number[], h: number): number[] {
  return Array.from({ length: h }, (_, j) => history[history.length - 7 + (j % 7)]);
}

/** Rolling-origin evaluation of one series; origins step back by the horizon from the end. */
function evaluate(series: number[]): SeriesScore {
  let ours = 0,
    naive = 0,
    skipped = 0;
  const models: string[] = [];
  for (let o = ORIGINS; o >= 1; o--) {
    const cut = series.length - o * HORIZON;
    if (cut < 7) {
      skipped++;
      continue;
    }
    const history = series.slice(0, cut),
      future = series.slice(cut, cut + HORIZON);
    const r = forecastSeries(history, { horizon: HORIZON });
    if (!r.ok) {
      skipped++;
      continue;
    }
    models.push(r.model);
    const sn = seasonalNaive(history, HORIZON);
    future.forEach((y, j) => {
      ours += (y - r.forecast[j]) ** 2;
      naive += (y - sn[j]) ** 2;
    });
  }
  return { ratio: naive > 0 ? Math.sqrt(ours / naive) : NaN, models, skipped };
}

function summarise(label: string, scores: SeriesScore[]): void {
  const ratios = scores.map((s) => s.ratio).filter((r) => Number.isFinite(r) && r > 0);
  const geo = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / Math.max(1, ratios.length));
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
  const wins = ratios.filter((r) => r < 1).length;
  const models: Record<string, number> = {};
  for (const s of scores) for (const m of s.models) models[m] = (models[m] ?? 0) + 1;
  const skipped = scores.reduce((a, s) => a + s.skipped, 0);
  console.log(
    `${label.padEnd(34)} series ${String(scores.length).padStart(4)}  geo-mean ratio ${geo.toFixed(3)}  median ${median.toFixed(3)}  beats naive ${wins}/${ratios.length} scored` +
      `${skipped ? `  (origins skipped: ${skipped})` : ""}\n${"".padEnd(36)}models ${JSON.stringify(models)}`,
  );
}

// ---------- (a) Olist ----------
function olistDay(ts: string, line: number): number {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) \d{1,2}:\d{2}$/.exec(ts);
  if (!m) throw new Error(`olist_orders_dataset.csv line ${line}: unexpected purchase timestamp ${JSON.stringify(ts)}`);
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])) / 86_400_000;
}

function olistBench(): void {
  if (!existsSync(olistDir)) {
    console.log(`(a) Olist: skipped, ${olistDir} not found`);
    return;
  }
  const orders = parse(readFileSync(path.join(olistDir, "olist_orders_dataset.csv")), { columns: true }) as Record<
    string,
    string
  >[];
  const items = parse(readFileSync(path.join(olistDir, "olist_order_items_dataset.csv")), { columns: true }) as Record<
    string,
    string
  >[];
  const purchaseDay = new Map<string, number>();
  orders.forEach((o, i) => purchaseDay.set(o.order_id, olistDay(o.order_purchase_timestamp, i + 2)));
  // The extract has almost no orders before 2017 (Sep–Oct 2016 only, then a gap): start there.
  const start = Date.UTC(2017, 0, 1) / 86_400_000;
  const end = Math.max(...purchaseDay.values());
  const days = end - start + 1;
  const blank = (): number[] => new Array(days).fill(0);

  const ordersPerDay = blank();
  for (const d of purchaseDay.values()) if (d >= start) ordersPerDay[d - start]++;
  const unitsAll = blank();
  const bySeller = new Map<string, number[]>();
  const byProduct = new Map<string, number[]>();
  let joined = 0;
  for (const it of items) {
    const d = purchaseDay.get(it.order_id);
    if (d === undefined || d < start) continue;
    joined++;
    unitsAll[d - start]++; // one row = one unit (order_item_id enumerates units)
    for (const [map, key] of [
      [bySeller, it.seller_id],
      [byProduct, it.product_id],
    ] as const) {
      const s = map.get(key) ?? blank();
      s[d - start]++;
      map.set(key, s);
    }
  }
  const total = (s: number[]): number => s.reduce((a, b) => a + b, 0);
  const sellers = [...bySeller.values()].filter((s) => total(s) >= 10);
  const products = [...byProduct.values()].filter((s) => total(s) >= 4);
  console.log(
    `(a) Olist extract: ${orders.length} orders, ${items.length} order items, ${joined} items joined to a purchase date in ${new Date(start * 86_400_000).toISOString().slice(0, 10)}..${new Date(end * 86_400_000).toISOString().slice(0, 10)} (${days} days)`,
  );
  console.log(
    `    product categories cannot be used: the products file shares almost no product_id with the items in this extract`,
  );
  summarise("orders per day (all orders)", [evaluate(ordersPerDay)]);
  summarise("units per day (joined items)", [evaluate(unitsAll)]);
  summarise("units/day per seller (>=10 units)", sellers.map(evaluate));
  summarise("units/day per product (>=4 units)", products.map(evaluate));
}

// ---------- (b) generated ----------
function generatedBench(): void {
  console.log(`(b) generated series, ${PER_FAMILY} per family, 2 years + ${ORIGINS} origins × ${HORIZON} days:`);
  const days = 730 + ORIGINS * HORIZON;
  const families: [string, (seed: number) => number[]][] = [
    ["weekly seasonal + Gaussian noise", (s) => weeklySeries(rng(s), days, 50, 5)],
    ["linear trend + noise", (s) => linearTrendSeries(rng(s), days, 10, 0.1, 3)],
    ["retail: weekly+yearly+trend, Poisson", (s) => retailSeries(rng(s), days)],
    [
      "random walk level + noise",
      (s) => {
        const rand = rng(s);
        let level = 100;
        return Array.from({ length: days }, () => Math.max(0, (level += 1.5 * normal(rand)) + 2 * normal(rand)));
      },
    ],
    ["intermittent Poisson(0.1)", (s) => poissonSeries(rng(s), days, 0.1)],
    ["intermittent Poisson(0.5)", (s) => poissonSeries(rng(s), days, 0.5)],
  ];
  families.forEach(([label, make], f) =>
    summarise(
      label,
      Array.from({ length: PER_FAMILY }, (_, i) => evaluate(make(1000 * (f + 1) + i))),
    ),
  );
}

const t0 = performance.now();
console.log(
  `forecast-accuracy: RMSSE(selected model) / RMSSE(seasonal naive), horizon ${HORIZON}, ${ORIGINS} rolling origins; < 1 means better than naive`,
);
olistBench();
generatedBench();
console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
