// The producer side of the runtime: a BullMQ queue per agent kind, the AgentRun rows, schedules
// and cancellation. Used by the web app (run now, cancel, list) and by tools through AgentRunner.
import { bullTelemetry } from "../infra/tracing";
import { randomUUID } from "node:crypto";
import { Queue, type Job, type JobsOptions } from "bullmq";
import type { Logger } from "pino";
import type { AgentRun } from "@prisma/client";
import type { AgentRunner } from "../core/context";
import type { Db } from "../db/client";
import { jsonOrNull } from "../db/json";
import { createRedis, withRedis } from "../infra/redis";
import type { AgentRegistry, AnyAgent } from "./agents";
import { agentRegistry } from "./catalog";
import { publishEvent, type RunStatus } from "./events";
import {
  DEFAULT_PREFIX,
  longLaneQueueName,
  assertBusinessKey,
  assertShop,
  cancelChannel,
  jobIdFor,
  queueName,
  schedulerIdFor,
} from "./names";

/** What a job carries: never tokens or secrets (the worker loads credentials by shop). */
export interface AgentJobData {
  shop: string;
  /** Absent for scheduled jobs: the worker creates their AgentRun row on first pickup. */
  runId?: string;
  input: unknown;
  trigger?: string;
}

export interface RuntimeOptions {
  redisUrl: string;
  db: Db;
  logger: Logger;
  agents: AgentRegistry;
  /** Key prefix for BullMQ, events, breakers and cancel channel (tests use a random one). */
  prefix?: string;
  /** Base delay of the exponential retry backoff (ms). */
  backoffMs?: number;
  /** Deadline of each Redis call made for a request (enqueue, cancel, schedule); default 2 s. */
  redisTimeoutMs?: number;
}

/** A scheduler as Redis holds it. */
export interface SchedulerEntry {
  id: string;
  every?: number;
  pattern?: string;
}

export interface EnqueueRequest {
  shop: string;
  agent: string;
  trigger: string;
  input?: unknown;
  businessKey?: string;
}

export interface EnqueueResult {
  runId: string;
  jobId: string;
  deduplicated: boolean;
}

export interface ListRunsQuery {
  shop: string;
  agent?: string;
  status?: RunStatus;
  capability?: string;
  /** Newest first; default 50, at most 500. */
  limit?: number;
}

export interface CancelResult {
  runId: string;
  cancelled: boolean;
  /** The run's status after the call. */
  status: string;
  /** Where the job was when cancelled: removed from the queue, or signalled while active. */
  how?: "removed" | "signalled" | "no-job";
}

export interface AgentRuntime extends AgentRunner {
  readonly prefix: string;
  readonly agents: AgentRegistry;
  enqueue(request: EnqueueRequest): Promise<EnqueueResult>;
  /** Many runs at once (one createMany + one addBulk per agent); never deduplicated: keys must be new. */
  enqueueMany(requests: Omit<EnqueueRequest, "businessKey">[]): Promise<EnqueueResult[]>;
  schedule(shop: string, agent: string, input?: unknown): Promise<{ schedulerId: string }>;
  unschedule(shop: string, agent: string): Promise<boolean>;
  /** Every scheduled agent's scheduler for the shop (an install). */
  scheduleShop(shop: string): Promise<void>;
  /** Removes every scheduled agent's scheduler for the shop (an uninstall); how many there were. */
  unscheduleShop(shop: string): Promise<number>;
  isScheduled(shop: string, agent: string): Promise<boolean>;
  /** Every scheduler the agent's queue holds in Redis (what the schedule reconciler compares with installs). */
  listSchedulers(agent: string): Promise<SchedulerEntry[]>;
  /**
   * Live runs whose job Redis no longer holds (a restart without persistence, a failover, a flush)
   * are queued again under their job id: queued ones at once; running ones after `runningGraceMs`,
   * so a worker still busy with one finishes it first (the re-run then sees it finished and stops).
   */
  requeueOrphans(options?: { olderThanMs?: number; runningGraceMs?: number; limit?: number }): Promise<string[]>;
  /** Called whenever the Redis connection becomes ready again (after a restart or failover). */
  onRedisReady(listener: () => void): void;
  cancel(runId: string): Promise<CancelResult>;
  listRuns(query: ListRunsQuery): Promise<AgentRun[]>;
  queue(agent: string): Queue<AgentJobData>;
  close(): Promise<void>;
}

export const LIVE_STATUSES = ["queued", "running"] as const;
/** A live row older than this whose job is gone from Redis is an orphan (Redis lost data). */
const ORPHAN_AFTER_MS = 60_000;

export function createRuntime(options: RuntimeOptions): AgentRuntime {
  const { db, logger, agents } = options;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const connection = createRedis(options.redisUrl, { name: "runtime" });
  connection.on("error", (error) => logger.warn({ err: error.message }, "runtime redis connection error"));
  const queues = new Map<string, Queue<AgentJobData>>();
  const redisTimeoutMs = options.redisTimeoutMs ?? 2_000;
  /** A Redis call on behalf of a request: fails fast (RedisUnavailable) instead of hanging while Redis is down. */
  const redis = <T>(what: string, call: () => Promise<T>) => withRedis(connection, what, call, redisTimeoutMs);

  const queueFor = (agent: AnyAgent) => {
    let queue = queues.get(agent.name);
    if (!queue) {
      queue = new Queue<AgentJobData>(queueName(agent.name), {
        connection,
        prefix,
        defaultJobOptions: jobOptions(agent, options.backoffMs),
        // The job carries the trace of the request or tool that queued it (ADR 0024).
        telemetry: bullTelemetry(),
      });
      queue.on("error", (error) => logger.warn({ err: error.message, agent: agent.name }, "queue error"));
      queues.set(agent.name, queue);
    }
    return queue;
  };

  const longLanes = new Map<string, Queue<AgentJobData>>();
  /** The agent's long lane (AgentDefinition.longLane), where workers hand its long runs. */
  const longLaneFor = (agent: AnyAgent) => {
    let queue = longLanes.get(agent.name);
    if (!queue) {
      queue = new Queue<AgentJobData>(longLaneQueueName(agent.name), { connection, prefix });
      queue.on("error", (error) => logger.warn({ err: error.message, agent: agent.name }, "long lane queue error"));
      longLanes.set(agent.name, queue);
    }
    return queue;
  };

  /**
   * A run's live job: in the agent's long lane when a worker handed it there (the regular queue
   * then still holds the same id, completed), else in its queue. Call inside redis(...).
   */
  async function findJob(agent: AnyAgent, queue: Queue<AgentJobData>, jobId: string) {
    if (agent.longLane) {
      const lane = longLaneFor(agent);
      const job = await lane.getJob(jobId);
      if (job) return { queue: lane, job };
    }
    const job = await queue.getJob(jobId);
    return job ? { queue, job } : undefined;
  }

  /**
   * The agent's queue, set up. A BullMQ queue first used while Redis was down keeps the failure of
   * its set-up for good ("max retries per request" on every call): it is replaced by a new one.
   * Call inside redis(...), which waits for the connection first.
   */
  async function readyQueue(agent: AnyAgent): Promise<Queue<AgentJobData>> {
    const queue = queueFor(agent);
    try {
      await queue.waitUntilReady();
      return queue;
    } catch {
      if (queues.get(agent.name) === queue) queues.delete(agent.name);
      const fresh = queueFor(agent);
      await fresh.waitUntilReady();
      return fresh;
    }
  }

  async function enqueue(request: EnqueueRequest): Promise<EnqueueResult> {
    const agent = agents.require(request.agent);
    assertShop(request.shop);
    const input = request.input ?? {};
    assertNoSecrets(input);
    const businessKey = request.businessKey ?? randomUUID();
    assertBusinessKey(businessKey);
    const jobId = jobIdFor(agent.name, request.shop, businessKey);
    // Redis down: say so now, before a run row is written that could never be queued.
    const queue = await redis("enqueue", () => readyQueue(agent));

    // The (shop, jobId) unique index is the arbiter: of concurrent enqueues with one key, one row wins.
    for (let tries = 0; tries < 5; tries++) {
      let run: AgentRun;
      try {
        run = await db.agentRun.create({
          data: {
            shop: request.shop,
            agent: agent.name,
            trigger: request.trigger,
            jobId,
            status: "queued",
            input: jsonOrNull(input),
          },
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const existing = await db.agentRun.findUnique({ where: { shop_jobId: { shop: request.shop, jobId } } });
        if (!existing) continue;
        if (isLive(existing.status)) {
          const job = await redis("enqueue", () => findJob(agent, queue, jobId));
          const orphan = !job && Date.now() - existing.queuedAt.getTime() > ORPHAN_AFTER_MS;
          if (!orphan) return { runId: existing.id, jobId, deduplicated: true };
          await db.agentRun.updateMany({
            where: { id: existing.id, status: { in: [...LIVE_STATUSES] } },
            data: { status: "failed", error: "Its job was lost from Redis; enqueued again.", finishedAt: new Date() },
          });
        }
        // The key's previous run is over: move it aside (its row keeps the key as a prefix) and reuse the key.
        await db.agentRun.updateMany({ where: { id: existing.id, jobId }, data: { jobId: `${jobId}.${existing.id}` } });
        await redis("enqueue", () => removeFinishedJob(queue, jobId, existing.id));
        continue;
      }
      // A finished job with this id can outlive its run row (Redis kept, database reset): BullMQ
      // would silently ignore the new add, leaving the run queued forever. Clear it first.
      try {
        await redis("enqueue", async () => {
          const leftover = await queue.getJob(jobId);
          if (leftover && leftover.data.runId !== run.id && ["completed", "failed"].includes(await leftover.getState()))
            await leftover.remove();
          await queue.add(agent.name, { shop: request.shop, runId: run.id, input }, { jobId });
        });
      } catch (error) {
        // No job, no run: record why, so the row does not sit "queued" forever.
        await db.agentRun
          .updateMany({
            where: { id: run.id, status: "queued" },
            data: {
              status: "failed",
              error: `Could not queue the job: ${(error as Error).message}`,
              finishedAt: new Date(),
            },
          })
          .catch(() => {});
        throw error;
      }
      return { runId: run.id, jobId, deduplicated: false };
    }
    throw new Error(
      `Could not enqueue ${agent.name} for ${request.shop} with key ${businessKey}: the key is contended; try again.`,
    );
  }

  async function enqueueMany(requests: Omit<EnqueueRequest, "businessKey">[]): Promise<EnqueueResult[]> {
    await redis("enqueue", () => connection.ping());
    const rows = requests.map((request) => {
      const agent = agents.require(request.agent);
      assertShop(request.shop);
      const input = request.input ?? {};
      assertNoSecrets(input);
      const id = randomUUID();
      return { agent, request, input, id, jobId: jobIdFor(agent.name, request.shop, id) };
    });
    await db.agentRun.createMany({
      data: rows.map((row) => ({
        id: row.id,
        shop: row.request.shop,
        agent: row.agent.name,
        trigger: row.request.trigger,
        jobId: row.jobId,
        status: "queued",
        input: jsonOrNull(row.input),
      })),
    });
    const byAgent = new Map<AnyAgent, typeof rows>();
    for (const row of rows) byAgent.set(row.agent, [...(byAgent.get(row.agent) ?? []), row]);
    for (const [agent, batch] of byAgent) {
      await (
        await redis("enqueue", () => readyQueue(agent))
      ).addBulk(
        batch.map((row) => ({
          name: agent.name,
          data: { shop: row.request.shop, runId: row.id, input: row.input },
          opts: { ...jobOptions(agent, options.backoffMs), jobId: row.jobId },
        })),
      );
    }
    return rows.map((row) => ({ runId: row.id, jobId: row.jobId, deduplicated: false }));
  }

  async function schedule(shop: string, agentName: string, input: unknown = {}) {
    const agent = agents.require(agentName);
    assertShop(shop);
    if (!agent.schedule)
      throw new Error(
        `Agent "${agent.name}" has no schedule; give its definition schedule: { every } or { pattern }, or run it with enqueue().`,
      );
    assertNoSecrets(input);
    const parsed = agent.input.safeParse(input);
    if (!parsed.success)
      throw new Error(
        `Scheduled input for ${agent.name} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`,
      );
    const schedulerId = schedulerIdFor(agent.name, shop);
    const { every, pattern, lastDone } = agent.schedule;
    // A scheduler first fires at once (BullMQ); after recent work, one interval after that work.
    const done = every && lastDone ? await lastDone(db, shop) : null;
    const startDate = done && done.getTime() + every! > Date.now() ? new Date(done.getTime() + every!) : undefined;
    await redis("schedule", () =>
      readyQueue(agent).then((queue) =>
        queue.upsertJobScheduler(schedulerId, every ? { every, ...(startDate && { startDate }) } : { pattern }, {
          name: agent.name,
          data: { shop, input, trigger: "schedule" },
          opts: jobOptions(agent, options.backoffMs),
        }),
      ),
    );
    return { schedulerId };
  }

  async function unschedule(shop: string, agentName: string) {
    const agent = agents.require(agentName);
    return redis("unschedule", async () =>
      (await readyQueue(agent)).removeJobScheduler(schedulerIdFor(agent.name, shop)),
    );
  }

  const scheduledAgents = () => agents.list().filter((agent) => agent.schedule);

  async function scheduleShop(shop: string) {
    for (const agent of scheduledAgents()) await schedule(shop, agent.name);
  }

  async function unscheduleShop(shop: string) {
    const removed = await Promise.all(scheduledAgents().map((agent) => unschedule(shop, agent.name)));
    return removed.filter(Boolean).length;
  }

  async function isScheduled(shop: string, agentName: string) {
    const agent = agents.require(agentName);
    return Boolean(
      await redis("schedule", async () => (await readyQueue(agent)).getJobScheduler(schedulerIdFor(agent.name, shop))),
    );
  }

  async function listSchedulers(agentName: string): Promise<SchedulerEntry[]> {
    const agent = agents.require(agentName);
    const all = await redis("schedule", async () => (await readyQueue(agent)).getJobSchedulers(0, -1));
    return all.map((s) => ({ id: s.key, every: s.every ?? undefined, pattern: s.pattern ?? undefined }));
  }

  async function requeueOrphans(
    opts: { olderThanMs?: number; runningGraceMs?: number; limit?: number } = {},
  ): Promise<string[]> {
    const olderThan = new Date(Date.now() - (opts.olderThanMs ?? ORPHAN_AFTER_MS));
    const live = await db.agentRun.findMany({
      where: { status: { in: [...LIVE_STATUSES] }, queuedAt: { lte: olderThan }, jobId: { not: null } },
      orderBy: { queuedAt: "asc" },
      take: opts.limit ?? 500,
    });
    const requeued: string[] = [];
    for (const run of live) {
      const agent = agents.get(run.agent);
      if (!agent || !run.jobId) continue;
      const queue = await redis("requeue", () => readyQueue(agent));
      if (await redis("requeue", () => findJob(agent, queue, run.jobId!))) continue;
      const delay = run.status === "running" ? (opts.runningGraceMs ?? 60_000) : 0;
      await redis("requeue", () =>
        queue.add(
          agent.name,
          { shop: run.shop, runId: run.id, input: run.input ?? {}, trigger: run.trigger },
          { ...jobOptions(agent, options.backoffMs), jobId: run.jobId!, delay },
        ),
      );
      requeued.push(run.id);
    }
    return requeued;
  }

  async function cancel(runId: string): Promise<CancelResult> {
    const run = await db.agentRun.findUnique({ where: { id: runId } });
    if (!run) throw new Error(`No agent run with id "${runId}"`);
    const now = new Date();
    // Guarded transition: only a live run becomes cancelled, whoever else is racing to finish it.
    const { count } = await db.agentRun.updateMany({
      where: { id: runId, status: { in: [...LIVE_STATUSES] } },
      data: {
        status: "cancelled",
        message: "Cancelled",
        finishedAt: now,
        durationMs: run.startedAt ? now.getTime() - run.startedAt.getTime() : null,
      },
    });
    if (count === 0) {
      const current = await db.agentRun.findUnique({ where: { id: runId } });
      return { runId, cancelled: false, status: current?.status ?? run.status };
    }
    let how: CancelResult["how"] = "no-job";
    const agent = agents.get(run.agent);
    if (agent && run.jobId) {
      const jobId = run.jobId;
      // The row is cancelled already; with Redis down the job is left to find that out when it starts.
      how = await redis("cancel", async () => {
        const found = await findJob(agent, await readyQueue(agent), jobId);
        if (!found) return "no-job" as const;
        const { queue } = found;
        // remove() refuses a locked (active) job; then the worker holding it is told to abort.
        const removed = await queue.remove(jobId).catch(() => 0);
        if (removed) return "removed" as const;
        await connection.publish(cancelChannel(prefix), JSON.stringify({ queue: queue.name, jobId, runId }));
        return "signalled" as const;
      }).catch((error: Error) => {
        logger.warn({ err: error.message, runId }, "cancelled in the database; the queue could not be told");
        return "no-job" as const;
      });
    }
    await publishEvent(
      connection,
      run.shop,
      {
        type: "agent.finished",
        runId,
        agent: run.agent,
        progress: run.progress,
        status: "cancelled",
        message: "Cancelled",
      },
      prefix,
    ).catch(() => {});
    return { runId, cancelled: true, status: "cancelled", how };
  }

  async function listRuns(query: ListRunsQuery) {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    let agentFilter: { agent?: string | { in: string[] } } = {};
    if (query.capability) {
      const names = agents.withCapability(query.capability).map((a) => a.name);
      agentFilter = { agent: { in: query.agent ? names.filter((n) => n === query.agent) : names } };
    } else if (query.agent) agentFilter = { agent: query.agent };
    return db.agentRun.findMany({
      where: { shop: query.shop, ...agentFilter, ...(query.status ? { status: query.status } : {}) },
      orderBy: { queuedAt: "desc" },
      take: limit,
    });
  }

  return {
    prefix,
    agents,
    enqueue,
    enqueueMany,
    schedule,
    unschedule,
    scheduleShop,
    unscheduleShop,
    isScheduled,
    listSchedulers,
    requeueOrphans,
    onRedisReady(listener) {
      connection.on("ready", listener);
    },
    cancel,
    listRuns,
    queue: (agent) => queueFor(agents.require(agent)),
    async close() {
      await Promise.allSettled([...queues.values(), ...longLanes.values()].map((queue) => queue.close()));
      connection.disconnect();
    },
  };
}

export function jobOptions(agent: AnyAgent, backoffMs = 2_000): JobsOptions {
  return {
    attempts: agent.attempts ?? 3,
    backoff: { type: "exponential", delay: backoffMs },
    // Bounded history in Redis; the AgentRun rows are the durable record.
    removeOnComplete: { age: 3_600, count: 1_000 },
    removeOnFail: { age: 7 * 86_400, count: 5_000 },
  };
}

/** A finished BullMQ job still holds its id; remove it so the key can carry a new run. */
async function removeFinishedJob(queue: Queue<AgentJobData>, jobId: string, previousRunId: string) {
  for (let i = 0; i < 50; i++) {
    const job: Job<AgentJobData> | undefined = await queue.getJob(jobId);
    if (!job || job.data.runId !== previousRunId) return;
    if (await queue.remove(jobId)) return;
    // Still locked: its worker is writing the last result; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The previous job ${jobId} is still active; try again in a few seconds.`);
}

const isLive = (status: string) => (LIVE_STATUSES as readonly string[]).includes(status);

function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

const SECRET_KEY =
  /(^|_|-)(access_?token|token|secret|password|api_?key|authorization|cookie)$|accessToken|apiKey|Token$|Secret$|Password$/i;

/** Job data lives in Redis in clear text: refuse inputs that carry credentials. */
export function assertNoSecrets(value: unknown, path = "input"): void {
  if (Array.isArray(value)) return value.forEach((item, i) => assertNoSecrets(item, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return;
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key))
      throw new Error(
        `Job input must not carry secrets (found "${path}.${key}"): send ids only; the worker loads credentials for the shop itself.`,
      );
    assertNoSecrets(item, `${path}.${key}`);
  }
}

declare global {
  var __royalEquipsAgentRuntimes: Map<string, AgentRuntime> | undefined;
}

/** One runtime per process and Redis URL + prefix (the web app's routes share it across requests and hot reloads). */
export function sharedRuntime(options: Omit<RuntimeOptions, "agents"> & { agents?: AgentRegistry }): AgentRuntime {
  const runtimes = (globalThis.__royalEquipsAgentRuntimes ??= new Map());
  const key = `${options.redisUrl}|${options.prefix ?? DEFAULT_PREFIX}`;
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = createRuntime({ ...options, agents: options.agents ?? agentRegistry() });
    runtimes.set(key, runtime);
  }
  return runtime;
}
