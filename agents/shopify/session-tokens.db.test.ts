// Shopify tokens at rest (ADR 0024): rows hold AES-256-GCM values, clear-text rows from before
// encryption and rows under a previous key are re-encrypted (on read and by the worker's pass), a
// key that is not configured is named; and a whole run (token refresh, store-sync job, audit)
// writes no token or secret to the logs, audit rows, run rows or the job data in Redis.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSeeded, TEST_SECRET, TEST_SHOP, type Harness } from "@royal-equips/emulator/testing";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { createAgents } from "../agents";
import { createDb, type Db } from "../db/client";
import { createTokenCipher } from "../infra/token-crypto";
import { createRedis } from "../infra/redis";
import { createAgentRegistry } from "../runtime/agents";
import { createRuntime } from "../runtime/queues";
import { deleteKeysWithPrefix } from "../runtime/testing/redis-keys";
import { randomPrefix, waitFor } from "../runtime/testing/support";
import { createWorkers } from "../runtime/worker";
import { adminClientFor } from "./local";
import { loadOffline } from "./offline-token";
import { reencryptSessionTokens } from "./session-tokens";

const KEY_A = Buffer.alloc(32, 0xa1);
const KEY_B = Buffer.alloc(32, 0xb2);
const CLIENT_ID = "leak-check-client-id";
const FIRST_REFRESH = "shprt_leak_check_first_refresh_token";
let emulator: Harness;
let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;

beforeAll(async () => {
  [emulator, database, testRedis] = await Promise.all([
    startSeeded(
      { products: 4, orders: 12 },
      { clientId: CLIENT_ID, refreshTokens: [FIRST_REFRESH], scope: "read_products,read_orders" },
    ),
    createTestDatabase(),
    startTestRedis(),
  ]);
  db = createDb(database.url, { tokenCipher: createTokenCipher(KEY_A) });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
  await emulator?.close();
});

beforeEach(() => db.session.deleteMany({}));

const offlineRow = (data: { accessToken: string; refreshToken?: string | null; expires?: Date | null }) =>
  db.session.create({
    data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "", isOnline: false, scope: "read_products", ...data },
  });
const rawRow = () => db.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } });

describe("Shopify tokens at rest", () => {
  it("re-encrypts clear-text rows, reads them through a rotation, and names a key that is missing", async () => {
    // A row written before encryption: still read, and rewritten by the worker's pass.
    await offlineRow({ accessToken: "shpat_written_in_clear", refreshToken: "shprt_written_in_clear" });
    expect((await loadOffline(db, TEST_SHOP)).accessToken).toBe("shpat_written_in_clear");
    expect(await reencryptSessionTokens(db)).toBe(0); // the read above already rewrote it
    const underA = await rawRow();
    expect(underA.accessToken).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(JSON.stringify(underA)).not.toMatch(/written_in_clear/);

    // Rotation: B is current, A is previous. Both processes (old and new deploy) read every row meanwhile.
    const rotated = createDb(database.url, { tokenCipher: createTokenCipher(KEY_B, [KEY_A]) });
    try {
      expect(await reencryptSessionTokens(rotated)).toBe(1);
      expect(await reencryptSessionTokens(rotated)).toBe(0);
      const underB = await rawRow();
      expect(underB.accessToken.split(":")[2]).not.toBe(underA.accessToken.split(":")[2]);
      expect(underB.refreshToken).not.toBe(underA.refreshToken);
      const read = await loadOffline(rotated, TEST_SHOP);
      expect([read.accessToken, read.refreshToken]).toEqual(["shpat_written_in_clear", "shprt_written_in_clear"]);
      // A process that has only the old key cannot open the new rows: it says which key it lacks.
      await expect(loadOffline(db, TEST_SHOP)).rejects.toThrow(
        new RegExp(`encrypted with key ${underB.accessToken.split(":")[2]}, which is not configured`),
      );
    } finally {
      await rotated.$disconnect();
    }
  });

  it("a refresh, a store-sync job and its audit leave no token or secret in logs, rows or job data", async () => {
    await offlineRow({
      accessToken: "shpat_expired_leak_check_token",
      expires: new Date(Date.now() - 60_000),
      refreshToken: FIRST_REFRESH,
    });
    await reencryptSessionTokens(db);
    let logs = "";
    const logger = pino(
      { level: "trace" },
      new Writable({
        write(chunk, _encoding, done) {
          logs += chunk;
          done();
        },
      }),
    );
    const app = { apiKey: CLIENT_ID, apiSecret: TEST_SECRET, baseUrl: emulator.url };
    const agents = createAgentRegistry(
      createAgents({ adminFor: (shop) => adminClientFor(db, shop, null, { logger }, app) }),
    );
    const prefix = randomPrefix();
    const runtime = createRuntime({ redisUrl: testRedis.url, db, logger, agents, prefix });
    const workers = createWorkers({ redisUrl: testRedis.url, db, logger, agents, prefix, only: ["store-sync"] });
    const redis = createRedis(testRedis.url, { name: "leak-check" });
    try {
      await workers.ready();
      const { runId } = await runtime.enqueue({ shop: TEST_SHOP, agent: "store-sync", trigger: "manual" });
      const run = await waitFor(
        async () => {
          const run = await db.agentRun.findUniqueOrThrow({ where: { id: runId } });
          return run.status === "succeeded" || run.status === "failed" ? run : undefined;
        },
        "store-sync to finish",
        60_000,
      );
      expect(run.status).toBe("succeeded");

      // The refresh happened: the row now holds new tokens, encrypted.
      const current = await loadOffline(db, TEST_SHOP);
      expect(current.accessToken).toMatch(/^shpat_[0-9a-f]{32}$/);
      const secrets = [
        "shpat_expired_leak_check_token",
        FIRST_REFRESH,
        current.accessToken,
        current.refreshToken!,
        TEST_SECRET,
        KEY_A.toString("hex"),
        KEY_A.toString("base64"),
      ];
      const raw = JSON.stringify(await rawRow());
      const audit = JSON.stringify(await db.auditLog.findMany({}));
      const runs = JSON.stringify(await db.agentRun.findMany({}));
      const jobData: string[] = [];
      for (const key of await redis.keys(`${prefix}:*`)) {
        const type = await redis.type(key);
        if (type === "hash") jobData.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === "string") jobData.push((await redis.get(key)) ?? "");
        else if (type === "list") jobData.push(JSON.stringify(await redis.lrange(key, 0, -1)));
        else if (type === "stream") jobData.push(JSON.stringify(await redis.xrange(key, "-", "+")));
      }
      expect(logs.length).toBeGreaterThan(1_000); // the run logged at trace level
      expect(jobData.join("").length).toBeGreaterThan(100);
      for (const [where, text] of Object.entries({ raw, audit, runs, logs, jobData: jobData.join("\n") }))
        for (const secret of secrets)
          expect(text.includes(secret), `${where} holds ${secret.slice(0, 12)}...`).toBe(false);
    } finally {
      await workers.close();
      await runtime.close();
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
    }
  }, 90_000);
});
