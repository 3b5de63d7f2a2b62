// Nightly forecasting and reorder planning at scale (issue #24 part 8): one job per shop through
// the real runtime (BullMQ queue, worker processes, AgentRun rows), each forecasting every variant's
// daily demand (forecastSeries) and planning purchase orders (reorderPlan).
//   npx tsx bench/nightly.ts [--shops 50] [--variants 1000] [--days 365] [--horizon 28] [--workers 2]
//   full size: --shops 1000 (1M series; goal: all shops done within 15 minutes on 2 cores)
//   (TEST_DATABASE=postgresql for PostgreSQL, with the client generated for it)
// Worker processes (--workers, one job at a time each: the work is CPU-bound) run a bench agent;
// a private redis-server, a fresh database. Each shop's history is generated in its job (retail-
// like series, seeded by shop and variant, as bench/forecast-speed.ts does): reading 1M series of
// history from the mirror is NOT part of this figure.
// Reports wall time (first enqueue -> last run finished), the spread of per-shop completion times
// (enqueue -> that shop's run finished), job durations and series/s; with fewer than 1,000 shops
// also the linear projection to 1,000.
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { z } from "zod";
import { createDb, prepareDatabase } from "../agents/db/client";
import { forecastSeries, reorderPlan, type InventoryItem } from "../agents/forecasting/index";
import { retailSeries, rng } from "../agents/forecasting/testing/synthetic";
import { createAgentRegistry, defineAgent } from "../agents/runtime/agents";
import { createRuntime } from "../agents/runtime/queues";
import { createWorkers } from "../agents/runtime/worker";
import { createTestDatabase } from "../tests/support/database";
import { startTestRedis } from "../tests/support/redis";

const VENDORS = Array.from({ length: 5 }, (_, i) => ({ vendorId: `vendor-${i}`, leadTimeDays: 7 + 3 * i }));

const nightlyPlanAgent = defineAgent({
  name: "bench-nightly-plan",
  title: "Nightly plan (bench)",
  description: "Forecasts every variant of a shop and plans its purchase orders.",
  capabilities: ["bench"],
  tools: [],
  input: z.object({
    shopIndex: z.number().int().min(0),
    variants: z.number().int().min(1),
    days: z.number().int().min(1),
    horizon: z.number().int().min(1),
  }),
  async run(ctx, input) {
    const items: InventoryItem[] = [];
    let forecastMs = 0;
    // CPU time of the job: what the figures would be on cores nobody else uses.
    const cpu0 = process.cpuUsage();
    for (let v = 0; v < input.variants; v++) {
      const rand = rng(input.shopIndex * 1_000_003 + v + 1);
      const series = retailSeries(rand, input.days);
      const t0 = performance.now();
      const forecast = forecastSeries(series, { horizon: input.horizon });
      forecastMs += performance.now() - t0;
      items.push({
        sku: `sku-${v}`,
        vendorId: VENDORS[v % VENDORS.length].vendorId,
        onHand: Math.round(rand() * 200),
        forecast,
      });
      // Let the worker renew its job lock and take cancel messages between variants.
      if (v % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    const plan = reorderPlan(items, VENDORS, { firstForecastDate: ctx.now().toISOString().slice(0, 10) });
    const cpu = process.cpuUsage(cpu0);
    return {
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      variants: input.variants,
      vendorOrders: plan.orders.length,
      forecastMs: Math.round(forecastMs),
    };
  },
});
const agents = () => createAgentRegistry([nightlyPlanAgent]);
const logger = pino({ level: "silent" });

if (process.env.BENCH_NIGHTLY_CHILD) {
  const { redisUrl, databaseUrl, prefix } = JSON.parse(process.env.BENCH_NIGHTLY_CHILD) as Record<string, string>;
  const db = createDb(databaseUrl);
  await prepareDatabase(db, databaseUrl);
  const workers = createWorkers({ redisUrl, db, logger, agents: agents(), prefix, concurrency: 1 });
  await workers.ready();
  process.send!("ready");
  process.once("message", async () => {
    await workers.close();
    await db.$disconnect();
    // The whole process's CPU (jobs + queue + database + events): minus the jobs' own, the overhead.
    const cpu = process.cpuUsage();
    process.send!({ cpuMs: Math.round((cpu.user + cpu.system) / 1000) }, () => process.exit(0));
  });
} else {
  const { values } = parseArgs({
    options: {
      shops: { type: "string", default: "50" },
      variants: { type: "string", default: "1000" },
      days: { type: "string", default: "365" },
      horizon: { type: "string", default: "28" },
      workers: { type: "string", default: "2" },
    },
  });
  const shops = Number(values.shops);
  const variants = Number(values.variants);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  console.log(
    `${shops} shops x ${variants} variants = ${shops * variants} series of ${values.days} days, horizon ${values.horizon}, ` +
      `${values.workers} worker processes; load average before: ${load()}`,
  );
  const database = await createTestDatabase();
  const db = createDb(database.url);
  await prepareDatabase(db, database.url);
  const redis = await startTestRedis({ own: true });
  const prefix = `nightly-${randomUUID().slice(0, 6)}`;
  const runtime = createRuntime({ redisUrl: redis.url, db, logger, agents: agents(), prefix });
  const children: ChildProcess[] = [];
  let jobsCpuMs = 0;
  try {
    for (let w = 0; w < Number(values.workers); w++) {
      const child = fork(fileURLToPath(import.meta.url), [], {
        execArgv: ["--import", "tsx"],
        env: {
          ...process.env,
          BENCH_NIGHTLY_CHILD: JSON.stringify({ redisUrl: redis.url, databaseUrl: database.url, prefix }),
        },
      });
      children.push(child);
    }
    await Promise.all(children.map((child) => new Promise((resolve) => child.once("message", resolve))));

    const started = Date.now();
    const enqueued = await runtime.enqueueMany(
      Array.from({ length: shops }, (_, i) => ({
        shop: `nightly-${i + 1}.myshopify.com`,
        agent: nightlyPlanAgent.name,
        trigger: "schedule",
        input: { shopIndex: i, variants, days: Number(values.days), horizon: Number(values.horizon) },
      })),
    );
    const ids = enqueued.map((e) => e.runId);
    const enqueueMs = Date.now() - started;
    for (;;) {
      // By agent, not by a list of ids: 1,000 ids exceed SQLite's bound-parameter limit (the database is this run's own).
      const live = await db.agentRun.count({
        where: { agent: nightlyPlanAgent.name, status: { in: ["queued", "running"] } },
      });
      if (live === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const runs = await db.agentRun.findMany({ where: { agent: nightlyPlanAgent.name } });
    if (runs.length !== ids.length) throw new Error(`expected ${ids.length} runs, found ${runs.length}`);
    const failed = runs.filter((r) => r.status !== "succeeded");
    const done = runs.map((r) => (r.finishedAt!.getTime() - started) / 1000).sort((a, b) => a - b);
    const durations = runs.map((r) => (r.finishedAt!.getTime() - r.startedAt!.getTime()) / 1000).sort((a, b) => a - b);
    const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
    const wall = done[done.length - 1];
    const sumOf = (key: "forecastMs" | "cpuMs") =>
      runs.reduce((n, r) => n + ((r.result as Record<string, number> | null)?.[key] ?? 0), 0);
    const forecastMs = sumOf("forecastMs");
    const cpuMs = sumOf("cpuMs");
    jobsCpuMs = cpuMs;
    console.log(`enqueue of ${shops} runs: ${enqueueMs} ms; failed runs: ${failed.length}`);
    if (failed.length) console.log(`first failure: ${failed[0].status} ${failed[0].error}`);
    console.log(
      `wall time ${wall.toFixed(1)} s => ${Math.round((shops * variants) / wall)} series/s; ` +
        `per-shop completion (from the enqueue) min ${done[0].toFixed(1)} s, p50 ${q(done, 0.5).toFixed(1)} s, ` +
        `p95 ${q(done, 0.95).toFixed(1)} s, max ${wall.toFixed(1)} s; ` +
        `job duration p50 ${q(durations, 0.5).toFixed(2)} s, p95 ${q(durations, 0.95).toFixed(2)} s; ` +
        `forecasting ${(forecastMs / (shops * variants)).toFixed(3)} ms/series inside the jobs`,
    );
    // Jobs' CPU time (generation + forecast + plan) spread over the worker processes: the floor on
    // cores no one else uses (queue and database overheads run beside it).
    const cpuWall = cpuMs / 1000 / Math.min(Number(values.workers), 2);
    console.log(
      `jobs' CPU time ${(cpuMs / 1000).toFixed(1)} s (${(cpuMs / (shops * variants)).toFixed(3)} ms/series incl. generating the series): ` +
        `${cpuWall.toFixed(1)} s on ${Math.min(Number(values.workers), 2)} uncontended cores` +
        (shops < 1000 ? `, ${((cpuWall * 1000) / shops / 60).toFixed(1)} min for 1,000 shops` : ""),
    );
    if (shops < 1000)
      console.log(
        `projection to 1,000 shops (linear in shops): ${((wall * 1000) / shops / 60).toFixed(1)} min (goal <= 15 min)`,
      );
    console.log(`load average after: ${load()}`);
  } finally {
    let workersCpuMs = 0;
    for (const child of children) {
      const reported = new Promise<void>((resolve) => {
        child.once("message", (message: { cpuMs?: number }) => {
          workersCpuMs += message.cpuMs ?? 0;
          resolve();
        });
        child.once("exit", () => resolve());
      });
      if (child.connected) child.send("stop");
      await reported;
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    }
    if (jobsCpuMs) {
      // Start-up (loading modules, connecting) is part of the workers' CPU too: a fixed cost per process.
      const overhead = workersCpuMs - jobsCpuMs;
      console.log(
        `worker processes' CPU ${(workersCpuMs / 1000).toFixed(1)} s, of which jobs ${(jobsCpuMs / 1000).toFixed(1)} s: ` +
          `queue, database, events and start-up ${(overhead / 1000).toFixed(1)} s (${((100 * overhead) / workersCpuMs).toFixed(1)} %); ` +
          `bench process (enqueue, polling) ${((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(1)} s`,
      );
    }
    await runtime.close();
    await db.$disconnect();
    await database.drop();
    await redis.stop();
  }
}
