// Fresh, migrated databases for tests: a temp SQLite file, or a new PostgreSQL database when
// TEST_DATABASE=postgresql (the test command runs the *.db.test.ts files on both).
// Migrations run once per migration set with the real `prisma migrate deploy` into a template
// (a file, or a PostgreSQL template database); each test database is a copy of it.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import pg from "pg";

const run = promisify(execFile);
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export type TestProvider = "sqlite" | "postgresql";

export function testProvider(): TestProvider {
  const value = process.env.TEST_DATABASE ?? "sqlite";
  if (value !== "sqlite" && value !== "postgresql")
    throw new Error(`TEST_DATABASE must be sqlite or postgresql, not ${value}`);
  return value;
}

export interface TestDatabase {
  url: string;
  provider: TestProvider;
  drop(): Promise<void>;
}

/** Creates an empty database of the chosen provider with the project's migrations applied. */
export async function createTestDatabase(provider: TestProvider = testProvider()): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const template = await sqliteTemplate();
    const dir = mkdtempSync(path.join(tmpdir(), "royal-db-"));
    const file = path.join(dir, "test.db");
    copyFileSync(template, file);
    return { url: `file:${file}`, provider, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const template = await postgresTemplate();
  const name = `royal_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: postgresUrl(name),
    provider,
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

function migrationsHash(folder: string): string {
  const hash = createHash("sha256");
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .sort((a, b) => path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)))) {
    hash.update(entry.name).update(readFileSync(path.join(entry.parentPath, entry.name)));
  }
  return hash.digest("hex").slice(0, 12);
}

async function sqliteTemplate(): Promise<string> {
  const dir = path.join(tmpdir(), "royal-equips-db-templates");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `sqlite-${migrationsHash(path.join(repoRoot, "prisma/migrations"))}.db`);
  if (existsSync(file)) return file;
  const building = `${file}.${process.pid}.tmp`;
  await migrate(`file:${building}`);
  renameSync(building, file); // atomic: parallel test files never see a half-built template
  return file;
}

async function postgresTemplate(): Promise<string> {
  const name = `royal_tpl_${migrationsHash(path.join(repoRoot, "prisma/postgresql/migrations"))}`;
  return withAdmin(async (client) => {
    // One builder at a time across parallel test files.
    await client.query("SELECT pg_advisory_lock(727274)");
    try {
      const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount === 0) {
        const building = `${name}_building`;
        await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${building}`);
        await migrate(postgresUrl(building));
        await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
      return name;
    } finally {
      await client.query("SELECT pg_advisory_unlock(727274)");
    }
  });
}

function postgresUrl(database: string) {
  return POSTGRES_ADMIN_URL.replace(/\/[^/?]+(\?|$)/, `/${database}$1`);
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function migrate(url: string) {
  const prisma = path.join(repoRoot, "node_modules", "prisma", "build", "index.js");
  try {
    await run(process.execPath, [prisma, "migrate", "deploy"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: url },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma migrate deploy failed for ${url}:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}
