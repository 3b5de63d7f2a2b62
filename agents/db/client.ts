// One PrismaClient per process, over the driver adapter that the DATABASE_URL scheme names.
// The generated client is provider-specific: `npm run setup` generates it for DATABASE_URL
// (ADR 0003), and a mismatch is reported here rather than as an obscure query error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseProvider, sqliteFileUrl } from "./provider";
import { SqliteReader } from "./sqlite-reads";
import { postgresDataVersion, sqliteDataVersion, type DataVersionSource } from "./data-version";
import { localTokenCipher, type TokenCipher } from "../infra/token-crypto";

export type Db = PrismaClient;

// What createDb made for each client, by client identity (a transaction's client is another object
// and gets none: its reads must see its own uncommitted writes). Kept on globalThis: the web
// server's bundle creates the process's client and the Remix build's bundle uses it, each with its
// own copy of this module, so module-level maps would not see each other's clients (the build's
// loaders then read on the main thread, ADR 0029, and reused nothing, ADR 0039).
interface Registry {
  providers: WeakMap<object, "sqlite" | "postgresql">;
  readers: WeakMap<object, SqliteReader>;
  dataVersions: WeakMap<object, DataVersionSource>;
}
const REGISTRY = Symbol.for("royal-equips.dbRegistry");
const registry: Registry = ((globalThis as { [REGISTRY]?: Registry })[REGISTRY] ??= {
  providers: new WeakMap(),
  readers: new WeakMap(),
  dataVersions: new WeakMap(),
});
const lookUp = <T>(map: WeakMap<object, T>, db: unknown): T | undefined =>
  typeof db === "object" && db !== null ? map.get(db) : undefined;

/**
 * The data version of a client made by createDb (agents/db/data-version.ts): a token that changes
 * on every commit to its database. None for a transaction's client (its own writes are not committed).
 */
export function dataVersionOf(db: unknown): DataVersionSource | undefined {
  return lookUp(registry.dataVersions, db);
}

/**
 * The worker-thread reader of a SQLite client made by createDb (ADR 0029), for raw aggregate reads;
 * none for PostgreSQL (its driver does not block) or for a transaction's client (its reads must
 * see its own writes).
 */
export function sqliteReaderOf(db: unknown): SqliteReader | undefined {
  return lookUp(registry.readers, db);
}

/** Which database a client talks to (for the few raw statements that differ). */
export function databaseKind(db: Db): "sqlite" | "postgresql" {
  const kind = registry.providers.get(db);
  if (!kind) throw new Error("databaseKind: this client was not created by createDb");
  return kind;
}

// On the client itself, not in a module-level map: a client shared through globalThis outlives a
// reload of this module (Vite's hot reloads, tests' module resets).
const CIPHER = Symbol.for("royal-equips.tokenCipher");
let localCipher: TokenCipher | undefined;

/**
 * The cipher of the Shopify tokens this database stores (given to createDb by the process from its
 * environment; a database created without one, as in tests, uses local mode's).
 */
export function tokenCipherOf(db: Db): TokenCipher {
  return (db as { [CIPHER]?: TokenCipher })[CIPHER] ?? (localCipher ??= localTokenCipher());
}

const require = createRequire(import.meta.url);

export function createDb(databaseUrl: string, options: { tokenCipher?: TokenCipher } = {}): Db {
  const provider = databaseProvider(databaseUrl);
  const generatedFor = generatedProvider();
  if (generatedFor && generatedFor !== provider) {
    throw new Error(
      `The Prisma client was generated for ${generatedFor} but DATABASE_URL names ${provider}. ` +
        `Run \`DATABASE_URL=${provider === "sqlite" ? "file:..." : "postgresql://..."} npm run setup\` to regenerate it.`,
    );
  }
  if (provider === "sqlite") waitWhenSqliteIsBusy();
  const adapter =
    provider === "postgresql"
      ? new PrismaPg({ connectionString: databaseUrl })
      : new PrismaLibSQL({ url: sqliteFileUrl(databaseUrl) });
  const client = new PrismaClient({ adapter });
  registry.providers.set(client, provider);
  if (provider === "sqlite") {
    const file = sqliteFileUrl(databaseUrl)
      .replace(/^file:/, "")
      .replace(/\?.*$/, "");
    registry.readers.set(client, new SqliteReader(file, require.resolve("libsql"), SQLITE_BUSY_TIMEOUT_MS));
    registry.dataVersions.set(client, sqliteDataVersion(file));
  } else registry.dataVersions.set(client, postgresDataVersion(client));
  if (options.tokenCipher) Object.defineProperty(client, CIPHER, { value: options.tokenCipher });
  return client;
}

/** The provider the installed client was generated for, read from the schema copy it ships. */
// Read once per process: the generated client does not change under a running process, and raw
// SQL asks for the dialect on every statement.
let provider: "sqlite" | "postgresql" | null | undefined;
export function generatedProvider(): "sqlite" | "postgresql" | null {
  return provider === undefined ? (provider = readGeneratedProvider()) : provider;
}

function readGeneratedProvider(): "sqlite" | "postgresql" | null {
  try {
    const clientDir = path.dirname(require.resolve(".prisma/client/index.js"));
    const schema = readFileSync(path.join(clientDir, "schema.prisma"), "utf8");
    const match = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(schema);
    return (match?.[1] as "sqlite" | "postgresql" | undefined) ?? null;
  } catch {
    return null;
  }
}

/**
 * The web app and the worker share one SQLite file. In WAL mode (a property of the file, so set
 * once) readers no longer block the writer. Call at process start; a no-op on PostgreSQL.
 */
export async function prepareDatabase(db: Db, databaseUrl: string): Promise<void> {
  if (databaseProvider(databaseUrl) !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  // This connection was configured before WAL was on (connections opened later set it themselves).
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
}

export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * libsql has no busy-timeout option and opens a fresh connection after every transaction, so a
 * write that meets another process's write lock fails at once (SQLITE_BUSY). Each connection
 * gets SQLite's busy timeout before its first statement, so writers wait their turn instead.
 * It also gets temp_store = FILE: libsql is built with temporary tables and indexes in memory
 * (SQLITE_TEMP_STORE=2), so one big GROUP BY or self-join (bundle counts over 1M orders: +110 MB)
 * grew the process; in temp files they live in the OS page cache instead, at no measurable cost.
 * In WAL mode (the app's, prepareDatabase) it gets synchronous = NORMAL (ADR 0041): a commit then
 * appends to the WAL without waiting for the disk, which halves the CPU and wall time of every
 * write (each tool call writes its audit row). SQLite documents NORMAL as safe from corruption in
 * WAL mode; a power cut may lose the last commits, an application crash loses nothing. Rollback-
 * journal databases keep SQLite's default (FULL), where NORMAL could corrupt on a power cut.
 */
function waitWhenSqliteIsBusy() {
  const Database = require("libsql") as { prototype: Record<string, unknown> };
  const proto = Database.prototype as {
    prepare(sql: string): unknown;
    exec(sql: string): unknown;
    __busyTimeoutPatched?: boolean;
  };
  if (proto.__busyTimeoutPatched) return;
  const { prepare, exec } = proto;
  const configured = new WeakSet<object>();
  const configure = (connection: object) => {
    if (configured.has(connection)) return;
    configured.add(connection);
    (prepare.call(connection, `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`) as { get(): unknown }).get();
    (prepare.call(connection, "PRAGMA temp_store = FILE") as { run(): unknown }).run();
    const journal = (prepare.call(connection, "PRAGMA journal_mode") as { get(): { journal_mode?: string } }).get();
    if (journal?.journal_mode === "wal")
      (prepare.call(connection, "PRAGMA synchronous = NORMAL") as { run(): unknown }).run();
  };
  proto.prepare = function (this: object, sql: string) {
    configure(this);
    return prepare.call(this, sql);
  };
  proto.exec = function (this: object, sql: string) {
    configure(this);
    return exec.call(this, sql);
  };
  proto.__busyTimeoutPatched = true;
}
