// The consumer side: one BullMQ Worker per agent queue. Every run-state change is a guarded
// transition on the AgentRun row (queued -> running -> succeeded | failed | cancelled), so a job
// that runs again after a crashed worker (BullMQ's stalled-job check) ends in one final state, and
// the agent's effects, keyed by runId, happen once.
import { DelayedError, Queue, UnrecoverableError, WaitingError, Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import { Prisma } from "@prisma/client";
import { databaseKind, type Db } from "../db/client";
import { jsonOrNull } from "../db/json";
import { createRedis, withTimeout, type Redis } from "../infra/redis";
import type { AgentJobContext, AgentRegistry, AnyAgent } from "./agents";
import { bullTelemetry } from "../infra/tracing";
import { createBatcher } from "./batch";
import { createAgentBreaker, isBreakerOpenError, type AgentBreaker, type BreakerOptions } from "./breaker";
import { publishEvent, type AgentEvent } from "./events";
import { jobOptions, type AgentJobData } from "./queues";
import { DEFAULT_PREFIX, cancelChannel, longLaneQueueName, queueName } from "./names";

export interface WorkerOptions {
  redisUrl: string;
  db: Db;
  logger: Logger;
  agents: AgentRegistry;
  prefix?: string;
  /** Jobs each agent's worker runs at once, unless the agent sets its own concurrency. */
  concurrency?: number;
  /** Only these agents (default: every registered agent). */
  only?: string[];
  /**
   * Which lanes this process works (AgentDefinition.longLane): both (default); only the agents'
   * regular queues; or only their long lanes (a worker process of its own for long runs, so they
   * do not share an event loop and a database connection with everyone else's runs).
   */
  lanes?: WorkerLanes;
  /**
   * BullMQ lock: a job whose worker died is picked up again after it expires (default 15 s; the
   * worker renews it every half of that, so only an event loop blocked that long loses it).
   */
  lockDurationMs?: number;
  /** How often the stalled-job check runs (default 5 s): a dead worker's job waits at most lock + this. */
  stalledIntervalMs?: number;
  breaker?: BreakerOptions;
}

export interface AgentWorkers {
  workers: Map<string, Worker<AgentJobData>>;
  breakers: Map<string, AgentBreaker>;
  /** Resolves once every worker and the cancel subscription are connected. */
  ready(): Promise<void>;
  /** Graceful: stops taking jobs and waits for the active ones to finish. */
  close(): Promise<void>;
  /**
   * Shutdown past its deadline: every active job is aborted and put back in its queue (its run
   * back to queued), so another worker runs it from the start. close() then returns at once.
   */
  handBack(): void;
}

export type WorkerLanes = "all" | "regular" | "long";

/** The abort reason of a job handed back at shutdown (not a merchant's cancel). */
export const HAND_BACK_REASON = "worker shutting down: handed back to the queue";

// A killed worker's job is picked up within lock + interval (about 35 s; BullMQ's 30 s + 30 s gave
// ~65 s). The lock stays at BullMQ's 30 s: on a 1M-order store an analysis can hold the event loop
// for many seconds (libsql runs each statement synchronously), and a lock that lapses meanwhile
// makes the job "stalled" and run again (at 15 s that happened under load in the big-store bench).
export const DEFAULT_LOCK_MS = 30_000;
export const DEFAULT_STALLED_INTERVAL_MS = 5_000;

class RunCancelledError extends Error {
  constructor() {
    super("Cancelled");
    this.name = "RunCancelledError";
  }
}

export function createWorkers(options: WorkerOptions): AgentWorkers {
  const { db, logger } = options;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const selected = options.only ? options.only.map((name) => options.agents.require(name)) : options.agents.list();
  const publisher = createRedis(options.redisUrl, { name: "worker-publisher" });
  publisher.on("error", (error) => logger.warn({ err: error.message }, "worker publisher redis error"));
  const connections: Redis[] = [publisher];
  const workers = new Map<string, Worker<AgentJobData>>();
  const breakers = new Map<string, AgentBreaker>();
  const store = createRunStore(db);
  const closers: (() => Promise<unknown>)[] = [];

  for (const agent of selected) {
    const breaker = createAgentBreaker(
      agent.name,
      publisher,
      logger,
      options.breaker,
      prefix,
      (error) => error instanceof RunCancelledError,
    );
    breakers.set(agent.name, breaker);
    const lanes = options.lanes ?? "all";
    // Long runs are handed to the lane's queue by a regular worker: it needs a producer for it.
    const longQueue = agent.longLane
      ? new Queue<AgentJobData>(longLaneQueueName(agent.name), { connection: publisher, prefix })
      : null;
    longQueue?.on("error", (error) => logger.warn({ err: error.message, agent: agent.name }, "long lane queue error"));
    if (longQueue) closers.push(() => longQueue.close());
    const start = (lane: "regular" | "long", concurrency: number) => {
      const name = lane === "long" ? longLaneQueueName(agent.name) : queueName(agent.name);
      const connection = createRedis(options.redisUrl, { blocking: true, name: `worker-${name}` });
      connection.on("error", (error) => logger.warn({ err: error.message, agent: agent.name }, "worker redis error"));
      connections.push(connection);
      // The processor declares (job, token, signal) so BullMQ gives it an AbortSignal (worker.cancelJob).
      const processor = (job: Job<AgentJobData>, token?: string, signal?: AbortSignal) =>
        processJob({
          agent,
          breaker,
          job,
          token,
          signal,
          db,
          store,
          logger,
          publisher,
          prefix,
          longLane: lane === "regular" ? longQueue : null,
        });
      const worker = new Worker<AgentJobData>(name, processor, {
        connection,
        prefix,
        concurrency,
        lockDuration: options.lockDurationMs ?? DEFAULT_LOCK_MS,
        stalledInterval: options.stalledIntervalMs ?? DEFAULT_STALLED_INTERVAL_MS,
        maxStalledCount: 1,
        telemetry: bullTelemetry(),
      });
      worker.on("error", (error) => logger.error({ err: error.message, agent: agent.name }, "worker error"));
      worker.on("stalled", (jobId) =>
        logger.warn({ agent: agent.name, jobId }, "job stalled (its worker died or blocked); it runs again"),
      );
      // Failures BullMQ decides without calling the processor (a job that stalled more than
      // maxStalledCount times) would leave the row live forever: close it here, guarded.
      worker.on("failed", (job, error) => void closeAbandonedRun(db, job, error, logger));
      workers.set(name, worker);
    };
    if (lanes !== "long") start("regular", agent.concurrency ?? options.concurrency ?? 4);
    if (agent.longLane && lanes !== "regular") start("long", agent.longLane.concurrency ?? 1);
  }

  // Cancel requests for active jobs reach every worker process; the one holding the job aborts it.
  const subscriber = createRedis(options.redisUrl, { blocking: true, name: "worker-cancel" });
  subscriber.on("error", (error) => logger.warn({ err: error.message }, "cancel subscriber redis error"));
  connections.push(subscriber);
  const subscribed = subscriber.subscribe(cancelChannel(prefix));
  subscriber.on("message", (_channel: string, text: string) => {
    try {
      const { queue, jobId } = JSON.parse(text) as { queue: string; jobId: string };
      if (workers.get(queue)?.cancelJob(jobId, "cancelled"))
        logger.info({ queue, jobId }, "cancel signalled to active job");
    } catch (error) {
      logger.warn({ err: (error as Error).message }, "malformed cancel message");
    }
  });

  return {
    workers,
    breakers,
    async ready() {
      await withTimeout(
        Promise.all([subscribed, ...[...workers.values()].map((worker) => worker.waitUntilReady())]),
        10_000,
        "workers did not connect to redis within 10 s",
      );
    },
    handBack() {
      for (const worker of workers.values()) worker.cancelAllJobs(HAND_BACK_REASON);
    },
    async close() {
      await Promise.allSettled([...workers.values()].map((worker) => worker.close()));
      for (const breaker of breakers.values()) breaker.shutdown();
      await Promise.allSettled(closers.map((close) => close()));
      await Promise.allSettled(connections.map((connection) => connection.quit()));
    },
  };
}

interface JobRun {
  agent: AnyAgent;
  breaker: AgentBreaker;
  job: Job<AgentJobData>;
  token?: string;
  signal?: AbortSignal;
  db: Db;
  store: RunStore;
  logger: Logger;
  publisher: Redis;
  prefix: string;
  /** Set on the agent's regular worker when the agent has a long lane: where long runs are handed. */
  longLane: Queue<AgentJobData> | null;
}

async function processJob({
  agent,
  breaker,
  job,
  token,
  signal,
  db,
  store,
  logger,
  publisher,
  prefix,
  longLane,
}: JobRun): Promise<unknown> {
  const { shop } = job.data;
  const runId = job.data.runId ?? (await scheduledRunId(db, agent, job));
  if (longLane && agent.longLane) {
    const input = agent.input.safeParse(job.data.input ?? {});
    // Invalid input is reported below, by the run itself.
    if (input.success && (await agent.longLane.isLong(db, shop, input.data)))
      return handToLongLane(longLane, agent, job, runId, logger);
  }
  const log = logger.child({ agent: agent.name, shop, runId, jobId: job.id, attempt: job.attemptsStarted });
  const emit = (event: Omit<AgentEvent, "runId" | "agent">) =>
    publishEvent(publisher, shop, { runId, agent: agent.name, ...event }, prefix).catch((error: Error) =>
      log.warn({ err: error.message }, "could not publish event"),
    );

  // Alerts are rows the run's code upserts by business key; the ones created during this run are new.
  const announceNewAlerts = async (since: Date) => {
    const alerts = await db.alert.findMany({
      where: { shop, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      take: 20,
      select: { id: true, kind: true, severity: true, title: true },
    });
    for (const alert of alerts) {
      const severity = (["info", "warning", "critical"] as const).find((s) => s === alert.severity) ?? "warning";
      await publishEvent(
        publisher,
        shop,
        {
          type: "alert.raised",
          alertId: alert.id,
          kind: alert.kind,
          severity,
          title: alert.title,
          runId,
          agent: agent.name,
        },
        prefix,
      ).catch((error: Error) => log.warn({ err: error.message }, "could not publish alert event"));
    }
  };

  // While the breaker is open the job waits (delayed), it does not fail or use up an attempt.
  if (breaker.state === "open") return delayForBreaker(job, token, breaker, db, runId, "queued");

  // queued -> running, guarded: a rerun after a crash finds the row already running (or finished).
  const start = await store.start(runId);
  if (start.status === "missing") throw new UnrecoverableError(`AgentRun ${runId} does not exist (deleted?)`);
  if (start.status === "succeeded") return start.result; // finished before the crash: just complete the job
  if (start.status === "cancelled") throw new UnrecoverableError("Cancelled");
  if (start.status === "failed") throw new UnrecoverableError(start.error ?? "Failed");
  if (start.status === "queued") throw new Error(`AgentRun ${runId} could not be marked running`); // retried by BullMQ
  const startedAt = start.startedAt;
  if (start.resumed) log.warn("run was already running: resuming after a stalled worker");
  await emit({ type: "agent.progress", progress: 0, status: "running", message: "Started" });
  const durationMs = () => Date.now() - startedAt.getTime();

  // An agent's run is one audit entry ("agent.run.succeeded"), however many reads it made; the
  // app's own housekeeping (capability "system": refreshes of stored answers) is not an event.
  const auditRunEnd = async (status: "succeeded" | "failed", data: { result?: unknown; error?: string }) => {
    if (agent.capabilities.includes("system")) return;
    const trigger = (await db.agentRun.findUnique({ where: { id: runId }, select: { trigger: true } }))?.trigger;
    await db.auditLog
      .create({
        data: {
          shop: job.data.shop,
          actor: `${trigger === "schedule" ? "schedule" : "system"}:${agent.name}`,
          action: `agent.run.${status}`,
          input: { runId, trigger: trigger ?? null },
          result: {
            summary: status === "succeeded" ? summaryOf(data.result) : null,
            error: data.error ?? null,
            ms: durationMs(),
          },
          outcome: status === "succeeded" ? "ok" : "error",
        },
      })
      .catch((error: Error) => log.warn({ err: error.message }, "could not audit the run's end"));
  };

  const finish = async (status: "succeeded" | "failed", data: { result?: unknown; error?: string }) => {
    const message = status === "succeeded" ? "Succeeded" : data.error!;
    const finished = await store.finish(runId, {
      status,
      message: message.slice(0, 1_000),
      ...(status === "succeeded"
        ? { progress: 100, result: JSON.stringify(data.result ?? null), summary: summaryOf(data.result) }
        : { error: data.error }),
      finishedAt: new Date(),
      durationMs: durationMs(),
    });
    if (finished) {
      await auditRunEnd(status, data);
      // Alerts first: a page that reloads on the run's end then finds them.
      await announceNewAlerts(startedAt);
      await emit({ type: "agent.finished", progress: status === "succeeded" ? 100 : 0, status, message });
    }
    return finished;
  };

  const parsed = agent.input.safeParse(job.data.input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`)
      .join("; ");
    const message = `Invalid input for agent ${agent.name}: ${issues}. Send an object matching the agent's input schema.`;
    await finish("failed", { error: message });
    throw new UnrecoverableError(message);
  }

  const abort = signal ?? new AbortController().signal;
  const ctx: AgentJobContext = {
    shop,
    runId,
    attempt: job.attemptsStarted || 1,
    trigger: job.data.trigger ?? "manual",
    db,
    logger: log,
    signal: abort,
    now: () => new Date(),
    async progress(percent, message) {
      const value = Math.max(0, Math.min(100, Math.round(percent)));
      await Promise.all([
        job.updateProgress({ percent: value, message: message ?? null }),
        db.agentRun.updateMany({
          where: { id: runId, status: "running" },
          data: { progress: value, message: message ?? null },
        }),
        emit({ type: "agent.progress", progress: value, status: "running", message: message ?? null }),
      ]);
    },
  };

  try {
    const cancelled = new Promise<never>((_, reject) => {
      if (abort.aborted) reject(new RunCancelledError());
      abort.addEventListener("abort", () => reject(new RunCancelledError()), { once: true });
    });
    cancelled.catch(() => {});
    // The agent should honour ctx.signal; the race makes the job end at once even if it does not.
    const result = await breaker.fire(() => Promise.race([agent.run(ctx, parsed.data), cancelled]));
    if (!(await finish("succeeded", { result }))) {
      const row = await db.agentRun.findUnique({ where: { id: runId } });
      if (row?.status === "cancelled") throw new UnrecoverableError("Cancelled");
    }
    return result;
  } catch (error) {
    if (error instanceof UnrecoverableError && error.message === "Cancelled") throw error;
    if (abort.aborted && abort.reason === HAND_BACK_REASON) return handBackJob(job, token, db, runId, log);
    if (error instanceof RunCancelledError || abort.aborted) {
      log.info("run cancelled");
      throw new UnrecoverableError("Cancelled");
    }
    if (isBreakerOpenError(error)) return delayForBreaker(job, token, breaker, db, runId, "running");
    const message = (error as Error)?.message ?? String(error);
    const attempts = job.opts.attempts ?? 1;
    const final = error instanceof UnrecoverableError || job.attemptsMade + 1 >= attempts;
    if (final) {
      await finish("failed", { error: message });
      log.error({ err: message }, "run failed");
    } else {
      const retry = `Attempt ${job.attemptsMade + 1} of ${attempts} failed: ${message}; retrying`;
      const { count } = await db.agentRun.updateMany({
        where: { id: runId, status: "running" },
        data: { status: "queued", message: retry.slice(0, 1_000) },
      });
      if (count === 1) await emit({ type: "agent.progress", progress: 0, status: "queued", message: retry });
      log.warn({ err: message }, "run attempt failed; retrying");
    }
    throw error;
  }
}

type StartOutcome =
  | { status: "running"; startedAt: Date; resumed: boolean }
  | { status: "succeeded"; result: unknown }
  | { status: "failed"; error: string | null }
  | { status: "cancelled" }
  | { status: "queued" }
  | { status: "missing" };

interface RunStore {
  /** queued -> running (guarded); reports where the run actually is. */
  start(runId: string): Promise<StartOutcome>;
  /** running -> succeeded | failed (guarded); true when this call made the transition. */
  finish(runId: string, data: RunFinish): Promise<boolean>;
}

interface RunFinish {
  status: "succeeded" | "failed";
  message: string;
  progress?: number;
  /** JSON text of the result. */
  result?: string;
  /** The run's one line for the Agents page (the result's `summary`). */
  summary?: string | null;
  error?: string;
  finishedAt: Date;
  durationMs: number;
}

/**
 * The run-state writes of every job in this process, batched: concurrent starts share one UPDATE
 * ... WHERE id IN (...) AND status = 'queued' and one SELECT; concurrent finishes share one
 * transaction of guarded updates. Each write keeps its own guard, so batching changes no outcome.
 */
function createRunStore(db: Db): RunStore {
  const starts = createBatcher<string, StartOutcome>(async (ids) => {
    const startedAt = new Date();
    const { count } = await retryBusy(() =>
      db.agentRun.updateMany({
        where: { id: { in: ids }, status: "queued" },
        data: { status: "running", startedAt, progress: 0, message: "Started" },
      }),
    );
    // The usual case: every run was queued and is now ours (ids are distinct: one active job per run).
    if (count === ids.length) return ids.map((): StartOutcome => ({ status: "running", startedAt, resumed: false }));
    const rows = await retryBusy(() =>
      db.agentRun.findMany({
        where: { id: { in: ids } },
        select: { id: true, status: true, startedAt: true, result: true, error: true },
      }),
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id): StartOutcome => {
      const row = byId.get(id);
      if (!row) return { status: "missing" };
      if (row.status === "running")
        return {
          status: "running",
          startedAt: row.startedAt ?? startedAt,
          resumed: row.startedAt?.getTime() !== startedAt.getTime(),
        };
      if (row.status === "succeeded") return { status: "succeeded", result: row.result };
      if (row.status === "failed") return { status: "failed", error: row.error };
      return row.status === "cancelled" ? { status: "cancelled" } : { status: "queued" };
    });
  });
  // One guarded UPDATE ... FROM (VALUES ...) per batch: each row still moves only from running,
  // and RETURNING says which rows this batch moved. (Prisma's per-row updates cost ~1 ms each.)
  const postgres = databaseKind(db) === "postgresql";
  const finishes = createBatcher<{ id: string; data: RunFinish }, boolean>(async (items) => {
    const rows = Prisma.join(
      items.map(({ id, data }) =>
        postgres
          ? Prisma.sql`(${id}, ${data.status}, ${data.message}, ${data.progress ?? null}::int, ${data.result ?? null}::jsonb, ${data.error ?? null}, ${data.finishedAt}::timestamp(3), ${data.durationMs}::int, ${data.summary ?? null}::text)`
          : Prisma.sql`(${id}, ${data.status}, ${data.message}, ${data.progress ?? null}, ${data.result ?? null}, ${data.error ?? null}, ${data.finishedAt}, ${data.durationMs}, ${data.summary ?? null})`,
      ),
    );
    const moved = await retryBusy(() =>
      postgres
        ? db.$queryRaw<
            { id: string }[]
          >`UPDATE "AgentRun" AS r SET "status" = v.status, "message" = v.message, "progress" = COALESCE(v.progress, r."progress"), "result" = COALESCE(v.result, r."result"), "error" = COALESCE(v.error, r."error"), "finishedAt" = v.finished, "durationMs" = v.duration, "summary" = COALESCE(v.summary, r."summary") FROM (VALUES ${rows}) AS v(id, status, message, progress, result, error, finished, duration, summary) WHERE r."id" = v.id AND r."status" = 'running' RETURNING r."id"`
        : db.$queryRaw<
            { id: string }[]
          >`UPDATE "AgentRun" SET "status" = v.column2, "message" = v.column3, "progress" = COALESCE(v.column4, "AgentRun"."progress"), "result" = COALESCE(v.column5, "AgentRun"."result"), "error" = COALESCE(v.column6, "AgentRun"."error"), "finishedAt" = v.column7, "durationMs" = v.column8, "summary" = COALESCE(v.column9, "AgentRun"."summary") FROM (VALUES ${rows}) AS v WHERE "AgentRun"."id" = v.column1 AND "AgentRun"."status" = 'running' RETURNING "AgentRun"."id"`,
    );
    const ids = new Set(moved.map((row) => row.id));
    return items.map((item) => ids.has(item.id));
  });
  return { start: (runId) => starts.add(runId), finish: (id, data) => finishes.add({ id, data }) };
}

/**
 * An agent gives its run a one-line summary by returning `{ summary: "...", ...figures }`: the
 * runtime stores it in AgentRun.summary (the Agents page shows it) and keeps the whole result too.
 */
export function summaryOf(result: unknown): string | null {
  if (!result || typeof result !== "object" || !("summary" in result)) return null;
  const summary = (result as { summary: unknown }).summary;
  return typeof summary === "string" && summary.trim() ? summary.trim().slice(0, 500) : null;
}

/** SQLite shared with the web process may be locked for a moment: retry (the writes are guarded, so a retry is safe). */
async function retryBusy<T>(write: () => Promise<T>, tries = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const message = (error as Error)?.message ?? "";
      if (attempt >= tries || !/Operation has timed out|SQLITE_BUSY|database is locked/i.test(message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    }
  }
}

async function closeAbandonedRun(db: Db, job: Job<AgentJobData> | undefined, error: Error, logger: Logger) {
  try {
    if (!job?.id || (await job.getState()) !== "failed") return; // a retry is coming
    const where = job.data.runId ? { id: job.data.runId } : { shop: job.data.shop, jobId: job.id };
    const { count } = await db.agentRun.updateMany({
      where: { ...where, status: { in: ["queued", "running"] } },
      data: { status: "failed", error: error.message, message: error.message.slice(0, 1_000), finishedAt: new Date() },
    });
    if (count)
      logger.error(
        { jobId: job.id, err: error.message },
        "job failed outside the agent (e.g. stalled too often); run marked failed",
      );
  } catch (closeError) {
    logger.warn({ err: (closeError as Error).message, jobId: job?.id }, "could not close an abandoned run");
  }
}

/**
 * A long run leaves the regular queue for the agent's long lane: the same job id and data (with its
 * run id, so a scheduled job's row is not created twice) in the lane's queue; its run stays queued.
 * Adding is idempotent (BullMQ ignores a job id it holds), so a rerun of this hand-over after a
 * crash queues nothing twice.
 */
async function handToLongLane(
  longLane: Queue<AgentJobData>,
  agent: AnyAgent,
  job: Job<AgentJobData>,
  runId: string,
  logger: Logger,
): Promise<{ lane: "long"; runId: string }> {
  // A finished lane job under this id (a business key used again) would make BullMQ ignore the add.
  const leftover = await longLane.getJob(job.id!);
  if (leftover && leftover.data.runId !== runId && ["completed", "failed"].includes(await leftover.getState()))
    await leftover.remove();
  await longLane.add(agent.name, { ...job.data, runId }, { ...jobOptions(agent), jobId: job.id });
  logger.info({ agent: agent.name, shop: job.data.shop, runId, jobId: job.id }, "long run handed to its lane");
  return { lane: "long", runId };
}

/**
 * The worker is stopping and the job did not finish in time: the run goes back to queued and the
 * job to the waiting list (attempts unchanged), so the next worker runs it; the run's effects are
 * keyed by runId, so work done before the stop is not repeated in effect.
 */
async function handBackJob(
  job: Job<AgentJobData>,
  token: string | undefined,
  db: Db,
  runId: string,
  log: Logger,
): Promise<never> {
  await db.agentRun.updateMany({
    where: { id: runId, status: "running" },
    data: { status: "queued", progress: 0, message: "Worker restarting; this run starts again shortly" },
  });
  await job.moveToWait(token);
  log.warn("run handed back to the queue: the worker is stopping");
  throw new WaitingError();
}

/** Moves the job to the delayed set until the breaker may let a trial run through. */
async function delayForBreaker(
  job: Job<AgentJobData>,
  token: string | undefined,
  breaker: AgentBreaker,
  db: Db,
  runId: string,
  from: "queued" | "running",
): Promise<never> {
  const until = new Date(Date.now() + breaker.retryAfterMs);
  await db.agentRun.updateMany({
    where: { id: runId, status: from },
    data: {
      status: "queued",
      message: `Circuit breaker open after repeated failures; retrying at ${until.toISOString()}`,
    },
  });
  await job.moveToDelayed(until.getTime(), token);
  throw new DelayedError();
}

/** Scheduled jobs carry no runId: their row is created on first pickup, keyed by the job id. */
async function scheduledRunId(db: Db, agent: AnyAgent, job: Job<AgentJobData>): Promise<string> {
  const jobId = job.id!;
  const row = await db.agentRun.upsert({
    where: { shop_jobId: { shop: job.data.shop, jobId } },
    create: {
      shop: job.data.shop,
      agent: agent.name,
      trigger: job.data.trigger ?? "schedule",
      jobId,
      status: "queued",
      input: jsonOrNull(job.data.input ?? {}),
    },
    update: {},
  });
  return row.id;
}
