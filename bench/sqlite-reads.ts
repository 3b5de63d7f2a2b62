// How much of the event loop a page's aggregate reads take on a big SQLite store, with the reads in
// the SQLite reader thread (ADR 0029) and, side by side, through Prisma on the main thread.
//   npx tsx bench/sqlite-reads.ts [--db .data/bench-dashboard.db] [--runs 5]
// The store: bench/big-store.ts --store mirror --keep .data/bench-dashboard.db (1M orders).
// Per workload and mode: wall time p50, main-thread busy time per call (event-loop utilisation),
// and the event-loop delay (p99 / max) a concurrent request would have met meanwhile.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { execSync } from "node:child_process";
import { lastDays, salesOverview } from "../agents/analytics/window";
import { createDb, prepareDatabase, type Db } from "../agents/db/client";
import { dailySales } from "../agents/data/catalog";
import { localDay } from "../agents/core/time";

const { values } = parseArgs({
  options: { db: { type: "string", default: ".data/bench-dashboard.db" }, runs: { type: "string", default: "5" } },
});
const url = `file:${values.db}`;
const runs = Number(values.runs);
const db = createDb(url);
await prepareDatabase(db, url);
// A client the reader registry does not know takes Prisma's path: the same queries on the main thread.
const mainThread = new Proxy(db, {}) as Db;

const shopRow = await db.shop.findFirst({ select: { domain: true, ianaTimezone: true } });
const shop = shopRow?.domain ?? (await db.mirrorOrder.findFirstOrThrow({ select: { shop: true } })).shop;
const zone = shopRow?.ianaTimezone ?? "UTC";
const newest = await db.mirrorOrder.findFirstOrThrow({
  where: { shop },
  orderBy: { createdAt: "desc" },
  select: { createdAt: true },
});
const now = new Date(newest.createdAt.getTime() + 86_400_000);

const workloads: { label: string; run(client: Db): Promise<unknown> }[] = [
  {
    label: "Dashboard sales (30 days, previous 30, today)",
    run: (client) => salesOverview(client, shop, lastDays(30, now, zone), now),
  },
  {
    label: "Finance sales (365 days, previous 365, today)",
    run: (client) => salesOverview(client, shop, lastDays(365, now, zone), now),
  },
  {
    label: "Daily units of every variant (730 days)",
    run: (client) => dailySales(client, shop, { days: 730, end: localDay(now, zone) }),
  },
];

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

console.log(`${execSync("uptime").toString().trim()}`);
console.log(`store ${values.db}, shop ${shop}, ${runs} runs per workload and mode (alternating)\n`);
console.log(
  "| Workload | Reads | p50 ms | main-thread busy ms per call | event-loop delay p99 ms / longest stall ms |",
);
console.log("| --- | --- | --- | --- | --- |");
for (const workload of workloads) {
  const modes = [
    { label: "reader thread", client: db },
    { label: "main thread (Prisma)", client: mainThread },
  ];
  const stats = new Map(modes.map((m) => [m.label, { ms: [] as number[], busy: 0, p99: [] as number[], max: 0 }]));
  await workload.run(db); // warm the page cache and the thread
  for (let r = 0; r < runs; r++)
    for (const mode of modes) {
      const s = stats.get(mode.label)!;
      // The longest the loop went without running a 2 ms timer, the end of the call included.
      let last = performance.now();
      let longest = 0;
      const ticker = setInterval(() => {
        const t = performance.now();
        longest = Math.max(longest, t - last);
        last = t;
      }, 2);
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      const elu = performance.eventLoopUtilization();
      const started = performance.now();
      await workload.run(mode.client);
      s.ms.push(performance.now() - started);
      s.busy += performance.eventLoopUtilization(elu).active;
      clearInterval(ticker);
      longest = Math.max(longest, performance.now() - last);
      delay.disable();
      s.p99.push(delay.percentile(99) / 1e6);
      s.max = Math.max(s.max, longest);
    }
  for (const mode of modes) {
    const s = stats.get(mode.label)!;
    console.log(
      `| ${workload.label} | ${mode.label} | ${fmt(quantile(s.ms, 0.5))} | ${fmt(s.busy / runs)} | ${fmt(quantile(s.p99, 0.5))} / ${fmt(s.max)} |`,
    );
  }
}
console.log(`\n${execSync("uptime").toString().trim()}`);
await db.$disconnect();
process.exit(0);
