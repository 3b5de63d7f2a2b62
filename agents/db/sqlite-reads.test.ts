// Raw aggregate reads of a SQLite client run in a worker thread (ADR 0029): the same rows as
// Prisma's raw query, committed writes seen at once, a transaction's reads kept on its own
// connection, and the event loop free while a long statement runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { forEachPackedRow, dialect, selectRows } from "../analytics/sql";
import { createRequire } from "node:module";
import { createDb, sqliteReaderOf, type Db } from "./client";
import { SqliteReader } from "./sqlite-reads";

const SHOP = "reader.myshopify.com";
const AMOUNTS = {
  subtotal: 1,
  totalDiscounts: 0,
  totalShipping: 0,
  totalTax: 0,
  updatedAt: new Date("2026-11-30T00:00:00Z"),
};
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase("sqlite");
  db = createDb(database.url);
  await db.mirrorOrder.createMany({
    data: Array.from({ length: 50 }, (_, i) => ({
      shop: SHOP,
      id: `gid://shopify/Order/${i + 1}`,
      name: `#${1001 + i}`,
      createdAt: new Date(Date.UTC(2026, 10, 1 + (i % 10), 12, 30, 15, 250)),
      cancelledAt: i === 3 ? new Date(Date.UTC(2026, 10, 20)) : null,
      total: 10.25 + i,
      ...AMOUNTS,
      localDay: `2026-11-${String(1 + (i % 10)).padStart(2, "0")}`,
    })),
  });
});

afterAll(async () => {
  await sqliteReaderOf(db)?.close();
  await db.$disconnect();
  await database.drop();
});

describe("the SQLite reader thread", () => {
  it("exists for a SQLite client made by createDb", () => {
    expect(sqliteReaderOf(db)).toBeDefined();
  });

  it("returns the rows Prisma's raw query returns: dates as Date, numbers, text and null", async () => {
    const sql = `SELECT "id", "createdAt", "cancelledAt", "total", "localDay", MAX("createdAt") OVER () AS "newest", COUNT(*) OVER () AS "n"
FROM "MirrorOrder" WHERE "shop" = '${SHOP}' ORDER BY "id" LIMIT 5`;
    const viaThread = await selectRows(db, sql);
    const viaPrisma = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql);
    expect(viaThread).toHaveLength(5);
    expect(viaThread[0].createdAt).toBeInstanceOf(Date);
    expect(viaThread.map((r) => ({ ...r }))).toEqual(viaPrisma.map((r) => ({ ...r, n: Number(r.n) })));
  });

  it("streams packed rows through the thread", async () => {
    const d = dialect("sqlite");
    let sum = 0;
    const count = await forEachPackedRow(
      db,
      d,
      `SELECT "localDay" AS "day", SUM("total") AS "revenue" FROM "MirrorOrder" WHERE "shop" = '${SHOP}' GROUP BY "localDay"`,
      ["revenue", "day"],
      (row) => (sum += row.num(0)),
      { perValue: 3 },
    );
    expect(count).toBe(10);
    expect(sum).toBeCloseTo(50 * 10.25 + (49 * 50) / 2, 6);
  });

  it("sees a write as soon as it is committed", async () => {
    const count = async () =>
      (
        await selectRows<{ n: number }>(
          db,
          `SELECT COUNT(*) AS "n" FROM "MirrorOrder" WHERE "shop" = 'other.myshopify.com'`,
        )
      )[0].n;
    expect(await count()).toBe(0);
    await db.mirrorOrder.create({
      data: {
        shop: "other.myshopify.com",
        id: "o1",
        name: "#1",
        createdAt: new Date(),
        total: 1,
        localDay: "2026-11-30",
        ...AMOUNTS,
      },
    });
    expect(await count()).toBe(1);
  });

  it("leaves a transaction's reads on the transaction, which sees its own uncommitted writes", async () => {
    const seen = await db.$transaction(async (tx) => {
      await tx.mirrorOrder.create({
        data: {
          shop: "tx.myshopify.com",
          id: "t1",
          name: "#1",
          createdAt: new Date(),
          total: 1,
          localDay: "2026-11-30",
          ...AMOUNTS,
        },
      });
      expect(sqliteReaderOf(tx)).toBeUndefined();
      return (
        await selectRows<{ n: number }>(
          tx,
          `SELECT COUNT(*) AS "n" FROM "MirrorOrder" WHERE "shop" = 'tx.myshopify.com'`,
        )
      )[0].n;
    });
    expect(seen).toBe(1);
  });

  it("reports a bad statement as an error that names SQLite, and keeps answering after it", async () => {
    await expect(selectRows(db, `SELECT "nope" FROM "MirrorOrder"`)).rejects.toThrow(/SQLite read failed: .*nope/);
    expect(await selectRows(db, `SELECT 1 AS "one"`)).toEqual([{ one: 1 }]);
  });

  it("answers reads sent while an idle thread is ending, from a new thread", async () => {
    const reader = new SqliteReader(
      database.url.replace(/^file:/, ""),
      createRequire(import.meta.url).resolve("libsql"),
      5_000,
      5,
    );
    for (let i = 0; i < 20; i++) {
      expect(await reader.query(`SELECT ${i} AS "i"`)).toEqual([{ i }]);
      await new Promise((resolve) => setTimeout(resolve, i % 7)); // around the 5 ms idle limit
    }
    await reader.close();
  });

  it("keeps the event loop free while a long statement runs", async () => {
    // A statement of a few hundred milliseconds of CPU: on the main thread no timer could fire
    // until it ended; in the reader thread timers keep firing while it runs.
    const heavy = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT SUM(i % 7) AS "s" FROM n`;
    let ticks = 0;
    let finished = false;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    const [row] = await selectRows<{ s: number }>(db, heavy).finally(() => (finished = true));
    const ms = performance.now() - started;
    clearInterval(timer);
    expect(finished).toBe(true);
    expect(row.s).toBeGreaterThan(0);
    // At least a tick per 50 ms of the statement's run (5 ms timers on a loaded machine).
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 50));
    expect(ticks).toBeGreaterThan(2);
  });
});
