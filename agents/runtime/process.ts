// A worker process: the runtime, a worker per agent, the installed shops' schedules, and a
// graceful stop on SIGTERM/SIGINT (no new jobs; the active ones finish, then exit 0).
// server/worker.ts runs it for the real agents; the runtime tests run it with test agents.
import type { Logger } from "pino";
import type { Db } from "../db/client";
import type { AgentRegistry } from "./agents";
import type { BreakerOptions } from "./breaker";
import { createRuntime, type AgentRuntime } from "./queues";
import { scheduleReconciler } from "./schedules";
import { createWorkers, type AgentWorkers } from "./worker";

/** Signals this close to the first are the same stop arriving twice (see stop()). */
const DUPLICATE_SIGNAL_MS = 1_000;

export interface WorkerProcessOptions {
  redisUrl: string;
  db: Db;
  logger: Logger;
  agents: AgentRegistry;
  concurrency: number;
  prefix?: string;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  breaker?: BreakerOptions;
  /** Keeps every installed shop's schedulers in place, and removes uninstalled shops' (at start, then every minute). */
  scheduleInstalledShops?: boolean;
  /** How often installs are reconciled with schedules (default 60 s). */
  scheduleReconcileMs?: number;
  /** A second signal, or this long after the first, exits without waiting (default 5 min). */
  forceExitAfterMs?: number;
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

export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const { logger } = options;
  const runtime = createRuntime({
    redisUrl: options.redisUrl,
    db: options.db,
    logger,
    agents: options.agents,
    prefix: options.prefix,
  });
  const workers = createWorkers({ ...options });
  await workers.ready();

  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  /** Runs a pass now and every `everyMs`; a pass still running is not started twice; failures are logged and retried next time. */
  const periodic = (name: string, everyMs: number, run: () => Promise<unknown>) => {
    let running: Promise<void> | null = null;
    const pass = (): Promise<void> =>
      stopped
        ? Promise.resolve()
        : (running ??= run()
            .then((done) => {
              if (done) logger.info({ pass: name, done }, `${name}: done`);
            })
            .catch((error: Error) => {
              logger.warn({ pass: name, err: error.message }, `${name} failed; retrying soon`);
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
  let firstSignalAt = 0;
  const stop = (signal: string) => {
    if (stopping) {
      // Ctrl+C under `npm start` reaches the worker twice at once: SIGINT from the terminal (same
      // process group) and SIGTERM from scripts/run.ts passing it on. That is one stop, not two.
      if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return stopping;
      logger.warn({ signal }, "second signal: exiting without waiting for active jobs");
      process.exit(1);
    }
    firstSignalAt = Date.now();
    logger.info({ signal }, "worker stopping: waiting for active jobs to finish");
    setTimeout(() => {
      logger.error("active jobs did not finish in time; exiting");
      process.exit(1);
    }, options.forceExitAfterMs ?? 300_000).unref();
    stopping = (async () => {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await workers.close();
      await runtime.close();
      await options.db.$disconnect();
      logger.info("worker stopped");
    })();
    return stopping;
  };
  process.on("SIGTERM", () => void stop("SIGTERM").then(() => process.exit(0)));
  process.on("SIGINT", () => void stop("SIGINT").then(() => process.exit(0)));
  logger.info(
    { agents: options.agents.list().map((a) => a.name), concurrency: options.concurrency, pid: process.pid },
    "worker ready",
  );
  return { runtime, workers, stop };
}
