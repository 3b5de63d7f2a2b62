// A loader's reads are reused only while the database has not changed and the clock has not passed
// the answer's end (ADR 0039), against a real database (SQLite or PostgreSQL, TEST_DATABASE).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { createDb, dataVersionOf, sqliteReaderOf, type Db } from "../agents/db/client";
import { whileUnchanged } from "../tests/support/stable-version";
import { isSharedAnswer, LoaderMemo } from "./loader-memo.server";

const SHOP = "memo.myshopify.com";
let database: TestDatabase;
let db: Db;
let worker: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  worker = createDb(database.url);
  await db.shop.create({ data: { domain: SHOP, currencyCode: "EUR" } });
});

afterAll(async () => {
  for (const client of [db, worker]) {
    dataVersionOf(client)?.close();
    await sqliteReaderOf(client)?.close();
    await client.$disconnect();
  }
  await database.drop();
});

/** A loader's read: the shop's alerts, counted, forever valid unless said otherwise. */
function counted(validUntil = Infinity, client: Pick<Db, "alert"> = db) {
  let reads = 0;
  const read = async () => {
    reads++;
    const alerts = await client.alert.findMany({ where: { shop: SHOP }, select: { title: true } });
    return { data: { titles: alerts.map((a) => a.title) }, validUntil };
  };
  return { read, reads: () => reads };
}

const alert = (title: string) => ({ shop: SHOP, kind: "test", severity: "info", title });

describe("LoaderMemo", () => {
  it("reads once while nothing is committed, and hands out one frozen answer", async () => {
    const { memo, loader, first, second } = await whileUnchanged(db, async () => {
      const memo = new LoaderMemo();
      const loader = counted();
      const first = await memo.read(db, "k", Date.now(), loader.read);
      const second = await memo.read(db, "k", Date.now(), loader.read);
      return { memo, loader, first, second };
    });
    expect(loader.reads()).toBe(1);
    expect(second).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.titles)).toBe(true);
    expect(isSharedAnswer(first)).toBe(true);
    expect(memo.hits).toBe(1);
  });

  it("reads again after any commit: a new row shows on the next request", async () => {
    const memo = new LoaderMemo();
    const loader = counted();
    expect((await memo.read(db, "k", Date.now(), loader.read)).titles).toEqual([]);
    await worker.alert.create({ data: alert("Stockout: Blue mug") }); // another process's write
    expect((await memo.read(db, "k", Date.now(), loader.read)).titles).toEqual(["Stockout: Blue mug"]);
    await db.alert.updateMany({ where: { shop: SHOP }, data: { title: "Stockout: Red mug" } }); // this process's
    expect((await memo.read(db, "k", Date.now(), loader.read)).titles).toEqual(["Stockout: Red mug"]);
    expect(loader.reads()).toBe(3);
  });

  it("reads again once the clock reaches the answer's end, without any write", async () => {
    const now = Date.now();
    const reads = await whileUnchanged(db, async () => {
      const memo = new LoaderMemo();
      const loader = counted(now + 1_000);
      await memo.read(db, "k", now, loader.read);
      await memo.read(db, "k", now + 999, loader.read);
      const before = loader.reads();
      await memo.read(db, "k", now + 1_000, loader.read);
      return [before, loader.reads()];
    });
    expect(reads).toEqual([1, 2]);
  });

  it("keeps keys apart", async () => {
    const reads = await whileUnchanged(db, async () => {
      const memo = new LoaderMemo();
      const loader = counted();
      await memo.read(db, "a", Date.now(), loader.read);
      await memo.read(db, "b", Date.now(), loader.read);
      await memo.read(db, "a", Date.now(), loader.read);
      return loader.reads();
    });
    expect(reads).toBe(2);
  });

  it("shares one read among requests arriving together", async () => {
    const { loader, answers } = await whileUnchanged(db, async () => {
      const memo = new LoaderMemo();
      const loader = counted();
      const answers = await Promise.all(Array.from({ length: 5 }, () => memo.read(db, "k", Date.now(), loader.read)));
      return { loader, answers };
    });
    expect(loader.reads()).toBe(1);
    expect(new Set(answers).size).toBe(1);
  });

  it("reuses nothing for a client without a data version (a transaction's)", async () => {
    const memo = new LoaderMemo();
    let reads = 0;
    await db.$transaction(async (tx) => {
      const loader = counted(Infinity, tx);
      await memo.read(tx, "k", Date.now(), loader.read);
      await memo.read(tx, "k", Date.now(), loader.read);
      reads = loader.reads();
    });
    expect(reads).toBe(2);
    expect(memo.size).toBe(0);
  });

  it("keeps at most maxEntries answers, least recently used out", async () => {
    const { size, reads } = await whileUnchanged(db, async () => {
      const memo = new LoaderMemo(2);
      const loader = counted();
      await memo.read(db, "a", Date.now(), loader.read);
      await memo.read(db, "b", Date.now(), loader.read);
      await memo.read(db, "a", Date.now(), loader.read); // a is now the most recent
      await memo.read(db, "c", Date.now(), loader.read); // b out
      const size = memo.size;
      await memo.read(db, "a", Date.now(), loader.read);
      const afterA = loader.reads();
      await memo.read(db, "b", Date.now(), loader.read);
      return { size, reads: [afterA, loader.reads()] };
    });
    expect(size).toBe(2);
    expect(reads).toEqual([3, 4]);
  });
});
