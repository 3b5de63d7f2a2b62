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

  let reconcileTimer: NodeJS.Timeout | undefined;
  if (options.scheduleInstalledShops) {
    const reconciler = scheduleReconciler(runtime, options.db);
    const first = await reconciler.reconcile();
    logger.info(
      {
        shops: first.scheduled.length,
        unscheduled: first.unscheduled.length,
        agents: options.agents
          .list()
          .filter((a) => a.schedule)
          .map((a) => a.name),
      },
      "schedules installed",
    );
    reconcileTimer = setInterval(() => {
      reconciler
        .reconcile()
        .then((pass) => {
          if (pass.scheduled.length || pass.unscheduled.length) logger.info(pass, "schedules reconciled with installs");
        })
        .catch((error: Error) =>
          logger.warn({ err: error.message }, "could not reconcile schedules; retrying next minute"),
        );
    }, options.scheduleReconcileMs ?? 60_000);
    reconcileTimer.unref();
  }

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting without waiting for active jobs");
      process.exit(1);
    }
    logger.info({ signal }, "worker stopping: waiting for active jobs to finish");
    setTimeout(() => {
      logger.error("active jobs did not finish in time; exiting");
      process.exit(1);
    }, options.forceExitAfterMs ?? 300_000).unref();
    stopping = (async () => {
      clearInterval(reconcileTimer);
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
