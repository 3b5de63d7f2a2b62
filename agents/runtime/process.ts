// A worker process: the runtime, a worker per agent, the installed shops' schedules, and a
// graceful stop on SIGTERM/SIGINT: no new jobs; the active ones get until a deadline to finish,
// then go back to their queue for the next worker; exit 0. More signals meanwhile change nothing
// (Ctrl-C reaches every process of the group and `npm start` passes SIGTERM on as well).
// server/worker.ts runs it for the real agents; the runtime tests run it with test agents.
import { getPriority, setPriority } from "node:os";
import type { Logger } from "pino";
import type { Db } from "../db/client";
import type { AgentRegistry } from "./agents";
import type { BreakerOptions } from "./breaker";
import { createRuntime, type AgentRuntime } from "./queues";
import { scheduleReconciler } from "./schedules";
import { createWorkers, type AgentWorkers, type WorkerLanes } from "./worker";

export interface WorkerProcessOptions {
  redisUrl: string;
  db: Db;
  logger: Logger;
  agents: AgentRegistry;
  concurrency: number;
  /** The lanes this process works (createWorkers' `lanes`, ADR 0042). */
  lanes?: WorkerLanes;
  prefix?: string;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  breaker?: BreakerOptions;
  /** Keeps every installed shop's schedulers in place, and removes uninstalled shops' (at start, then every minute). */
  scheduleInstalledShops?: boolean;
  /** How often installs are reconciled with schedules (default 60 s). */
  scheduleReconcileMs?: number;
  /** Active jobs get this long after the first signal to finish; then they are handed back to the queue (default 25 s). */
  shutdownGraceMs?: number;
  /** How often live runs whose jobs Redis lost are queued again (default 60 s; 0: never). */
  requeueOrphansMs?: number;
  /** A live run must be at least this old before a missing job counts as lost (default 60 s). */
  orphanAfterMs?: number;
  /** A lost job of a run that was running is queued again this much later, so a worker still on it finishes first (default 60 s). */
  orphanRunningGraceMs?: number;
  /** Periodic work of the process besides jobs (e.g. settling interrupted store changes): run at start, then every `everyMs`. */
  housekeeping?: Housekeeping[];
}

export interface Housekeeping {
  name: string;
  everyMs: number;
  /** Returns what to log when the pass did something (null/undefined: quiet). */
  run(): Promise<unknown>;
}

export interface WorkerProcess {
  runtime: AgentRuntime;
  workers: AgentWorkers;
  stop(signal: string): Promise<void>;
}

/** The nice value of a long-lane-only worker process (WORKER_LANES=long): 10, as `nice` gives by default. */
export const LONG_LANE_NICE = 10;

/**
 * A process that works only long runs lowers its own CPU priority: on cores shared with other
 * workers, other shops' short runs get the CPU first and the long run takes what is left (it was
 * going to take minutes anyway). Lowering needs no privilege; failing to is only logged.
 */
export function yieldCpuToOtherLanes(logger: Pick<Logger, "info" | "warn">): void {
  try {
    setPriority(Math.max(getPriority(), LONG_LANE_NICE));
    logger.info({ nice: getPriority() }, "long lane: CPU priority lowered");
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "long lane: could not lower CPU priority");
  }
}

export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const { logger } = options;
  const runtime = createRuntime({
    redisUrl: options.redisUrl,
    db: options.db,
    logger,
    agents: options.agents,
    prefix: options.prefix,
  });
  if (options.lanes === "long") yieldCpuToOtherLanes(logger);
  const workers = createWorkers({ ...options });
  await workers.ready();

  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  /** Runs a pass now and every `everyMs`; a pass still running is not started twice; failures are logged and retried next time. */
  const periodic = (name: string, everyMs: number, run: () => Promise<unknown>) => {
    let running: Promise<void> | null = null;
    let failures = 0;
    const pass = (): Promise<void> =>
      stopped
        ? Promise.resolve()
        : (running ??= run()
            .then((done) => {
              failures = 0;
              if (done) logger.info({ pass: name, done }, `${name}: done`);
            })
            .catch((error: Error) => {
              // One failure that the retry a few seconds later puts right (a busy machine at start,
              // a Redis failover) needs nothing from anyone: a warning only when it fails again.
              failures++;
              const level = failures > 1 ? "warn" : "info";
              logger[level]({ pass: name, err: error.message, failures }, `${name} failed; retrying soon`);
              // Soon, not at the next interval: a pass that failed on a Redis just coming back must not wait a minute.
              timers.push(setTimeout(() => void pass(), Math.min(everyMs, 5_000)).unref());
            })
            .finally(() => {
              running = null;
            }));
    const timer = setInterval(pass, everyMs);
    timer.unref();
    timers.push(timer);
    return pass;
  };

  if (options.scheduleInstalledShops) {
    const reconciler = scheduleReconciler(runtime, options.db);
    const agentsWithSchedules = options.agents
      .list()
      .filter((a) => a.schedule)
      .map((a) => a.name);
    const reconcile = periodic("schedules", options.scheduleReconcileMs ?? 60_000, async () => {
      const pass = await reconciler.reconcile();
      return pass.scheduled.length || pass.unscheduled.length ? { ...pass, agents: agentsWithSchedules } : null;
    });
    await reconcile();
    // Redis came back (restart, failover): what it lost is put back now, not at the next minute.
    runtime.onRedisReady(() => void reconcile());
  }
  if (options.requeueOrphansMs !== 0) {
    const requeue = periodic("requeue lost jobs", options.requeueOrphansMs ?? 60_000, async () => {
      const requeued = await runtime.requeueOrphans({
        olderThanMs: options.orphanAfterMs,
        runningGraceMs: options.orphanRunningGraceMs,
      });
      return requeued.length ? { requeued } : null;
    });
    void requeue();
    runtime.onRedisReady(() => void requeue());
  }
  for (const job of options.housekeeping ?? []) void periodic(job.name, job.everyMs, job.run)();

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    const graceMs = options.shutdownGraceMs ?? 25_000;
    if (stopping) {
      // Not a way to cut jobs short: that is what the deadline is for (and SIGKILL).
      logger.info({ signal }, "already stopping: active jobs finish or are handed back to the queue at the deadline");
      return stopping;
    }
    logger.info({ signal, graceMs }, "worker stopping: waiting for active jobs to finish");
    const deadline = setTimeout(() => {
      logger.warn({ graceMs }, "active jobs did not finish in time: handing them back to the queue");
      workers.handBack();
    }, graceMs);
    deadline.unref();
    // Only if handing back hangs too (e.g. Redis gone): the jobs' locks lapse and another worker takes them.
    const lastResort = setTimeout(() => {
      logger.error("worker could not stop cleanly; exiting");
      process.exit(1);
    }, graceMs + 15_000);
    lastResort.unref();
    stopping = (async () => {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await workers.close();
      clearTimeout(deadline);
      await runtime.close();
      await options.db.$disconnect();
      clearTimeout(lastResort);
      logger.info("worker stopped");
    })();
    return stopping;
  };
  process.on("SIGTERM", () => void stop("SIGTERM").then(() => process.exit(0)));
  process.on("SIGINT", () => void stop("SIGINT").then(() => process.exit(0)));
  logger.info(
    {
      agents: options.agents.list().map((a) => a.name),
      concurrency: options.concurrency,
      lanes: options.lanes ?? "all",
      pid: process.pid,
    },
    "worker ready",
  );
  return { runtime, workers, stop };
}
