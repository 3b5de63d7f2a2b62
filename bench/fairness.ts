// Fairness (issue #24 part 4): how much one shop's big store sync holds back other shops' scheduled
// runs on the same worker.
//   npx tsx bench/fairness.ts [--orders 20000] [--shops 8] [--rounds 3] [--concurrency 4] [--long-lane same|process]
//   (TEST_DATABASE=postgresql for PostgreSQL, with the client generated for it)
// Real runtime (BullMQ queues, the worker's processor, AgentRun rows) in this process, a private
// redis-server, a fresh database. The big shop's emulator holds --orders orders; each small shop
// has an emulator of its own with 20 orders. Small shops' store syncs (paged) are queued in rounds,
// as their daily schedules would: first with nothing else running, then while the big shop's bulk
// sync runs (--rounds at least, and until the big sync is done). Per small run: queue wait (queued -> started) and time to done (queued -> finished),
// and the worker's event-loop delay (what one process's heavy work does to every job it holds).
// The small shops' emulators run in this process; the big shop's runs in a child process (its bulk
// export is seconds of CPU that Shopify, not the app's machine, spends).
// --long-lane process: the store-sync agent's long lane (ADR 0042) is worked by a worker process of
// its own (WORKER_LANES=long), this process's worker takes the regular lanes only (WORKER_LANES=regular).
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createDb, prepareDatabase } from "../agents/db/client";
import { storeSyncAgent } from "../agents/mirror/agent";
import { FIXTURE_TOKEN, fixtureStore, startFixtureEmulator } from "../agents/mirror/testing/fixture";
import { createAgentRegistry } from "../agents/runtime/agents";
import { createRuntime } from "../agents/runtime/queues";
import { createWorkers } from "../agents/runtime/worker";
import { yieldCpuToOtherLanes } from "../agents/runtime/process";
import { createAdminClient } from "../agents/shopify/graphql-client";
import { createTestDatabase } from "../tests/support/database";
import { startTestRedis } from "../tests/support/redis";

if (process.env.BENCH_FAIR_EMULATOR) {
  // Shopify is not on the app's machine: the big shop's emulator (its bulk export is seconds of
  // CPU) runs in a process of its own, not on the event loop of the worker under test.
  const orders = Number(process.env.BENCH_FAIR_EMULATOR);
  const emulator = await startFixtureEmulator(
    fixtureStore({ products: Math.max(50, orders / 100), orders, customers: orders / 4 }),
  );
  process.send!(emulator.url);
  process.once("message", async () => {
    await emulator.close();
    process.exit(0);
  });
  await new Promise(() => {});
}

if (process.env.BENCH_FAIR_CHILD) {
  // The long-lane worker process: only the big shop's syncs come here.
  const { redisUrl, databaseUrl, prefix, bigUrl } = JSON.parse(process.env.BENCH_FAIR_CHILD) as Record<string, string>;
  const db = createDb(databaseUrl);
  await prepareDatabase(db, databaseUrl);
  const adminFor = async (shop: string) => createAdminClient({ shop, accessToken: FIXTURE_TOKEN, endpoint: bigUrl });
  const agents = createAgentRegistry([storeSyncAgent({ adminFor })]);
  const logger = pino({ level: "silent" });
  yieldCpuToOtherLanes(logger);
  const workers = createWorkers({ redisUrl, db, logger, agents, prefix, lanes: "long" });
  await workers.ready();
  process.send!("ready");
  process.once("message", async () => {
    await workers.close();
    await db.$disconnect();
    process.exit(0);
  });
  await new Promise(() => {});
}

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "20000" },
    shops: { type: "string", default: "8" },
    rounds: { type: "string", default: "3" },
    concurrency: { type: "string", default: "4" },
    "long-lane": { type: "string", default: "same" },
  },
});
const bigOrders = Number(values.orders);
const smallShops = Number(values.shops);
const rounds = Number(values.rounds);
const logger = pino({ level: "silent" });
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

const BIG = "big-shop.myshopify.com";
const small = Array.from({ length: smallShops }, (_, i) => `small-${i + 1}.myshopify.com`);
console.log(`load average before: ${load()}`);
const built = performance.now();
const emulators = new Map<string, { url: string; close(): Promise<void> }>();
const bigEmulator = fork(fileURLToPath(import.meta.url), [], {
  execArgv: ["--import", "tsx"],
  env: { ...process.env, BENCH_FAIR_EMULATOR: String(bigOrders) },
});
emulators.set(BIG, {
  url: await new Promise<string>((resolve) => bigEmulator.once("message", (url) => resolve(String(url)))),
  close: async () => {
    bigEmulator.send("stop");
    await new Promise((resolve) => (bigEmulator.exitCode !== null ? resolve(null) : bigEmulator.once("exit", resolve)));
  },
});
for (const shop of small)
  // A fast-restoring bucket: each small shop's own Shopify pacing is not what is measured here.
  emulators.set(
    shop,
    await startFixtureEmulator(fixtureStore({ products: 5, orders: 20, customers: 5 }), {
      bucket: { max: 2000, restoreRate: 20_000 },
    }),
  );
console.log(
  `emulators: ${BIG} with ${bigOrders} orders, ${smallShops} small shops with 20 each (built in ${((performance.now() - built) / 1000).toFixed(1)} s)`,
);

const database = await createTestDatabase();
const db = createDb(database.url);
await prepareDatabase(db, database.url);
const redis = await startTestRedis({ own: true });
const adminFor = async (shop: string) =>
  createAdminClient({ shop, accessToken: FIXTURE_TOKEN, endpoint: emulators.get(shop)!.url });
const agents = createAgentRegistry([storeSyncAgent({ adminFor })]);
const prefix = `fair-${randomUUID().slice(0, 6)}`;
const runtime = createRuntime({ redisUrl: redis.url, db, logger, agents, prefix });
const workers = createWorkers({
  redisUrl: redis.url,
  db,
  logger,
  agents,
  prefix,
  concurrency: Number(values.concurrency),
  lanes: values["long-lane"] === "process" ? "regular" : "all",
});
await workers.ready();
let child: ChildProcess | undefined;
if (values["long-lane"] === "process") {
  child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      BENCH_FAIR_CHILD: JSON.stringify({
        redisUrl: redis.url,
        databaseUrl: database.url,
        prefix,
        bigUrl: emulators.get(BIG)!.url,
      }),
    },
  });
  await new Promise((resolve) => child!.once("message", resolve));
}
console.log(
  `long lane: ${values["long-lane"] === "process" ? "a worker process of its own" : "this process's worker"}`,
);

async function waitFor(runIds: string[]) {
  for (;;) {
    const runs = await db.agentRun.findMany({ where: { id: { in: runIds } } });
    if (runs.every((r) => ["succeeded", "failed", "cancelled"].includes(r.status))) return runs;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Rounds of small syncs: `rounds` of them, and more while `until` (the big sync) is not done. */
async function smallRounds(label: string, until?: () => Promise<boolean>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const waits: number[] = [];
  const totals: number[] = [];
  let failed = 0;
  for (let round = 0; round < rounds || (until && !(await until())); round++) {
    const ids = await Promise.all(
      small.map(
        async (shop) =>
          (await runtime.enqueue({ shop, agent: "store-sync", trigger: "schedule", input: { mode: "paged" } })).runId,
      ),
    );
    for (const run of await waitFor(ids)) {
      if (run.status !== "succeeded") failed++;
      waits.push(run.startedAt!.getTime() - run.queuedAt.getTime());
      totals.push(run.finishedAt!.getTime() - run.queuedAt.getTime());
    }
  }
  delay.disable();
  const ms = (n: number) => `${Math.round(n)} ms`;
  console.log(
    `${label}: ${waits.length} small-shop syncs, failed ${failed}; queue wait p50 ${ms(pct(waits, 50))} p95 ${ms(pct(waits, 95))} max ${ms(Math.max(...waits))}; ` +
      `queued -> done p50 ${ms(pct(totals, 50))} p95 ${ms(pct(totals, 95))} max ${ms(Math.max(...totals))}; ` +
      `event-loop delay p50 ${ms(delay.percentile(50) / 1e6)} p99 ${ms(delay.percentile(99) / 1e6)} max ${ms(delay.max / 1e6)}`,
  );
  return { p50: pct(totals, 50), p95: pct(totals, 95) };
}

let started = 0;
try {
  // The big shop's previous daily sync: what makes it known as big (its next sync runs in the
  // store-sync agent's long lane, ADR 0042).
  const previous = await runtime.enqueue({
    shop: BIG,
    agent: "store-sync",
    trigger: "schedule",
    input: { mode: "bulk" },
  });
  const [previousRun] = await waitFor([previous.runId]);
  console.log(
    `big shop's previous sync: ${previousRun.status} in ${((previousRun.finishedAt!.getTime() - previousRun.queuedAt.getTime()) / 1000).toFixed(1)} s; load ${load()}`,
  );
  const alone = await smallRounds("alone                ");
  started = Date.now();
  const big = await runtime.enqueue({ shop: BIG, agent: "store-sync", trigger: "schedule", input: { mode: "bulk" } });
  // Let the big sync get going (its bulk operation, then the download and ingest).
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  // For as long as the big sync runs (its bulk query, download, ingest and swap), not a fixed window.
  const bigDone = async () =>
    ["succeeded", "failed", "cancelled"].includes(
      (await db.agentRun.findUniqueOrThrow({ where: { id: big.runId } })).status,
    );
  const during = await smallRounds("during the big sync  ", bigDone);
  const [bigRun] = await waitFor([big.runId]);
  const bigSeconds = (bigRun.finishedAt!.getTime() - started) / 1000;
  console.log(
    `big shop's sync: ${bigRun.status} in ${bigSeconds.toFixed(1)} s (${JSON.stringify((bigRun.result as { rows?: number } | null)?.rows ?? null)} rows); ` +
      `small syncs took ${(during.p50 / alone.p50).toFixed(2)}x (p50) and ${(during.p95 / alone.p95).toFixed(2)}x (p95) as long as alone`,
  );
  console.log(`load average after: ${load()}`);
} finally {
  if (child?.connected) {
    child.send("stop");
    await new Promise((resolve) => (child!.exitCode !== null ? resolve(null) : child!.once("exit", resolve)));
  }
  await workers.close();
  await runtime.close();
  for (const emulator of emulators.values()) await emulator.close();
  await db.$disconnect();
  await database.drop();
  await redis.stop();
}
