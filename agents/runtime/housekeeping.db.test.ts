// The worker's periodic passes (schedules, lost jobs, housekeeping) in a real worker process's
// start-up, on real Redis: a pass that fails once and succeeds on its retry a few seconds later
// needs nothing from anyone and is logged at info; a pass that keeps failing is a warning.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, prepareDatabase, type Db } from "../db/client";
import { createRedis } from "../infra/redis";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { startWorkerProcess, type WorkerProcess } from "./process";
import { deleteKeysWithPrefix } from "./testing/redis-keys";
import { randomPrefix, testRegistry, waitFor } from "./testing/support";

let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
let worker: WorkerProcess | undefined;
const prefix = randomPrefix();
const lines: { level: number; msg: string; pass?: string; failures?: number }[] = [];

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  db = createDb(database.url);
  await prepareDatabase(db, database.url);
});

afterAll(async () => {
  await worker?.stop("test");
  const redis = createRedis(testRedis.url, { name: "test" });
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
  await database?.drop();
  await testRedis?.stop();
});

describe("the worker's periodic passes", () => {
  it("log a failure that its retry puts right at info, and a repeated failure as a warning", async () => {
    const logger = pino(
      { level: "info" },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    let flakyCalls = 0;
    let brokenCalls = 0;
    worker = await startWorkerProcess({
      redisUrl: testRedis.url,
      db,
      logger,
      agents: testRegistry(),
      prefix,
      concurrency: 1,
      requeueOrphansMs: 0,
      shutdownGraceMs: 1_000,
      housekeeping: [
        {
          name: "flaky",
          everyMs: 60_000,
          run: async () => {
            if (++flakyCalls === 1) throw new Error("busy at start");
            return { cleaned: 1 };
          },
        },
        {
          name: "broken",
          everyMs: 60_000,
          run: async () => {
            brokenCalls++;
            throw new Error("still down");
          },
        },
      ],
    });
    // Each failed pass is retried 5 s later (not at its 60 s interval).
    await waitFor(async () => flakyCalls >= 2 && brokenCalls >= 2, "both passes to be retried", 20_000, 100);
    await waitFor(
      async () => lines.some((l) => l.pass === "flaky" && l.msg === "flaky: done"),
      "the flaky pass's success to be logged",
      5_000,
      50,
    );
    const failed = (pass: string) =>
      lines.filter((l) => l.pass === pass && l.msg.endsWith("failed; retrying soon")).map((l) => [l.level, l.failures]);
    // pino levels: 30 info, 40 warn.
    expect(failed("flaky")).toEqual([[30, 1]]);
    expect(failed("broken").slice(0, 2)).toEqual([
      [30, 1],
      [40, 2],
    ]);
  });
});
