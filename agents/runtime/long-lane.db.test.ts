// Long runs in a lane of their own (AgentDefinition.longLane, ADR 0042) on a real Redis and a real
// database: a long run leaves the agent's queue for its lane, and other shops' runs keep the
// agent's slots while it runs.
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createDb, type Db } from "../db/client";
import { createRedis, type Redis } from "../infra/redis";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { createAgentRegistry, defineAgent } from "./agents";
import { longLaneQueueName, queueName } from "./names";
import { createRuntime, type AgentRuntime } from "./queues";
import { deleteKeysWithPrefix } from "./testing/redis-keys";
import { randomPrefix, randomShop, silentLogger, waitFor } from "./testing/support";
import { createWorkers, type AgentWorkers, type WorkerLanes } from "./worker";

/** Long runs wait here until the test opens the gate (or their run is cancelled). */
let openGate: () => void = () => {};
let gate = Promise.resolve();
const closeGate = () => {
  gate = new Promise<void>((resolve) => (openGate = resolve));
};

const lanedAgent = defineAgent({
  name: "test-laned",
  title: "Laned test agent",
  description: "Big runs wait for the test's gate in the long lane; small ones return at once.",
  capabilities: ["testing"],
  tools: [],
  schedule: { every: 3_600_000 },
  // One regular slot: without the lane, one big run would stop every other run of the agent.
  concurrency: 1,
  longLane: { isLong: async (_db, _shop, input: { size: string }) => input.size === "big" },
  input: z.object({ size: z.enum(["big", "small"]) }),
  async run(ctx, input) {
    if (input.size === "big")
      await Promise.race([
        gate,
        new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("aborted")))),
      ]);
    return { size: input.size };
  },
});
const agents = createAgentRegistry([lanedAgent]);

let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
let redis: Redis;
const prefixes: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  db = createDb(database.url);
  redis = createRedis(testRedis.url, { name: "test" });
});

afterEach(async () => {
  openGate();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  if (redis) {
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
});

/** A runtime and workers (of the given lanes; more can be added) under a fresh prefix. */
async function setUp(...lanes: WorkerLanes[]) {
  const prefix = randomPrefix();
  prefixes.push(prefix);
  const runtime: AgentRuntime = createRuntime({ redisUrl: testRedis.url, db, logger: silentLogger, agents, prefix });
  cleanups.push(() => runtime.close());
  const startWorkers = async (lane: WorkerLanes) => {
    const workers: AgentWorkers = createWorkers({
      redisUrl: testRedis.url,
      db,
      logger: silentLogger,
      agents,
      prefix,
      lanes: lane,
    });
    cleanups.push(() => workers.close());
    await workers.ready();
    return workers;
  };
  const workers = await Promise.all(lanes.map(startWorkers));
  const queue = (name: string) => {
    const q = new Queue(name, { connection: redis, prefix });
    cleanups.push(() => q.close());
    return q;
  };
  return {
    runtime,
    workers,
    startWorkers,
    regular: queue(queueName(lanedAgent.name)),
    long: queue(longLaneQueueName(lanedAgent.name)),
  };
}

const runOf = (runId: string) => db.agentRun.findUniqueOrThrow({ where: { id: runId } });
const status = (runId: string, wanted: string) =>
  waitFor(async () => (await runOf(runId)).status === wanted, `run ${runId} to be ${wanted}`);

describe("long lane", () => {
  it("a long run is handed to its lane, and other shops' runs use the agent's slot while it runs", async () => {
    closeGate();
    const { runtime, regular, long } = await setUp("all");
    const shop = randomShop();
    const big = await runtime.enqueue({ shop, agent: lanedAgent.name, trigger: "manual", input: { size: "big" } });
    await status(big.runId, "running");
    // The same job id in both queues: done in the agent's queue (handed over), active in the lane.
    expect(await (await long.getJob(big.jobId))?.getState()).toBe("active");
    const handedOver = await regular.getJob(big.jobId);
    expect(await handedOver?.getState()).toBe("completed");
    expect(handedOver?.returnvalue).toEqual({ lane: "long", runId: big.runId });

    const small = await Promise.all(
      [1, 2, 3].map(() =>
        runtime.enqueue({ shop: randomShop(), agent: lanedAgent.name, trigger: "schedule", input: { size: "small" } }),
      ),
    );
    for (const run of small) await status(run.runId, "succeeded");
    expect((await runOf(big.runId)).status).toBe("running");

    openGate();
    await status(big.runId, "succeeded");
    expect((await runOf(big.runId)).result).toEqual({ size: "big" });
    // One run, one row: the hand-over did not finish or duplicate it.
    expect(await db.agentRun.count({ where: { shop } })).toBe(1);
  });

  it("a scheduled long run keeps the one row its first pickup created", async () => {
    closeGate();
    const { runtime } = await setUp("all");
    const shop = randomShop();
    await runtime.schedule(shop, lanedAgent.name, { size: "big" });
    const row = await waitFor(
      async () => db.agentRun.findFirst({ where: { shop, status: "running" } }).then((r) => r ?? undefined),
      "the scheduled run to start in the lane",
    );
    expect(row.trigger).toBe("schedule");
    openGate();
    await status(row.id, "succeeded");
    expect(await db.agentRun.count({ where: { shop } })).toBe(1);
    await runtime.unschedule(shop, lanedAgent.name);
  });

  it("cancelling a run that is running in the lane aborts it there", async () => {
    closeGate();
    const { runtime } = await setUp("all");
    const big = await runtime.enqueue({
      shop: randomShop(),
      agent: lanedAgent.name,
      trigger: "manual",
      input: { size: "big" },
    });
    await status(big.runId, "running");
    expect(await runtime.cancel(big.runId)).toMatchObject({ cancelled: true, how: "signalled" });
    await status(big.runId, "cancelled");
    expect((await runOf(big.runId)).result).toBeNull();
  });

  it("a process of regular lanes hands long runs over without running them; a long-lane process runs them", async () => {
    closeGate();
    openGate();
    const { runtime, startWorkers } = await setUp("regular");
    const big = await runtime.enqueue({
      shop: randomShop(),
      agent: lanedAgent.name,
      trigger: "manual",
      input: { size: "big" },
    });
    const small = await runtime.enqueue({
      shop: randomShop(),
      agent: lanedAgent.name,
      trigger: "manual",
      input: { size: "small" },
    });
    await status(small.runId, "succeeded");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await runOf(big.runId)).status).toBe("queued");
    // Not an orphan: its job is in the lane, so nothing queues it again.
    expect(await runtime.requeueOrphans({ olderThanMs: 0, runningGraceMs: 0 })).toEqual([]);

    await startWorkers("long");
    await status(big.runId, "succeeded");
  });
});
