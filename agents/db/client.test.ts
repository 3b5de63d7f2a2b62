// Two processes on one SQLite file, as the web app and the worker are: a write that meets the
// other process's write lock waits for it instead of failing with SQLITE_BUSY. And every
// connection keeps temporary tables in files, not in the process's memory, and commits without
// waiting for the disk in WAL mode (synchronous = NORMAL, ADR 0041).
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, repoRoot, type TestDatabase } from "../../tests/support/database";
import { createDb, prepareDatabase, type Db } from "./client";

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase("sqlite");
  db = createDb(database.url);
  await prepareDatabase(db, database.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

it("a writer waits for another process's write transaction instead of failing", async () => {
  const holder = spawn(
    process.execPath,
    ["--import", "tsx", path.join(repoRoot, "agents/db/testing/hold-write-lock.ts")],
    { cwd: repoRoot, env: { ...process.env, DATABASE_URL: database.url }, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    holder.once("exit", (code) => reject(new Error(`holder exited early (${code})`)));
  });
  const started = Date.now();
  await db.shop.create({ data: { domain: "writer.myshopify.com" } });
  const waited = Date.now() - started;
  await new Promise((resolve) => holder.once("exit", resolve));
  expect(waited).toBeGreaterThan(200); // it really waited for the other process's lock
  expect((await db.shop.findMany({ orderBy: { domain: "asc" } })).map((s) => s.domain)).toEqual([
    "holder.myshopify.com",
    "writer.myshopify.com",
  ]);
});

it("keeps SQLite's temporary tables and indexes in files on every connection", async () => {
  // A transaction ends libsql's connection: the next statement runs on a fresh one.
  await db.$transaction(async (tx) => tx.shop.count());
  for (let i = 0; i < 2; i++) {
    expect(await db.$queryRawUnsafe("PRAGMA temp_store")).toEqual([{ temp_store: 1 }]);
    expect(await db.$queryRawUnsafe("PRAGMA busy_timeout")).toEqual([{ timeout: 5000 }]);
    await db.$transaction(async (tx) => tx.shop.count());
  }
});

it("in WAL mode every connection commits with synchronous = NORMAL; a rollback-journal database keeps FULL", async () => {
  // prepareDatabase's own connection, then fresh ones after each transaction.
  for (let i = 0; i < 2; i++) {
    expect(await db.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    expect(await db.$queryRawUnsafe("PRAGMA synchronous")).toEqual([{ synchronous: 1 }]);
    await db.$transaction(async (tx) => tx.shop.count());
  }
  // Another client on the same (WAL) file sets it on its first connection.
  const other = createDb(database.url);
  try {
    expect(await other.$queryRawUnsafe("PRAGMA synchronous")).toEqual([{ synchronous: 1 }]);
  } finally {
    await other.$disconnect();
  }
  // Without WAL (no prepareDatabase), NORMAL could corrupt on a power cut: SQLite's FULL stays.
  const rollback = await createTestDatabase("sqlite");
  const plain = createDb(rollback.url);
  try {
    expect(await plain.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "delete" }]);
    expect(await plain.$queryRawUnsafe("PRAGMA synchronous")).toEqual([{ synchronous: 2 }]);
  } finally {
    await plain.$disconnect();
    await rollback.drop();
  }
});
