// The worker's probes and metrics (server/worker-http.ts) over a real worker, Redis and database:
// /healthz, /readyz (503 naming Redis when it is gone), and /metrics with the queue backlog per
// agent, job durations and failures per agent moving as jobs run.
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../agents/db/client";
import { createRedis } from "../agents/infra/redis";
import { createRuntime, type AgentRuntime } from "../agents/runtime/queues";
import { deleteKeysWithPrefix } from "../agents/runtime/testing/redis-keys";
import { randomPrefix, randomShop, silentLogger, testRegistry, waitFor } from "../agents/runtime/testing/support";
import { createWorkers, type AgentWorkers } from "../agents/runtime/worker";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { startTestRedis, type TestRedis } from "../tests/support/redis";
import { startWorkerHttp, type WorkerHttp } from "./worker-http";

const prefix = randomPrefix();
let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
let runtime: AgentRuntime;
let workers: AgentWorkers;
let http: WorkerHttp;
let base: string;

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  db = createDb(database.url);
  const agents = testRegistry();
  runtime = createRuntime({ redisUrl: testRedis.url, db, logger: silentLogger, agents, prefix, backoffMs: 20 });
  // Only test-flaky and noop consume: test-slow's queue keeps its jobs, a backlog to count.
  workers = createWorkers({
    redisUrl: testRedis.url,
    db,
    logger: silentLogger,
    agents,
    prefix,
    only: ["noop", "test-flaky"],
  });
  await workers.ready();
  http = await startWorkerHttp({
    process: { runtime, workers, stop: async () => {} },
    db,
    redisUrl: testRedis.url,
    port: 0,
    host: "127.0.0.1",
    logger: silentLogger,
  });
  base = `http://127.0.0.1:${http.port}`;
});

afterAll(async () => {
  await http?.close();
  await workers?.close();
  await runtime?.close();
  const redis = createRedis(testRedis.url, { name: "cleanup" });
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
});

const metrics = async () => (await fetch(`${base}/metrics`)).text();
const value = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(series + " "));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("worker health and metrics", () => {
  it("answers /healthz and /readyz with the database and Redis checked", async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", failing: [] });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it("/readyz asked at once after start waits for its Redis connection instead of failing", async () => {
    // A probe right after the process starts finds the health connection still connecting
    // (connect, then ioredis's ready check): Redis is up, so the answer is 200, not 503.
    for (let i = 0; i < 5; i++) {
      const fresh = await startWorkerHttp({
        process: { runtime, workers, stop: async () => {} },
        db,
        redisUrl: testRedis.url,
        port: 0,
        host: "127.0.0.1",
        logger: silentLogger,
      });
      try {
        const ready = await fetch(`http://127.0.0.1:${fresh.port}/readyz`);
        expect(await ready.json()).toMatchObject({ status: "ready", failing: [] });
        expect(ready.status).toBe(200);
      } finally {
        await fresh.close();
      }
    }
  });

  it("counts the backlog per agent queue, and job durations and failures per agent", async () => {
    const shop = randomShop();
    const before = await metrics();
    expect(value(before, 'royal_equips_job_failures_total{agent="test-flaky"}')).toBe(0);

    for (let i = 0; i < 3; i++) await runtime.enqueue({ shop, agent: "test-slow", trigger: "manual" });
    const done = await runtime.enqueue({ shop, agent: "noop", trigger: "manual" });
    // Fails on attempts 1 and 2, succeeds on 3: two failures, one success.
    const flaky = await runtime.enqueue({
      shop,
      agent: "test-flaky",
      trigger: "manual",
      input: { failUntilAttempt: 3 },
    });
    const finished = async (runId: string) =>
      (await db.agentRun.findUniqueOrThrow({ where: { id: runId } })).status === "succeeded";
    await waitFor(async () => (await finished(done.runId)) && (await finished(flaky.runId)), "the runs to succeed");

    const after = await waitFor(async () => {
      const text = await metrics();
      // BullMQ's completed event follows the run's row by a moment.
      const counted =
        value(text, 'royal_equips_job_failures_total{agent="test-flaky"}') === 2 &&
        value(text, 'royal_equips_job_duration_seconds_count{agent="test-flaky",outcome="succeeded"}') === 1 &&
        value(text, 'royal_equips_job_duration_seconds_count{agent="noop",outcome="succeeded"}') === 1;
      return counted ? text : undefined;
    }, "the jobs to be counted");
    expect(value(after, 'royal_equips_queue_jobs{agent="test-slow",state="waiting"}')).toBe(3);
    expect(value(after, 'royal_equips_queue_jobs{agent="noop",state="waiting"}')).toBe(0);
    expect(value(after, 'royal_equips_job_duration_seconds_count{agent="noop",outcome="succeeded"}')).toBe(1);
    expect(value(after, 'royal_equips_job_duration_seconds_count{agent="test-flaky",outcome="failed"}')).toBe(2);
    expect(value(after, 'royal_equips_job_duration_seconds_count{agent="test-flaky",outcome="succeeded"}')).toBe(1);
    expect(after).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it("/readyz answers 503 naming Redis when Redis does not answer", async () => {
    // A port held by a listener that hangs up on every connection: no other test's redis-server
    // can take it meanwhile (a free port, once released, could be).
    const hangUp = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => hangUp.listen(0, "127.0.0.1", resolve));
    const unreachable = `redis://127.0.0.1:${(hangUp.address() as AddressInfo).port}`;
    const lonely = await startWorkerHttp({
      process: { runtime, workers, stop: async () => {} },
      db,
      redisUrl: unreachable,
      port: 0,
      host: "127.0.0.1",
      logger: silentLogger,
    });
    try {
      const down = await fetch(`http://127.0.0.1:${lonely.port}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: "unavailable", failing: ["redis"] });
      expect((await fetch(`http://127.0.0.1:${lonely.port}/healthz`)).status).toBe(200);
    } finally {
      await lonely.close();
      await new Promise((resolve) => hangUp.close(resolve));
    }
  });
});
