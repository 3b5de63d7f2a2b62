// The dashboard's rendered document is reused only while its data is the same
// (app/document-cache.server.ts, ADR 0034): after a change in the store the next load shows the new
// figure, never the remembered page. The production build in local mode, a real database and Redis;
// the change is an order webhook applied to the store mirror as the webhook route applies it.
// No browser: this file only needs the build.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../agents/db/client";
import { applyOrderWebhook } from "../../agents/mirror/webhooks";
import { createTestDatabase, repoRoot, type TestDatabase } from "../support/database";
import { freePort, startTestRedis, type TestRedis } from "../support/redis";

const SHOP = `doc-cache-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
let database: TestDatabase;
let redis: TestRedis;
let server: ChildProcess;
let db: Db;
let baseUrl: string;

async function page(urlPath: string) {
  const response = await fetch(baseUrl + urlPath, { signal: AbortSignal.timeout(30_000) });
  return { status: response.status, cache: response.headers.get("x-document-cache"), html: await response.text() };
}

/** The "Today so far" metric as the page shows it (the figure after its label). */
function todaySoFar(html: string): string {
  const at = html.indexOf("Today so far");
  expect(at).toBeGreaterThan(-1);
  return /\$[\d,]+\.\d\d/.exec(html.slice(at))![0];
}

let nextOrder = 9_000_001;
async function placeOrder(total: number) {
  const at = new Date().toISOString();
  const id = nextOrder++;
  const outcome = await applyOrderWebhook(db, SHOP, {
    id,
    name: `#${id}`,
    email: null,
    created_at: at,
    updated_at: at,
    cancelled_at: null,
    currency: "USD",
    subtotal_price: String(total),
    total_discounts: "0.00",
    total_tax: "0.00",
    total_price: String(total),
    total_shipping_price_set: { shop_money: { amount: "0.00" } },
    financial_status: "paid",
    fulfillment_status: null,
    customer: null,
    source_name: "web",
    discount_codes: [],
    line_items: [],
  });
  expect(outcome.applied).toBe(true);
}

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await startTestRedis();
  db = createDb(database.url);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.join(repoRoot, "build/node/index.js")], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOCAL_MODE: "true",
      LOCAL_SHOP: SHOP,
      WEB_CONCURRENCY: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      LOG_LEVEL: "warn",
    },
  });
  for (let i = 0; ; i++) {
    const up = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 600) throw new Error("the web server did not start within 60 s");
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  await db?.$disconnect();
  await Promise.allSettled([database?.drop(), redis?.stop()]);
});

describe("the dashboard's document cache", () => {
  it("caches the light pages that opted in", async () => {
    for (const path of ["/app/settings", "/app/shopify", "/app/orchestration"]) {
      // The worker runs beside the app, and a run it finishes between two loads changes the page's
      // data (so, rightly, its document): two loads in a row with unchanged data must hit.
      let first = await page(path);
      let again = await page(path);
      for (let tries = 1; tries < 4 && again.cache !== "hit"; tries++) {
        first = again;
        again = await page(path);
      }
      expect(first.status).toBe(200);
      expect(again.cache).toBe("hit");
      expect(again.html).toBe(first.html);
    }
  });

  it("reuses a document only while the store's figures are unchanged", async () => {
    await placeOrder(10);
    const first = await page("/app");
    expect(first.status).toBe(200);
    expect(first.cache).toBe("miss");
    expect(todaySoFar(first.html)).toBe("$10.00");

    // Same data: the same document, not rendered again.
    const again = await page("/app");
    expect(again.cache).toBe("hit");
    expect(again.html).toBe(first.html);

    // A new order: the next load renders the new figure.
    await placeOrder(123.45);
    const changed = await page("/app");
    expect(changed.cache).toBe("miss");
    expect(todaySoFar(changed.html)).toBe("$133.45");
    expect((await page("/app")).cache).toBe("hit");

    // Another period is another document.
    const day = new Date().toISOString().slice(0, 10);
    const other = await page(`/app?from=2026-01-01&to=${day}`);
    expect(other.status).toBe(200);
    expect(other.cache).toBe("miss");
  });

  it("shows an alert again when its snooze ends, with no write in between", async () => {
    // The dashboard's reads are reused while the database is unchanged (ADR 0039); a snooze ending
    // changes the open list by the clock alone, so the reuse must end with it.
    const title = `Snoozed briefly ${Math.random().toString(36).slice(2, 8)}`;
    const until = new Date(Date.now() + 4_000);
    await db.alert.create({ data: { shop: SHOP, kind: "test", severity: "warning", title, snoozedUntil: until } });
    const snoozed = await page("/app");
    expect(snoozed.status).toBe(200);
    expect(snoozed.html).not.toContain(title);
    await new Promise((r) => setTimeout(r, Math.max(0, until.getTime() - Date.now()) + 100));
    expect((await page("/app")).html).toContain(title);
  });

  it("answers a remembered document gzipped to a client that accepts it, and serves bundles as immutable", async () => {
    let plain = await page("/app");
    for (let tries = 1; tries < 4 && plain.cache !== "hit"; tries++) plain = await page("/app");
    expect(plain.cache).toBe("hit");
    const gzipped = await fetch(`${baseUrl}/app`, {
      headers: { "accept-encoding": "gzip" },
      signal: AbortSignal.timeout(30_000),
    });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gzipped.headers.get("vary")).toMatch(/accept-encoding/i);
    const html = await gzipped.text(); // fetch decompresses it
    // The same document unless the worker changed the data in between (then another render).
    if (gzipped.headers.get("x-document-cache") === "hit" && html.length === plain.html.length)
      expect(html).toBe(plain.html);
    expect(html).toContain("Today so far");

    const bundle = /\/assets\/[\w.-]+\.js/.exec(plain.html)![0];
    const asset = await fetch(baseUrl + bundle, { signal: AbortSignal.timeout(30_000) });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    await asset.arrayBuffer();
  });

  it("writes nothing to the database to answer the dashboard", async () => {
    if (database.provider !== "sqlite") return; // PRAGMA data_version is SQLite's
    // data_version changes when another connection (the web process's) commits a write.
    const version = async () =>
      Number((await db.$queryRawUnsafe<{ data_version: bigint | number }[]>("PRAGMA data_version"))[0].data_version);
    await page("/app"); // the first request of a process may record the shop once (app/shops.server.ts)
    const before = await version();
    for (let i = 0; i < 5; i++) {
      expect((await page("/app")).status).toBe(200);
      const data = await fetch(`${baseUrl}/app.data`, { signal: AbortSignal.timeout(30_000) });
      expect(data.status).toBe(200);
      await data.arrayBuffer();
    }
    expect(await version()).toBe(before);
  });

  it("leaves pages that did not opt in uncached", async () => {
    const agents = await page("/app/agents");
    expect(agents.status).toBe(200);
    expect(agents.cache).toBeNull();
  });
});
