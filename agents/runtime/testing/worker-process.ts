// A worker process for the runtime's tests: the real startWorkerProcess with the test agents and
// short locks, so a SIGKILLed worker's job is picked up again within seconds.
// Env: REDIS_URL, DATABASE_URL, RUNTIME_PREFIX; optional PRODUCTION_LOCKS, REQUEUE_ORPHANS_MS,
// ORPHAN_AFTER_MS, ORPHAN_GRACE_MS, SCHEDULE_INSTALLED_SHOPS, SHUTDOWN_GRACE_MS.
import { pino } from "pino";
import { createDb } from "../../db/client";
import { startWorkerProcess } from "../process";
import { prepareDatabase as prepareSharedSqlite } from "../../db/client";
import { testRegistry } from "./support";

const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const db = createDb(need("DATABASE_URL"));
await prepareSharedSqlite(db, need("DATABASE_URL"));
await startWorkerProcess({
  redisUrl: need("REDIS_URL"),
  db,
  logger: pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "test-worker" } }),
  agents: testRegistry(),
  prefix: need("RUNTIME_PREFIX"),
  concurrency: 2,
  // PRODUCTION_LOCKS=1: the defaults the app's worker runs with (to measure how soon a killed worker's job is picked up).
  ...(process.env.PRODUCTION_LOCKS ? {} : { lockDurationMs: 1_500, stalledIntervalMs: 500 }),
  ...(process.env.REQUEUE_ORPHANS_MS ? { requeueOrphansMs: Number(process.env.REQUEUE_ORPHANS_MS) } : {}),
  ...(process.env.ORPHAN_AFTER_MS ? { orphanAfterMs: Number(process.env.ORPHAN_AFTER_MS) } : {}),
  ...(process.env.ORPHAN_GRACE_MS ? { orphanRunningGraceMs: Number(process.env.ORPHAN_GRACE_MS) } : {}),
  ...(process.env.SCHEDULE_INSTALLED_SHOPS ? { scheduleInstalledShops: true } : {}),
  ...(process.env.SHUTDOWN_GRACE_MS ? { shutdownGraceMs: Number(process.env.SHUTDOWN_GRACE_MS) } : {}),
});
