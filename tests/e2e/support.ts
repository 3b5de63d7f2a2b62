// A local-mode stack for browser tests: a seeded emulator, a migrated database synced from it, the
// built web app in production mode, and headless Chromium (Debian's, driven by playwright-core).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { pino } from "pino";
import { chromium, type Browser } from "playwright-core";
import { createDb, type Db } from "../../agents/db/client";
import { createTokenCipher, parseKey } from "../../agents/infra/token-crypto";
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
/** Embedded mode: the app's Shopify credentials (Shopify's test helpers' app) and scopes. */
export const EMBEDDED_APP = {
  apiKey: API_KEY,
  apiSecret: API_SECRET_KEY,
  scopes: "read_products,write_products,read_inventory,write_inventory,read_orders,read_customers",
};
const EMBEDDED_ENCRYPTION_KEY = "5b0f3c2a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b";

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
 * `embedded`: the app as deployed for Shopify (not local mode), at `appUrl` (https, as Shopify
 * requires; the test maps it to `baseUrl`), installed in SHOP (its offline token stored, as after
 * Shopify's token exchange), with its calls to https://SHOP going to the emulator
 * (tests/support/shopify-dns.mjs). Pages then need Shopify's session token.
 */
export async function startLocalStack(
  options: { ownRedis?: boolean; env?: Record<string, string>; embedded?: { appUrl: string } } = {},
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

  const embedded = options.embedded
    ? {
        LOCAL_MODE: "false",
        SHOPIFY_API_KEY: EMBEDDED_APP.apiKey,
        SHOPIFY_API_SECRET: EMBEDDED_APP.apiSecret,
        SHOPIFY_APP_URL: options.embedded.appUrl,
        SCOPES: EMBEDDED_APP.scopes,
        APP_SECRET: "embedded-e2e-app-secret-0123456789abcdef",
        TOKEN_ENCRYPTION_KEY: EMBEDDED_ENCRYPTION_KEY,
        SHOPIFY_DNS_EMULATOR: emulator.url,
      }
    : null;
  if (embedded) {
    // Installed: the offline session token exchange would have stored (encrypted at rest).
    const cipher = createTokenCipher(parseKey(EMBEDDED_ENCRYPTION_KEY)!);
    await db.session.create({
      data: {
        id: `offline_${SHOP}`,
        shop: SHOP,
        state: "",
        isOnline: false,
        scope: EMBEDDED_APP.scopes,
        accessToken: cipher.encrypt(TOKEN),
      },
    });
  }
  const preload = embedded ? ["--import", path.join(repoRoot, "tests/support/shopify-dns.mjs")] : [];

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
    ...embedded,
    ...options.env,
  };
  // The production build, as `npm start` runs it (scripts/test.sh builds it first).
  for (const built of ["build/node/index.js", "build/node/worker.js", "build/server/index.js"])
    if (!existsSync(path.join(repoRoot, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  const web: ChildProcess = spawn(process.execPath, ["--enable-source-maps", ...preload, "build/node/index.js"], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: appEnv,
  });
  // The worker's log goes to test-results/worker.log (its failures are only visible there).
  const workerLog = openSync(path.join(ARTIFACTS, "worker.log"), "w");
  const worker: ChildProcess = spawn(process.execPath, ["--enable-source-maps", ...preload, "build/node/worker.js"], {
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
    await Promise.all([exited(web), exited(worker)]);
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
      // Both processes gone before their database is dropped: a web process still answering a
      // page's last request would read dropped tables (and log the error into the test output).
      await Promise.all([exited(web), exited(worker)]);
      await db.$disconnect();
      await emulator.close();
      await database.drop();
      await redis.stop();
    },
  };
}

/** Resolves when the child process has exited (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}
