// Worker processes for real: a worker SIGKILLed mid-run (its job is picked up by another after the
// lock expires and the run ends succeeded once, with its effect written once), and a worker stopped
// with SIGTERM (it finishes its active job, then exits 0; a job still running at the shutdown
// deadline goes back to the queue; a second signal changes nothing).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/client";
import { createRedis, type Redis } from "../infra/redis";
import { createTestDatabase, repoRoot, type TestDatabase } from "../../tests/support/database";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { createRuntime, type AgentRuntime } from "./queues";
import { prepareDatabase as prepareSharedSqlite } from "../db/client";
import { effectId } from "./testing/agents";
import { deleteKeysWithPrefix } from "./testing/redis-keys";
import { randomPrefix, randomShop, silentLogger, testRegistry, waitFor } from "./testing/support";

let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
let redis: Redis;
let runtime: AgentRuntime;
const prefix = randomPrefix();
const children: ChildProcess[] = [];

interface WorkerChild {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

async function startWorker(extraEnv: Record<string, string> = {}): Promise<WorkerChild> {
  const node = path.join(repoRoot, "node_modules", ".bin", "node");
  const child = spawn(node, ["--import", "tsx", path.join(repoRoot, "agents/runtime/testing/worker-process.ts")], {
    cwd: repoRoot,
    env: {
      ...process.env,
      REDIS_URL: testRedis.url,
      DATABASE_URL: database.url,
      RUNTIME_PREFIX: prefix,
      LOG_LEVEL: "info",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  await waitFor(
    async () =>
      output.includes('"msg":"worker ready"') ||
      (child.exitCode !== null && Promise.reject(new Error(`worker exited: ${output}`))),
    "the worker process to be ready",
    30_000,
    50,
  );
  return { child, output: () => output, exited };
}

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  db = createDb(database.url);
  // This process and the worker processes share the database, as the web app and workers do.
  await prepareSharedSqlite(db, database.url);
  redis = createRedis(testRedis.url, { name: "test" });
  runtime = createRuntime({ redisUrl: testRedis.url, db, logger: silentLogger, agents: testRegistry(), prefix });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await runtime?.close();
  if (redis) {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
});

const runOf = (runId: string) => db.agentRun.findUniqueOrThrow({ where: { id: runId } });

describe("worker processes", () => {
  it("a job whose worker is SIGKILLed mid-run is run again by another worker and succeeds exactly once in effect", async () => {
    const first = await startWorker();
    const shop = randomShop();
    const { runId, jobId } = await runtime.enqueue({
      shop,
      agent: "test-effect",
      trigger: "manual",
      input: { beforeMs: 200, afterMs: 1_500 },
    });

    // Kill it after its effect is written and before it finishes: the worst moment.
    await waitFor(
      async () => (await db.auditLog.findUnique({ where: { id: effectId(runId) } })) ?? undefined,
      "the effect to be written",
    );
    expect((await runOf(runId)).status).toBe("running");
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const second = await startWorker();
    const run = await waitFor(
      async () => {
        const run = await runOf(runId);
        return run.status === "succeeded" ? run : undefined;
      },
      "the run to succeed on the second worker",
      20_000,
      100,
    ).catch((error) => {
      throw new Error(`${error.message}\nfirst worker:\n${first.output()}\nsecond worker:\n${second.output()}`);
    });
    expect(run.result).toEqual({ applied: false, attempt: 2 });
    expect(await db.auditLog.count({ where: { shop, action: "test.effect" } })).toBe(1);
    expect(await db.agentRun.count({ where: { shop } })).toBe(1);
    // The row is final before BullMQ records the job as completed.
    const job = await waitFor(async () => {
      const job = await runtime.queue("test-effect").getJob(jobId);
      return (await job?.getState()) === "completed" ? runtime.queue("test-effect").getJob(jobId) : undefined; // re-read: the first read may predate the final bookkeeping
    }, "the job to complete in BullMQ");
    expect(job!.attemptsStarted).toBe(2);
    expect(second.output()).toContain("resuming after a stalled worker");

    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  });

  it("SIGTERM stops taking jobs and lets the active one finish before exiting 0", async () => {
    const worker = await startWorker();
    const shop = randomShop();
    const active = await runtime.enqueue({
      shop,
      agent: "test-slow",
      trigger: "manual",
      input: { steps: 10, stepMs: 100 },
    });
    await waitFor(async () => (await runOf(active.runId)).progress > 0, "the run to start");

    worker.child.kill("SIGTERM");
    await waitFor(async () => worker.output().includes("waiting for active jobs"), "the worker to begin stopping");
    const late = await runtime.enqueue({ shop, agent: "noop", trigger: "manual" });
    const exit = await worker.exited;
    expect(exit.code).toBe(0);

    const run = await runOf(active.runId);
    expect(run.status).toBe("succeeded");
    expect(run.progress).toBe(100);
    expect(run.finishedAt!.getTime()).toBeLessThanOrEqual(exit.at);
    // Enqueued after the signal: left waiting for the next worker.
    expect((await runOf(late.runId)).status).toBe("queued");
    expect(await (await runtime.queue("noop").getJob(late.jobId))!.getState()).toBe("waiting");
  });

  it("a second signal (Ctrl-C reaches the whole group) does not cut the active job short", async () => {
    const worker = await startWorker({ SHUTDOWN_GRACE_MS: "10000" });
    const shop = randomShop();
    const active = await runtime.enqueue({
      shop,
      agent: "test-slow",
      trigger: "manual",
      input: { steps: 10, stepMs: 100 },
    });
    await waitFor(async () => (await runOf(active.runId)).progress > 0, "the run to start");
    worker.child.kill("SIGINT");
    await waitFor(async () => worker.output().includes("waiting for active jobs"), "the worker to begin stopping");
    worker.child.kill("SIGTERM");
    worker.child.kill("SIGINT");
    const exit = await worker.exited;
    expect(exit.code).toBe(0);
    expect(worker.output()).toContain("already stopping");
    const run = await runOf(active.runId);
    expect(run.status).toBe("succeeded");
    expect(run.finishedAt!.getTime()).toBeLessThanOrEqual(exit.at);
  });

  it("a job still running at the shutdown deadline goes back to the queue and the next worker runs it", async () => {
    const worker = await startWorker({ SHUTDOWN_GRACE_MS: "800" });
    const shop = randomShop();
    const active = await runtime.enqueue({
      shop,
      agent: "test-slow",
      trigger: "manual",
      input: { steps: 60, stepMs: 100 },
    });
    await waitFor(async () => (await runOf(active.runId)).progress > 0, "the run to start");
    const signalledAt = Date.now();
    worker.child.kill("SIGTERM");
    worker.child.kill("SIGTERM");
    const exit = await worker.exited;
    expect(exit.code).toBe(0);
    // Handed back at the deadline, well before the 6 s the run needs.
    expect(exit.at - signalledAt).toBeLessThan(4_000);
    expect(worker.output()).toContain("handing them back to the queue");
    const handedBack = await runOf(active.runId);
    expect(handedBack.status).toBe("queued");
    const job = await runtime.queue("test-slow").getJob(active.jobId);
    expect(await job!.getState()).toBe("waiting");

    const next = await startWorker();
    const run = await waitFor(
      async () => {
        const run = await runOf(active.runId);
        return run.status === "succeeded" ? run : undefined;
      },
      "the handed-back run to succeed on the next worker",
      20_000,
      100,
    );
    expect(run.result).toEqual({ steps: 60 });
    next.child.kill("SIGTERM");
    expect((await next.exited).code).toBe(0);
  });
});
