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
import { forecastSeries, retailCalendar } from "../agents/forecasting/index";
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
  holidays(data.startDate, [data.units, data.orders]);
}

/**
 * The retail calendar (events.ts) on the marketplace series around Black Friday 2017 (Olist's only
 * one): weekly origins from the Monday after it to early January, 28 days each, with and without
 * the calendar. Event factors are learned from the history before each origin only.
 */
function holidays(startDate: string, series: number[][]): void {
  const start = Date.parse(`${startDate}T00:00:00Z`) / 86_400_000;
  const first = Date.parse("2017-11-27T00:00:00Z") / 86_400_000 - start;
  let plain = 0,
    adjusted = 0,
    scored = 0;
  for (const y of series) {
    const calendar = retailCalendar(startDate, y.length + HORIZON);
    for (let cut = first; cut <= first + 42; cut += 7) {
      const history = y.slice(0, cut),
        future = y.slice(cut, cut + HORIZON);
      let scale = 0;
      for (let t = 1; t < cut; t++) scale += (history[t] - history[t - 1]) ** 2;
      scale /= cut - 1;
      const a = forecastSeries(history, { horizon: HORIZON });
      const b = forecastSeries(history, { horizon: HORIZON, events: calendar.slice(0, cut + HORIZON) });
      if (!a.ok || !b.ok) continue;
      const score = (f: number[]) => Math.sqrt(future.reduce((s, v, j) => s + (v - f[j]) ** 2, 0) / HORIZON / scale);
      plain += score(a.forecast);
      adjusted += score(b.forecast);
      scored++;
    }
  }
  console.log(
    `| Olist marketplace around Black Friday 2017 (${scored} origins, 2017-11-27..2018-01-08) | without calendar ${(plain / scored).toFixed(3)}  with retailCalendar ${(adjusted / scored).toFixed(3)} | | **${(adjusted / plain).toFixed(3)}** (with / without) | | | | | |`,
  );
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
