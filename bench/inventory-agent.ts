// The inventory-forecasting agent's morning run on a kept big store (issue #19, ADR 0048): one job
// through the real runtime (BullMQ on Redis, the AgentRun row), worked by a worker in this process,
// with the emulator's store beside the mirror as the shop's Admin API. Prints the job's wall time,
// this process's CPU, peak RSS (VmHWM), the longest event-loop stall and what the run found.
//   npx tsx bench/inventory-agent.ts --keep .data/big/p100k-o1m.db [--lead 14] [--timeout 3600]
// Every stall over 200 ms is listed with the run's progress message and its start on the monotonic
// clock (µs, the clock of a `node --cpu-prof` profile's samples), so a profile can be cut at it.
// The kept file must be migrated (`DATABASE_URL=file:<file> npx prisma migrate deploy`): the run
// writes its forecasts, findings and alerts into it.
import { readFileSync, writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { startEmulator } from "@royal-equips/emulator";
import { createDb, prepareDatabase } from "../agents/db/client";
import { inventoryForecastingAgent } from "../agents/inventory/agent";
import { createAgentRegistry } from "../agents/runtime/agents";
import { createRuntime } from "../agents/runtime/queues";
import { randomPrefix } from "../agents/runtime/testing/support";
import { createWorkers } from "../agents/runtime/worker";
import { createAdminClient } from "../agents/shopify/graphql-client";
import { BENCH_SHOP } from "./mirror-store";

const { values } = parseArgs({
  options: {
    keep: { type: "string" },
    lead: { type: "string", default: "14" },
    timeout: { type: "string", default: "3600" },
    "stall-ms": { type: "string", default: "200" },
  },
});
if (!values.keep) throw new Error("--keep <file.db> names the kept store");
const file = path.resolve(values.keep);
const databaseUrl = `file:${file}`;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const TOKEN = "shpat_bench_inventory";
const logger = pino({ level: "silent" });
const prefix = randomPrefix();

const emulator = await startEmulator({
  dbPath: file.replace(/(\.db)?$/, ".emulator.db"),
  shopDomain: BENCH_SHOP,
  accessToken: TOKEN,
  clientSecret: "secret",
});
const db = createDb(databaseUrl);
await prepareDatabase(db, databaseUrl);
const admin = createAdminClient({ shop: BENCH_SHOP, accessToken: TOKEN, endpoint: emulator.url });
const agents = createAgentRegistry([inventoryForecastingAgent({ adminFor: async () => admin })]);
const runtime = createRuntime({ redisUrl, db, logger, agents, prefix });
const workers = createWorkers({ redisUrl, db, logger, agents, prefix, concurrency: 1 });
await workers.ready();

const rssMb = (field: "VmHWM" | "VmRSS") =>
  Math.round(Number(/(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8").split(`${field}:`)[1])![1]) / 1024);
writeFileSync("/proc/self/clear_refs", "5"); // VmHWM from here on
const rssBefore = rssMb("VmRSS");
const stalls = monitorEventLoopDelay({ resolution: 10 });
stalls.enable();
// The long gaps themselves: a 10 ms tick that finds it ran late by more than --stall-ms.
const STALL_MS = Number(values["stall-ms"]);
const longGaps: { ms: number; startUs: number; progress: string }[] = [];
let lastProgress = "";
let lastTick = process.hrtime.bigint();
const ticker = setInterval(() => {
  const now = process.hrtime.bigint();
  const ms = Number(now - lastTick) / 1e6 - 10;
  if (ms > STALL_MS) longGaps.push({ ms: Math.round(ms), startUs: Number(lastTick / 1000n), progress: lastProgress });
  lastTick = now;
}, 10);
const cpu0 = process.cpuUsage();
const started = performance.now();
const { runId } = await runtime.enqueue({
  shop: BENCH_SHOP,
  agent: "inventory-forecasting",
  trigger: "bench",
  input: { leadTimeDays: Number(values.lead) },
});
const deadline = Date.now() + Number(values.timeout) * 1000;
let run;
for (;;) {
  run = await db.agentRun.findUniqueOrThrow({ where: { id: runId } });
  lastProgress = `${run.progress}% ${run.message ?? ""}`;
  if (run.status === "succeeded" || run.status === "failed") break;
  if (Date.now() > deadline) throw new Error(`the run did not finish within ${values.timeout} s`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
const wall = performance.now() - started;
const cpu = process.cpuUsage(cpu0);
stalls.disable();
clearInterval(ticker);
const result = (run.result ?? {}) as Record<string, unknown>;
const orders = (result.purchaseOrders ?? []) as { lines: unknown[] }[];
console.log(
  JSON.stringify(
    {
      status: run.status,
      error: run.error,
      wallS: Math.round(wall / 100) / 10,
      cpuS: Math.round((cpu.user + cpu.system) / 100_000) / 10,
      peakRssMb: rssMb("VmHWM"),
      rssBeforeMb: rssBefore,
      longestStallMs: Math.round(stalls.max / 1e6),
      stallP99Ms: Math.round(stalls.percentile(99) / 1e6),
      [`stallsOver${STALL_MS}Ms`]: longGaps.length,
      longestStalls: [...longGaps].sort((a, b) => b.ms - a.ms).slice(0, 12),
      forecasts: result.forecasts,
      atRisk: result.atRisk,
      recordedRisks: result.recordedRisks,
      vendorOrders: orders.length,
      orderLines: orders.reduce((a, o) => a + o.lines.length, 0),
      summary: result.summary,
    },
    null,
    2,
  ),
);
await workers.close();
await runtime.close();
await db.$disconnect();
await emulator.close();
