// Jobs through BullMQ with the noop agent, end to end (enqueue N -> all succeeded), in jobs/s.
//   npx tsx bench/jobs-throughput.ts [N=5000] [concurrency=16]
// Three measurements on the same Redis, each on a fresh random prefix:
//   1. bullmq-only: addBulk + a Worker with an empty processor (the ceiling; no AgentRun rows);
//   2. runtime, bulk enqueue: enqueueMany (one createMany + one addBulk), then the real worker path
//      (AgentRun queued -> running -> succeeded, events published);
//   3. runtime, one enqueue() per job (the path the app and tools use), 50 in flight.
// The database is a fresh migrated SQLite file (WAL, as the worker process sets it), or PostgreSQL
// with TEST_DATABASE=postgresql (needs the client generated for PostgreSQL).
import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { pino } from "pino";
import { createDb, type Db } from "../agents/db/client";
import { createRedis } from "../agents/infra/redis";
import { createAgentRegistry, noopAgent } from "../agents/runtime/agents";
import { createRuntime } from "../agents/runtime/queues";
import { prepareDatabase as prepareSharedSqlite } from "../agents/db/client";
import { deleteKeysWithPrefix } from "../agents/runtime/testing/redis-keys";
import { createWorkers } from "../agents/runtime/worker";
import { createTestDatabase } from "../tests/support/database";
import { startTestRedis } from "../tests/support/redis";

const N = Number(process.argv[2] ?? 5_000);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const logger = pino({ level: "silent" });
const shop = "bench-shop.myshopify.com";

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);

function report(name: string, enqueueMs: number, totalMs: number) {
  console.log(
    `${name.padEnd(34)} N=${N}  enqueue ${seconds(enqueueMs)} s (${rate(N, enqueueMs)} jobs/s)  ` +
      `end-to-end ${seconds(totalMs)} s => ${rate(N, totalMs)} jobs/s`,
  );
}

function completion(workers: Worker[], n: number) {
  let done = 0;
  let failed = 0;
  return new Promise<void>((resolve, reject) => {
    for (const worker of workers) {
      worker.on("completed", () => ++done + failed === n && resolve());
      worker.on("failed", (_job, error) => {
        failed++;
        reject(new Error(`a job failed: ${error.message}`));
      });
    }
  });
}

async function bullmqOnly(redisUrl: string) {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const connection = createRedis(redisUrl, { name: "bench-queue" });
  const queue = new Queue("agent-noop", { connection, prefix });
  const workerConnection = createRedis(redisUrl, { blocking: true, name: "bench-worker" });
  const worker = new Worker("agent-noop", async () => ({ ok: true }), {
    connection: workerConnection,
    prefix,
    concurrency: CONCURRENCY,
  });
  await worker.waitUntilReady();
  const done = completion([worker], N);
  const start = performance.now();
  for (let i = 0; i < N; i += 1_000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1_000, N - i) }, (_, j) => ({
        name: "noop",
        data: { shop, runId: `r${i + j}`, input: {} },
        opts: { jobId: `noop.${shop}.${i + j}`, removeOnComplete: { count: 1_000 } },
      })),
    );
  }
  const enqueued = performance.now();
  await done;
  report("1. bullmq-only (no AgentRun)", enqueued - start, performance.now() - start);
  await worker.close();
  await queue.close();
  await deleteKeysWithPrefix(connection, prefix);
  connection.disconnect();
  workerConnection.disconnect();
}

async function runtimePath(redisUrl: string, db: Db, mode: "bulk" | "single") {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const agents = createAgentRegistry([noopAgent]);
  const runtime = createRuntime({ redisUrl, db, logger, agents, prefix });
  const workers = createWorkers({ redisUrl, db, logger, agents, prefix, concurrency: CONCURRENCY });
  await workers.ready();
  const done = completion([...workers.workers.values()], N);
  const start = performance.now();
  if (mode === "bulk") {
    for (let i = 0; i < N; i += 1_000)
      await runtime.enqueueMany(
        Array.from({ length: Math.min(1_000, N - i) }, () => ({ shop, agent: "noop", trigger: "manual" })),
      );
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < N) {
          next++;
          await runtime.enqueue({ shop, agent: "noop", trigger: "manual" });
        }
      }),
    );
  }
  const enqueued = performance.now();
  await done;
  const total = performance.now() - start;
  const succeeded = await db.agentRun.count({ where: { shop, status: "succeeded" } });
  report(
    `${mode === "bulk" ? "2" : "3"}. runtime, ${mode === "bulk" ? "enqueueMany" : "enqueue() x N"}`,
    enqueued - start,
    total,
  );
  if (succeeded !== N) throw new Error(`expected ${N} succeeded AgentRun rows, found ${succeeded}`);
  await workers.close();
  const redis = createRedis(redisUrl, { name: "bench-clean" });
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
  await runtime.close();
  await db.agentRun.deleteMany({ where: { shop } });
}

const [database, redis] = await Promise.all([createTestDatabase(), startTestRedis()]);
const db = createDb(database.url);
await prepareSharedSqlite(db, database.url);
console.log(
  `jobs-throughput: noop agent, worker concurrency ${CONCURRENCY}, database ${database.provider}, ${new Date().toISOString()}`,
);
try {
  await bullmqOnly(redis.url);
  await runtimePath(redis.url, db, "bulk");
  if (process.env.BENCH_SINGLE !== "0") await runtimePath(redis.url, db, "single");
} finally {
  await db.$disconnect();
  await database.drop();
  await redis.stop();
}
