// Accuracy of the forecasting engine on real retail series, side by side with the simple rules a
// merchant could use instead, scored like the M5 competition (RMSSE over the horizon).
//   npx tsx bench/forecast-accuracy.ts [--horizon 28] [--origins 4] [--generated 40]
//
// Datasets (real, public; skipped with a message when ../shared/data/olist is absent), built by
// agents/forecasting/testing/olist.ts:
//   - Olist item level: units per day of each product with at least 8 units sold (intermittent);
//   - Olist seller level: units per day of each seller with at least 40 units (the nearest thing to a
//     category level the extract allows);
//   - Olist marketplace: all units per day, and orders per day.
// Plus generated families with known structure (--generated N per family, 0 to skip).
//
// Evaluation is rolling-origin (agents/forecasting/testing/accuracy.ts): for each origin the engine
// and every simple rule see only the history before it and forecast `horizon` days. RMSSE =
// sqrt(mean squared error / mean squared one-step naive error of the history) per series and origin;
// the table gives the mean over series-origins per method, the ratio of the engine to the best
// simple rule of that dataset, the share of actual days inside the engine's 80 % and 95 % intervals,
// the share of horizon totals inside total ± z·cumulativeSd (the lead-time spread safety stock
// uses), and the engine's series/s (one thread, while the rules are computed too).
import { loadavg } from "node:os";
import { scoreDataset, SIMPLE_RULES } from "../agents/forecasting/testing/accuracy";
import { loadOlistSeries, olistDir } from "../agents/forecasting/testing/olist";
import {
  linearTrendSeries,
  poissonSeries,
  retailSeries,
  rng,
  weeklySeries,
} from "../agents/forecasting/testing/synthetic";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const HORIZON = flag("horizon", 28);
const ORIGINS = flag("origins", 4);
const GENERATED = flag("generated", 40);

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

function run(label: string, series: number[][]): void {
  const { tally, summary } = scoreDataset(series, HORIZON, ORIGINS);
  const cells = [...Object.keys(SIMPLE_RULES), "engine"].map((k) => `${k} ${summary.means[k].toFixed(3)}`).join("  ");
  console.log(
    `| ${label} | ${series.length} / ${summary.scored} | ${cells} | ${summary.bestSimpleRule} | **${summary.ratio.toFixed(3)}** | ${pct(tally.inside80 / tally.days)} | ${pct(tally.inside95 / tally.days)} | ${pct(tally.total80 / tally.totals)} | ${pct(tally.total95 / tally.totals)} | ${Math.round((1000 * tally.engineCalls) / tally.engineMs)} |`,
  );
  console.log(
    `|   models ${JSON.stringify(tally.models)} classes ${JSON.stringify(tally.classes)}${tally.skipped ? ` origins not scored ${tally.skipped}` : ""} |`,
  );
}

function olist(): void {
  const data = loadOlistSeries();
  if (!data) {
    console.log(`Olist: skipped, no ../shared/data/olist beside the repository (${String(olistDir())})`);
    return;
  }
  console.log(`Olist extract: ${data.items} order items; ${data.days} days from ${data.startDate}`);
  run("Olist item level (product units/day, >= 8 units)", data.products);
  run("Olist seller level (seller units/day, >= 40 units)", data.sellers);
  run("Olist marketplace (units/day, orders/day)", [data.units, data.orders]);
}

function generated(): void {
  if (GENERATED <= 0) return;
  const days = 730 + ORIGINS * HORIZON;
  const families: [string, (seed: number) => number[]][] = [
    ["generated weekly + noise", (s) => weeklySeries(rng(s), days, 50, 5)],
    ["generated trend + noise", (s) => linearTrendSeries(rng(s), days, 10, 0.1, 3)],
    ["generated retail (weekly+yearly+trend, Poisson)", (s) => retailSeries(rng(s), days)],
    ["generated Poisson(0.1)", (s) => poissonSeries(rng(s), days, 0.1)],
    ["generated Poisson(0.5)", (s) => poissonSeries(rng(s), days, 0.5)],
  ];
  families.forEach(([label, make], f) =>
    run(
      label,
      Array.from({ length: GENERATED }, (_, i) => make(1000 * (f + 1) + i)),
    ),
  );
}

const t0 = performance.now();
console.log(
  `forecast-accuracy: mean RMSSE over series x ${ORIGINS} rolling origins, horizon ${HORIZON}; ratio = engine / best simple rule (< 1 is better)`,
);
console.log(
  "| dataset | series / scored | mean RMSSE | best simple rule | ratio | 80% daily cov. | 95% daily cov. | 80% total cov. | 95% total cov. | engine series/s |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
olist();
generated();
console.log(
  `done in ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
