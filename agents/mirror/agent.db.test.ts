// Two store syncs of one shop at once (a merchant's "Sync now" meeting the daily schedule) wrote
// the same rows and failed on PostgreSQL with duplicate keys and deadlocks: of the runs running
// for a shop, only the first to start syncs; a later one ends at once without asking the store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { silentLogger } from "../runtime/testing/support";
import { LONG_SYNC_ROWS, isBigStore, storeSyncAgent, syncAlreadyRunning } from "./agent";

const SHOP = "two-syncs.myshopify.com";
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const running = (id: string, startedAt: Date, shop = SHOP) =>
  db.agentRun.create({ data: { id, shop, agent: "store-sync", trigger: "manual", status: "running", startedAt } });

describe("store sync, one at a time per shop", () => {
  it("the later of two running syncs joins the earlier one without asking the store", async () => {
    const t = new Date("2026-12-07T06:00:00Z");
    await running("sync-a", t);
    await running("sync-b", new Date(t.getTime() + 1_000));
    await running("sync-other-shop", new Date(t.getTime() - 60_000), "another.myshopify.com");
    expect(await syncAlreadyRunning(db, SHOP, "sync-a")).toBeNull();
    expect(await syncAlreadyRunning(db, SHOP, "sync-b")).toBe("sync-a");

    let asked = 0;
    const agent = storeSyncAgent({
      adminFor: async () => {
        asked++;
        throw new Error("the store must not be asked");
      },
    });
    const result = await agent.run(
      {
        shop: SHOP,
        runId: "sync-b",
        attempt: 1,
        trigger: "manual",
        db,
        logger: silentLogger,
        progress: async () => {},
        signal: new AbortController().signal,
        now: () => new Date(),
      },
      { mode: "bulk" },
    );
    expect(result).toMatchObject({ joined: "sync-a" });
    expect(asked).toBe(0);
    expect(await db.syncRun.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("of two started in the same millisecond exactly one goes ahead, and a finished sync holds none back", async () => {
    const t = new Date("2026-12-07T07:00:00Z");
    await running("same-1", t, "same.myshopify.com");
    await running("same-2", t, "same.myshopify.com");
    const ahead = await Promise.all([
      syncAlreadyRunning(db, "same.myshopify.com", "same-1"),
      syncAlreadyRunning(db, "same.myshopify.com", "same-2"),
    ]);
    expect(ahead.filter((id) => id === null)).toHaveLength(1);
    await db.agentRun.update({ where: { id: "same-1" }, data: { status: "succeeded" } });
    expect(await syncAlreadyRunning(db, "same.myshopify.com", "same-2")).toBeNull();
  });
});

describe("store sync's long lane (ADR 0042)", () => {
  it("a shop whose last full sync wrote LONG_SYNC_ROWS rows or more syncs in the long lane; a new or small one does not", async () => {
    const shop = "big-or-small.myshopify.com";
    const lane = storeSyncAgent({ adminFor: async () => Promise.reject(new Error("not asked")) }).longLane!;
    expect(await lane.isLong(db, shop, { mode: "bulk" })).toBe(false);
    const finished = (rows: number, minutesAgo: number, status = "succeeded") =>
      db.syncRun.create({
        data: { shop, status, rows, finishedAt: new Date(Date.now() - minutesAgo * 60_000) },
      });
    await finished(LONG_SYNC_ROWS - 1, 30);
    expect(await isBigStore(db, shop)).toBe(false);
    await finished(LONG_SYNC_ROWS, 20);
    expect(await lane.isLong(db, shop, { mode: "paged" })).toBe(true);
    await finished(10, 10, "failed"); // a failed sync says nothing of the store's size
    expect(await isBigStore(db, shop)).toBe(true);
    await finished(10, 5);
    expect(await isBigStore(db, shop)).toBe(false);
  });
});
