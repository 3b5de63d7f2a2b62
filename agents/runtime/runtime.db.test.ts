// The runtime end to end on a real Redis (random prefix per run) and a real database, with the
// workers in this process. Crash and shutdown behaviour, with worker subprocesses: process.db.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/client";
import { createRedis, type Redis } from "../infra/redis";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { readBreakers } from "./breaker";
import { subscribeShopEvents, type ShopEvent } from "./events";
import { scheduleReconciler } from "./schedules";
import { agentHealth } from "./health";
import { createRuntime, type AgentRuntime } from "./queues";
import { deleteKeysWithPrefix } from "./testing/redis-keys";
import { randomPrefix, randomShop, silentLogger, testRegistry, waitFor } from "./testing/support";
import { createWorkers, type AgentWorkers } from "./worker";

let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
let redis: Redis;
const prefix = randomPrefix();
const agents = testRegistry();
let runtime: AgentRuntime;
let workers: AgentWorkers;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  db = createDb(database.url);
  redis = createRedis(testRedis.url, { name: "test" });
  runtime = createRuntime({ redisUrl: testRedis.url, db, logger: silentLogger, agents, prefix, backoffMs: 50 });
  // A breaker that does not trip here: the breaker has its own test with its own prefix.
  workers = createWorkers({
    redisUrl: testRedis.url,
    db,
    logger: silentLogger,
    agents,
    prefix,
    concurrency: 4,
    breaker: { volumeThreshold: 1_000 },
  });
  await workers.ready();
});

afterAll(async () => {
  await workers?.close();
  await runtime?.close();
  for (const cleanup of cleanups.reverse()) await cleanup();
  if (redis) {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
});

const runOf = (runId: string) => db.agentRun.findUniqueOrThrow({ where: { id: runId } });
const finished = (runId: string, status = "succeeded") =>
  waitFor(async () => {
    const run = await runOf(runId);
    return run.status === status ? run : undefined;
  }, `run ${runId} to be ${status}`);

describe("enqueue and run", () => {
  it("announces an alert the run created, once: a later run that re-raises the same finding is not news", async () => {
    const shop = randomShop();
    const events: ShopEvent[] = [];
    const subscription = await subscribeShopEvents(testRedis.url, shop, (event) => events.push(event), prefix);
    cleanups.push(() => subscription.close());

    const first = await runtime.enqueue({
      shop,
      agent: "test-alerting",
      trigger: "manual",
      input: { key: "finding-1", severity: "critical" },
    });
    await finished(first.runId);
    const alert = await waitFor(async () => events.find((e) => e.type === "alert.raised"), "the alert event");
    const row = await db.alert.findFirstOrThrow({ where: { shop, dedupeKey: "finding-1" } });
    expect(alert).toEqual({
      type: "alert.raised",
      alertId: row.id,
      kind: "test",
      severity: "critical",
      title: "Test finding finding-1",
      runId: first.runId,
      agent: "test-alerting",
    });

    const second = await runtime.enqueue({
      shop,
      agent: "test-alerting",
      trigger: "manual",
      input: { key: "finding-1" },
    });
    await finished(second.runId);
    await waitFor(
      async () => events.some((e) => e.type === "agent.finished" && e.runId === second.runId),
      "the second run's finished event",
    );
    expect(events.filter((e) => e.type === "alert.raised")).toHaveLength(1);
    expect(await db.alert.count({ where: { shop } })).toBe(1);
  });

  it("runs a job to succeeded, recording progress on the row and publishing events", async () => {
    const shop = randomShop();
    const events: ShopEvent[] = [];
    const subscription = await subscribeShopEvents(testRedis.url, shop, (event) => events.push(event), prefix);
    cleanups.push(() => subscription.close());

    const { runId, jobId, deduplicated } = await runtime.enqueue({
      shop,
      agent: "test-slow",
      trigger: "manual",
      input: { steps: 3, stepMs: 150 },
    });
    expect(deduplicated).toBe(false);
    expect(jobId.startsWith(`test-slow.${shop}.`)).toBe(true);
    const queued = await runOf(runId);
    expect(["queued", "running"]).toContain(queued.status);
    expect(queued.jobId).toBe(jobId);

    const midway = await waitFor(async () => {
      const run = await runOf(runId);
      return run.status === "running" && run.progress > 0 && run.progress < 100 ? run : undefined;
    }, "progress between 0 and 100");
    expect(midway.message).toMatch(/^step \d of 3$/);
    expect(midway.startedAt).not.toBeNull();

    const run = await finished(runId);
    expect(run.progress).toBe(100);
    expect(run.result).toEqual({ steps: 3 });
    expect(run.durationMs).toBeGreaterThanOrEqual(400);
    expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt!.getTime());

    await waitFor(async () => events.some((e) => e.type === "agent.finished"), "the finished event");
    const progress = events.flatMap((e) => (e.type === "agent.progress" ? [e.progress] : []));
    expect(progress).toEqual([0, 33, 67, 100]);
    expect(events.at(-1)).toEqual({
      type: "agent.finished",
      runId,
      agent: "test-slow",
      progress: 100,
      status: "succeeded",
      message: "Succeeded",
    });
    expect(events.every((e) => "runId" in e && e.runId === runId)).toBe(true);

    const job = await runtime.queue("test-slow").getJob(jobId);
    expect(job?.data).toEqual({ shop, runId, input: { steps: 3, stepMs: 150 } });
    expect(job?.progress).toEqual({ percent: 100, message: "step 3 of 3" });

    // The run is one audit entry, in the agent's name, with its trigger.
    const audits = await db.auditLog.findMany({ where: { shop } });
    expect(audits).toEqual([
      expect.objectContaining({
        actor: "system:test-slow",
        action: "agent.run.succeeded",
        outcome: "ok",
        read: false,
        input: { runId, trigger: "manual" },
      }),
    ]);
  });

  it("deduplicates a business key while its run is live, and reuses it once the run is over", async () => {
    const shop = randomShop();
    const request = {
      shop,
      agent: "test-slow",
      trigger: "manual",
      input: { steps: 2, stepMs: 150 },
      businessKey: "reorder-2025-06-01",
    };
    const [a, b, c] = await Promise.all([runtime.enqueue(request), runtime.enqueue(request), runtime.enqueue(request)]);
    expect(new Set([a.runId, b.runId, c.runId]).size).toBe(1);
    expect([a, b, c].filter((r) => !r.deduplicated)).toHaveLength(1);
    expect(a.jobId).toBe(`test-slow.${shop}.reorder-2025-06-01`);
    expect(await db.agentRun.count({ where: { shop } })).toBe(1);

    await finished(a.runId);
    const again = await runtime.enqueue(request);
    expect(again.deduplicated).toBe(false);
    expect(again.runId).not.toBe(a.runId);
    expect(again.jobId).toBe(a.jobId);
    await finished(again.runId);
    // The first run keeps its history; its key moved aside so the new run could take it.
    expect((await runOf(a.runId)).jobId).toBe(`${a.jobId}.${a.runId}`);
    expect(await db.agentRun.count({ where: { shop, status: "succeeded" } })).toBe(2);
  });

  it("runs a key again when Redis still holds a finished job the database no longer knows (database reset)", async () => {
    const shop = randomShop();
    const request = { shop, agent: "noop", trigger: "manual", businessKey: "nightly" };
    const first = await runtime.enqueue(request);
    await finished(first.runId);
    await db.agentRun.deleteMany({ where: { shop } }); // the rows are gone, the completed job is not
    const again = await runtime.enqueue(request);
    expect(again.deduplicated).toBe(false);
    expect((await finished(again.runId)).status).toBe("succeeded");
  });

  it("fails invalid input at once, without retries (UnrecoverableError)", async () => {
    const shop = randomShop();
    const { runId, jobId } = await runtime.enqueue({ shop, agent: "noop", trigger: "manual", input: { echo: 5 } });
    const run = await finished(runId, "failed");
    expect(run.error).toMatch(/Invalid input for agent noop: echo: .*expected string/i);
    // The app's own housekeeping agents (capability "system") leave no audit entry.
    expect(await db.auditLog.count({ where: { shop } })).toBe(0);
    const job = await waitFor(async () => {
      const job = await runtime.queue("noop").getJob(jobId);
      return (await job?.getState()) === "failed" ? runtime.queue("noop").getJob(jobId) : undefined; // re-read: the first read may predate the final bookkeeping
    }, "the job to fail in BullMQ");
    expect(job!.attemptsMade).toBe(1);
    expect(job!.opts.attempts).toBe(3);
  });

  it("retries a failing run with backoff and succeeds, or fails it after the last attempt", async () => {
    const shop = randomShop();
    const recovers = await runtime.enqueue({
      shop,
      agent: "test-flaky",
      trigger: "manual",
      input: { failUntilAttempt: 3 },
    });
    const always = await runtime.enqueue({ shop, agent: "test-flaky", trigger: "manual", input: { fail: true } });
    const ok = await finished(recovers.runId);
    expect(ok.result).toEqual({ attempt: 3 });
    const failed = await finished(always.runId, "failed");
    expect(failed.error).toBe("flaky failure on attempt 3");
    const job = await waitFor(async () => {
      const job = await runtime.queue("test-flaky").getJob(always.jobId);
      // Read the job again once it is failed: the first read may predate the final attempt's bookkeeping.
      return (await job?.getState()) === "failed" ? runtime.queue("test-flaky").getJob(always.jobId) : undefined;
    }, "the job to fail in BullMQ");
    expect(job!.attemptsMade).toBe(3);
  });

  it("refuses secrets in job input and unknown agents, saying what to send", async () => {
    const shop = randomShop();
    await expect(
      runtime.enqueue({ shop, agent: "noop", trigger: "manual", input: { nested: { accessToken: "shpat_x" } } }),
    ).rejects.toThrow(/must not carry secrets \(found "input.nested.accessToken"\)/);
    await expect(runtime.enqueue({ shop, agent: "nope", trigger: "manual" })).rejects.toThrow(
      /No agent named "nope". Use one of: noop, test-slow/,
    );
    await expect(runtime.enqueue({ shop, agent: "noop", trigger: "manual", businessKey: "a:b" })).rejects.toThrow(
      /no ":"/,
    );
    expect(await db.agentRun.count({ where: { shop } })).toBe(0);
  });
});

describe("cancel", () => {
  it("removes a waiting job and marks its run cancelled", async () => {
    // A runtime on its own prefix with no workers: its jobs wait.
    const idlePrefix = randomPrefix();
    const idle = createRuntime({ redisUrl: testRedis.url, db, logger: silentLogger, agents, prefix: idlePrefix });
    cleanups.push(
      () => deleteKeysWithPrefix(redis, idlePrefix),
      () => idle.close(),
    );
    const shop = randomShop();
    const { runId, jobId } = await idle.enqueue({ shop, agent: "noop", trigger: "manual" });
    expect(await (await idle.queue("noop").getJob(jobId))!.getState()).toBe("waiting");

    const result = await idle.cancel(runId);
    expect(result).toEqual({ runId, cancelled: true, status: "cancelled", how: "removed" });
    expect(await idle.queue("noop").getJob(jobId)).toBeUndefined();
    const run = await runOf(runId);
    expect(run.status).toBe("cancelled");
    expect(run.finishedAt).not.toBeNull();
    expect(await idle.cancel(runId)).toEqual({ runId, cancelled: false, status: "cancelled" });
  });

  it("signals an active run through Redis: its AbortSignal fires and it is not retried", async () => {
    const shop = randomShop();
    const { runId, jobId } = await runtime.enqueue({
      shop,
      agent: "test-slow",
      trigger: "manual",
      input: { steps: 50, stepMs: 100 },
    });
    await waitFor(async () => (await runOf(runId)).progress > 0, "the run to make progress");
    const result = await runtime.cancel(runId);
    expect(result.how).toBe("signalled");
    const job = await waitFor(async () => {
      const job = await runtime.queue("test-slow").getJob(jobId);
      return (await job?.getState()) === "failed" ? runtime.queue("test-slow").getJob(jobId) : undefined; // re-read: the first read may predate the final bookkeeping
    }, "the active job to stop");
    expect(job!.failedReason).toBe("Cancelled");
    expect(job!.attemptsMade).toBe(1);
    const run = await runOf(runId);
    expect(run.status).toBe("cancelled");
    expect(run.progress).toBeLessThan(100);
    // Stopped for real: no more progress after the cancel.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await runOf(runId)).progress).toBe(run.progress);
  });
});

describe("schedules", () => {
  it("upserts one scheduler per shop and agent however often it is called, and its runs are recorded", async () => {
    const shop = randomShop();
    const first = await runtime.schedule(shop, "test-scheduled");
    const second = await runtime.schedule(shop, "test-scheduled");
    expect(first.schedulerId).toBe(`test-scheduled.${shop}`);
    expect(second).toEqual(first);
    const queue = runtime.queue("test-scheduled");
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.filter((s) => s.key === first.schedulerId)).toHaveLength(1);
    expect(await runtime.isScheduled(shop, "test-scheduled")).toBe(true);

    // `every` schedules run once at once: the worker records the run with trigger "schedule".
    const run = await waitFor(
      async () =>
        (await db.agentRun.findFirst({ where: { shop, trigger: "schedule", status: "succeeded" } })) ?? undefined,
      "the scheduled run",
    );
    expect(run.agent).toBe("test-scheduled");
    expect(run.jobId).toMatch(/^repeat:test-scheduled\./);

    expect(await runtime.unschedule(shop, "test-scheduled")).toBe(true);
    expect(await runtime.isScheduled(shop, "test-scheduled")).toBe(false);
    await expect(runtime.schedule(shop, "noop")).rejects.toThrow(/has no schedule/);
  });

  it("starts an `every` schedule one interval after work just done (the bootstrap's sync), not at once", async () => {
    const shop = randomShop();
    const finishedAt = new Date(Date.now() - 60_000);
    await db.syncRun.create({ data: { shop, status: "succeeded", startedAt: finishedAt, finishedAt } });
    const { schedulerId } = await runtime.schedule(shop, "test-scheduled");
    const scheduler = await runtime.queue("test-scheduled").getJobScheduler(schedulerId);
    expect(scheduler?.next).toBe(finishedAt.getTime() + 3_600_000);
    const delayed = await runtime.queue("test-scheduled").getDelayed();
    expect(delayed.filter((job) => job.data.shop === shop)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await db.agentRun.count({ where: { shop } })).toBe(0);
    await runtime.unschedule(shop, "test-scheduled");
  });

  it("follows installs: a new shop is scheduled on the next pass, an uninstalled one loses its schedules", async () => {
    const [installed, gone, later] = [randomShop(), randomShop(), randomShop()];
    await db.shop.create({ data: { domain: installed, scopes: "" } });
    await db.shop.create({ data: { domain: gone, scopes: "", uninstalledAt: new Date() } });
    await runtime.schedule(gone, "test-scheduled"); // left over from before the uninstall
    const reconciler = scheduleReconciler(runtime, db);

    const first = await reconciler.reconcile();
    expect(first.scheduled).toContain(installed);
    expect(first.unscheduled).toContain(gone);
    expect(await runtime.isScheduled(installed, "test-scheduled")).toBe(true);
    expect(await runtime.isScheduled(gone, "test-scheduled")).toBe(false);

    // Installed after the worker started: scheduled on the next pass, the others left alone.
    await db.shop.create({ data: { domain: later, scopes: "" } });
    expect(await reconciler.reconcile()).toEqual({ scheduled: [later], unscheduled: [] });
    expect(await runtime.isScheduled(later, "test-scheduled")).toBe(true);

    await db.shop.update({ where: { domain: installed }, data: { uninstalledAt: new Date() } });
    expect(await reconciler.reconcile()).toEqual({ scheduled: [], unscheduled: [installed] });
    expect(await runtime.isScheduled(installed, "test-scheduled")).toBe(false);
    // Reinstalled: scheduled again.
    await db.shop.update({ where: { domain: installed }, data: { uninstalledAt: null } });
    expect(await reconciler.reconcile()).toEqual({ scheduled: [installed], unscheduled: [] });
    for (const shop of [installed, later]) await runtime.unschedule(shop, "test-scheduled");
  });
});

describe("listing and health", () => {
  it("lists runs by agent, status and capability, and reports each agent's health", async () => {
    const shop = randomShop();
    const runs = [];
    for (let i = 0; i < 3; i++)
      runs.push(await runtime.enqueue({ shop, agent: "noop", trigger: "manual", input: { echo: `n${i}` } }));
    const bad = await runtime.enqueue({ shop, agent: "test-flaky", trigger: "aira", input: { fail: true } });
    for (const run of runs) await finished(run.runId);
    await finished(bad.runId, "failed");

    expect((await runtime.listRuns({ shop })).map((r) => r.id).sort()).toEqual(
      [...runs.map((r) => r.runId), bad.runId].sort(),
    );
    expect(await runtime.listRuns({ shop, agent: "noop" })).toHaveLength(3);
    expect((await runtime.listRuns({ shop, status: "failed" })).map((r) => r.id)).toEqual([bad.runId]);
    expect((await runtime.listRuns({ shop, capability: "chaos" })).map((r) => r.id)).toEqual([bad.runId]);
    expect(await runtime.listRuns({ shop, capability: "system", limit: 2 })).toHaveLength(2);

    const health = await agentHealth(db, redis, shop, { agents, prefix, isScheduled: runtime.isScheduled });
    const noop = health.find((h) => h.name === "noop")!;
    expect(noop).toMatchObject({
      capabilities: ["system"],
      tools: [],
      schedule: null,
      scheduled: false,
      successRate: 1,
      errorCount: 0,
      runsInWindow: 3,
      breaker: { state: "closed" },
    });
    expect(noop.lastRun?.status).toBe("succeeded");
    expect(noop.p95DurationMs).toBeGreaterThanOrEqual(0);
    const flaky = health.find((h) => h.name === "test-flaky")!;
    expect(flaky).toMatchObject({ successRate: 0, errorCount: 1, runsInWindow: 1 });
    expect(flaky.lastRun?.error).toBe("flaky failure on attempt 3");
    const scheduled = health.find((h) => h.name === "test-scheduled")!;
    expect(scheduled).toMatchObject({
      schedule: { every: 3_600_000 },
      scheduled: false,
      lastRun: null,
      successRate: null,
      p95DurationMs: null,
    });
  });
});

describe("circuit breaker", () => {
  it("opens after repeated failures, delays (not fails) jobs while open, and closes after a good trial run", async () => {
    const breakerPrefix = randomPrefix();
    // Long retry backoff: the failing runs' retries stay out of the way of the trial run.
    const own = createRuntime({
      redisUrl: testRedis.url,
      db,
      logger: silentLogger,
      agents,
      prefix: breakerPrefix,
      backoffMs: 60_000,
    });
    const ownWorkers = createWorkers({
      redisUrl: testRedis.url,
      db,
      logger: silentLogger,
      agents,
      prefix: breakerPrefix,
      only: ["test-flaky"],
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 1_500 },
    });
    cleanups.push(
      () => deleteKeysWithPrefix(redis, breakerPrefix),
      () => own.close(),
      () => ownWorkers.close(),
    );
    await ownWorkers.ready();
    const shop = randomShop();

    for (let i = 0; i < 2; i++) {
      const { runId } = await own.enqueue({ shop, agent: "test-flaky", trigger: "manual", input: { fail: true } });
      await waitFor(async () => /retrying/.test((await runOf(runId)).message ?? ""), "a failed attempt");
    }
    const open = await waitFor(
      async () => (await readBreakers(redis, breakerPrefix))["test-flaky"]?.state === "open",
      "the breaker to open",
    );
    expect(open).toBe(true);

    const good = await own.enqueue({ shop, agent: "test-flaky", trigger: "manual", input: {} });
    const delayed = await waitFor(async () => {
      const run = await runOf(good.runId);
      return /Circuit breaker open/.test(run.message ?? "") ? run : undefined;
    }, "the job to be delayed by the open breaker");
    expect(delayed.status).toBe("queued");
    expect(await (await own.queue("test-flaky").getJob(good.jobId))!.getState()).toBe("delayed");

    const run = await finished(good.runId);
    expect(run.result).toEqual({ attempt: expect.any(Number) });
    const job = await waitFor(async () => {
      const job = await own.queue("test-flaky").getJob(good.jobId);
      // Read the job again once it is completed: the first read may predate its final bookkeeping.
      return (await job?.getState()) === "completed" ? own.queue("test-flaky").getJob(good.jobId) : undefined;
    }, "the job to complete in BullMQ");
    expect(job!.attemptsMade).toBe(1); // only the successful attempt: the delay used up none
    await waitFor(
      async () => (await readBreakers(redis, breakerPrefix))["test-flaky"]?.state === "closed",
      "the breaker to close",
    );
  });
});
