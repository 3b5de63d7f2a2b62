// The shop's promotions (agents/forecasting/promotions.ts: campaign periods read from the discount
// codes its orders used) as calendar events, scored on generated stores' own history; see
// agents/forecasting/testing/promotions.ts for the three calendars compared.
//   npx tsx bench/forecast-promotions.ts [--stores 4] [--orders 20000] [--days 730] [--horizon 28]
// Weekly origins over each store's last year; revenue and units per day; mean RMSSE (M5 scale) per
// calendar and its ratio to holidays only, on all origins, on those just after a promotion and on
// those whose horizon holds one.
import { loadavg } from "node:os";
import { generateStore } from "@royal-equips/emulator/seed";
import { newPromotionScores, scorePromotionCalendars, storeHistory } from "../agents/forecasting/testing/promotions";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const STORES = flag("stores", 4);
const ORDERS = flag("orders", 20000);
const DAYS = flag("days", 730);
const HORIZON = flag("horizon", 28);
const END = "2026-10-31";

const t0 = performance.now();
const scores = newPromotionScores();
for (let s = 0; s < STORES; s++) {
  const store = generateStore({
    seed: 100 + s,
    products: 20,
    orders: ORDERS,
    days: DAYS,
    endDate: END,
    sampleCsvDir: null,
  });
  scorePromotionCalendars(storeHistory(store, END, DAYS), scores, { horizon: HORIZON, firstOrigin: DAYS - 365 });
}
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
console.log(
  `forecast-promotions: ${STORES} generated stores x ${ORDERS} orders over ${DAYS} days, weekly origins over the last year, horizon ${HORIZON}; revenue and units per day; mean RMSSE`,
);
console.log("| origins | series-origins | holidays only | + past promotions | + scheduled promotions |");
console.log("| --- | --- | --- | --- | --- |");
for (const [label, set] of [
  ["all", scores.all],
  ["a promotion in the 28 days before the origin", scores.after],
  ["a promotion in the horizon", scores.ahead],
] as const) {
  const base = mean(set.holidays);
  const cell = (v: number[]) => `${mean(v).toFixed(3)} (x${(mean(v) / base).toFixed(3)})`;
  console.log(
    `| ${label} | ${set.holidays.length} | ${base.toFixed(3)} | ${cell(set.past)} | ${cell(set.scheduled)} |`,
  );
}
console.log(
  `done in ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
