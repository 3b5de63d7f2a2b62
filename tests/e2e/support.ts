// A local-mode stack for browser tests: a seeded emulator, a migrated database synced from it, the
// built web app in production mode, and headless Chromium (Debian's, driven by playwright-core).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import { chromium, type Browser } from "playwright-core";
import { createDb, type Db } from "../../agents/db/client";
import { syncStore } from "../../agents/mirror/sync";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore } from "@royal-equips/emulator/seed";
import { createTestDatabase, repoRoot, type TestDatabase } from "../support/database";
import { freePort, startTestRedis, type TestRedis } from "../support/redis";

export const SHOP = "royal-equips-dev.myshopify.com";
export const TOKEN = "shpat_e2e_token";
const SECRET = "royal-equips-local-mode-secret-not-for-production";
export const ARTIFACTS = path.join(repoRoot, "test-results");

export interface LocalStack {
  baseUrl: string;
  /** The Redis the app and worker share (queues, the shop's event log). */
  redisUrl: string;
  db: Db;
  emulator: RunningEmulator;
  browser: Browser;
  stop(): Promise<void>;
}

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new Error(
      "Chromium is not installed: run `bash scripts/ensure-chromium.sh` (apt-get install chromium) or set CHROMIUM_PATH",
    );
  return found;
}

/**
 * `ownRedis`: a private redis-server instead of the shared one, for tests whose counters (failed
 * MCP sign-ins per address, kept an hour) must not see other test runs'.
 */
export async function startLocalStack(
  options: { ownRedis?: boolean; env?: Record<string, string> } = {},
): Promise<LocalStack> {
  if (!existsSync(path.join(repoRoot, "build/server/index.js")))
    throw new Error("The app is not built: run `npm run build` first");
  mkdirSync(ARTIFACTS, { recursive: true });
  const [emulator, database, redis]: [RunningEmulator, TestDatabase, TestRedis] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: SECRET }),
    createTestDatabase("sqlite"),
    startTestRedis({ own: options.ownRedis }),
  ]);
  loadSeedStore(
    emulator.store.db,
    generateStore({
      seed: 3,
      products: 40,
      orders: 3000,
      days: 365,
      endDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      sampleCsvDir: null,
    }),
  );
  const db = createDb(database.url);
  await syncStore(
    {
      db,
      admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
      shop: SHOP,
      logger: pino({ level: "silent" }),
    },
    undefined,
    { pollMs: 20 },
  );

  const port = await freePort();
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    LOCAL_MODE: "true",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    EMULATOR_URL: emulator.url,
    EMULATOR_ACCESS_TOKEN: TOKEN,
    LOCAL_SHOP: SHOP,
    LOG_LEVEL: "warn",
    ...options.env,
  };
  // The production build, as `npm start` runs it (scripts/test.sh builds it first).
  for (const built of ["build/node/index.js", "build/node/worker.js", "build/server/index.js"])
    if (!existsSync(path.join(repoRoot, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  const web: ChildProcess = spawn(process.execPath, ["--enable-source-maps", "build/node/index.js"], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: appEnv,
  });
  // The worker's log goes to test-results/worker.log (its failures are only visible there).
  const workerLog = openSync(path.join(ARTIFACTS, "worker.log"), "w");
  const worker: ChildProcess = spawn(process.execPath, ["--enable-source-maps", "build/node/worker.js"], {
    cwd: repoRoot,
    stdio: ["ignore", workerLog, workerLog],
    env: { ...appEnv, LOG_LEVEL: "info" },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  } catch (error) {
    // No browser: stop what was started, or an orphaned worker keeps taking this Redis's jobs.
    web.kill("SIGTERM");
    worker.kill("SIGTERM");
    await Promise.allSettled([db.$disconnect(), emulator.close(), database.drop(), redis.stop()]);
    throw error;
  }
  return {
    baseUrl,
    redisUrl: redis.url,
    db,
    emulator,
    browser,
    async stop() {
      await browser.close();
      web.kill("SIGTERM");
      worker.kill("SIGTERM");
      await new Promise((resolve) => (worker.exitCode !== null ? resolve(null) : worker.once("exit", resolve)));
      await db.$disconnect();
      await emulator.close();
      await database.drop();
      await redis.stop();
    },
  };
}
