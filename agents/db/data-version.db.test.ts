// The database's data version (ADR 0039): unchanged while nothing is committed, changed by every
// commit (this client's, another client's), not by an uncommitted write, and none for a
// transaction's client. Runs on SQLite and PostgreSQL (TEST_DATABASE).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { whileUnchanged } from "../../tests/support/stable-version";
import { createDb, dataVersionOf, sqliteReaderOf, type Db } from "./client";

let database: TestDatabase;
let db: Db;
let other: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  other = createDb(database.url); // as the worker or another web process would
});

afterAll(async () => {
  for (const client of [db, other]) {
    dataVersionOf(client)?.close();
    await sqliteReaderOf(client)?.close();
    await client.$disconnect();
  }
  await database.drop();
});

const version = () => dataVersionOf(db)!.current();

describe("the data version", () => {
  it("stays the same while nothing is committed, reads included", async () => {
    // whileUnchanged reads the version before and after; here also in between, after reads.
    const [before, between] = await whileUnchanged(db, async () => {
      const first = await version();
      await db.shop.findMany();
      await other.alert.count();
      return [first, await version()];
    });
    expect(before).toEqual(expect.any(String));
    expect(between).toBe(before);
  });

  it("changes with a commit of this client", async () => {
    const before = await version();
    await db.shop.create({ data: { domain: "v1.myshopify.com" } });
    const after = await version();
    expect(after).not.toBe(before);
    expect(await version()).toBe(after);
  });

  it("changes with a commit of another client (the worker, another web process)", async () => {
    const before = await version();
    await other.shop.update({ where: { domain: "v1.myshopify.com" }, data: { currencyCode: "EUR" } });
    expect(await version()).not.toBe(before);
  });

  it("does not change for a write not yet committed, and changes when it is", async () => {
    let before: string | null = null;
    let during: string | null = null;
    let domain = "";
    for (let attempt = 0; attempt < 10 && (during === null || during !== before); attempt++) {
      before = await version();
      domain = `v2-${attempt}.myshopify.com`;
      await other.$transaction(async (tx) => {
        await tx.shop.create({ data: { domain } });
        during = await version();
      });
    }
    expect(during).toBe(before);
    expect(await version()).not.toBe(before);
    expect(await db.shop.count({ where: { domain } })).toBe(1);
  });

  it("is not given to a transaction's client", async () => {
    await db.$transaction(async (tx) => {
      expect(dataVersionOf(tx)).toBeUndefined();
    });
  });
});
