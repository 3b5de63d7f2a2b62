// A worker process for the runtime's tests: the real startWorkerProcess with the test agents and
// short locks, so a SIGKILLed worker's job is picked up again within seconds.
// Env: REDIS_URL, DATABASE_URL, RUNTIME_PREFIX.
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
  lockDurationMs: 1_500,
  stalledIntervalMs: 500,
});
