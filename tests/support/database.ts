// Fresh, migrated databases for tests: a temp SQLite file, or a new PostgreSQL database when
// TEST_DATABASE=postgresql (the test command runs the *.db.test.ts files on both).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
  if (value !== "sqlite" && value !== "postgresql") throw new Error(`TEST_DATABASE must be sqlite or postgresql, not ${value}`);
  return value;
}

export interface TestDatabase {
  url: string;
  provider: TestProvider;
  drop(): Promise<void>;
}

/** Creates an empty database of the chosen provider and applies the project's migrations to it. */
export async function createTestDatabase(provider: TestProvider = testProvider()): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "royal-db-"));
    const url = `file:${path.join(dir, "test.db")}`;
    await migrate(url);
    return { url, provider, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `royal_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = POSTGRES_ADMIN_URL.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  await migrate(url);
  return {
    url,
    provider,
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function migrate(url: string) {
  const prisma = path.join(repoRoot, "node_modules", "prisma", "build", "index.js");
  try {
    await run(process.execPath, [prisma, "migrate", "deploy"], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: url } });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma migrate deploy failed for ${url}:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}
