import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../agents/db/client";
import { createRedis, type Redis } from "../agents/infra/redis";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { freePort, startTestRedis, type TestRedis } from "../tests/support/redis";
import { request as httpRequest } from "node:http";
import { createHttpApp, type HttpDeps } from "./http";

let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
const clients: Redis[] = [];
const servers: Server[] = [];

/** What reached the app behind the server's own middleware. */
const reachedApp: string[] = [];

async function serve(redis: Redis, options: Partial<HttpDeps> = {}) {
  const app = createHttpApp({
    db,
    redis,
    logger: pino({ level: "silent" }),
    appHandler: (req, res) => {
      reachedApp.push(`${req.method} ${req.path}`);
      res.status(404).send("no app in this test");
    },
    ...options,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readyRedis(url: string) {
  const client = createRedis(url, { name: "test" });
  client.on("error", () => {});
  clients.push(client);
  return client;
}

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  db = createDb(database.url);
});

afterAll(async () => {
  for (const server of servers) server.close();
  for (const client of clients) client.disconnect();
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
});

describe("operations endpoints", () => {
  it("/healthz answers 200 without touching dependencies", async () => {
    const base = await serve(await readyRedis(`redis://127.0.0.1:${await freePort()}`));
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("/readyz is 200 when the database and Redis answer", async () => {
    const redis = await readyRedis(testRedis.url);
    await new Promise((resolve) => redis.once("ready", resolve));
    const response = await fetch(`${await serve(redis)}/readyz`);
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.failing).toEqual([]);
    expect(body.checks.map((c: { name: string }) => c.name).sort()).toEqual(["database", "redis"]);
  });

  it("/readyz is 503 and names Redis when Redis is down", async () => {
    const redis = await readyRedis(`redis://127.0.0.1:${await freePort()}`); // nothing listens there
    const response = await fetch(`${await serve(redis)}/readyz`);
    const body = await response.json();
    expect(response.status).toBe(503);
    expect(body).toMatchObject({ status: "unavailable", failing: ["redis"] });
  });

  it("/metrics exposes the HTTP latency histogram by route and process metrics", async () => {
    const redis = await readyRedis(testRedis.url);
    const base = await serve(redis);
    await fetch(`${base}/healthz`);
    await fetch(`${base}/app/orders/12345`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/healthz"/);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/app\/orders\/:id"[^}]*status="404"/);
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("every response carries a request id, echoing one the caller sent", async () => {
    const base = await serve(await readyRedis(testRedis.url));
    const response = await fetch(`${base}/anything`, { headers: { "X-Request-Id": "abc-123" } });
    expect(response.headers.get("x-request-id")).toBe("abc-123");
    expect((await fetch(`${base}/anything`)).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("request log", () => {
  it("a quiet path logs only failures and slow requests; other paths log every request", async () => {
    const lines: { msg: string; level: number; req?: { id: string; url: string }; res?: { statusCode: number } }[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const base = await serve(await readyRedis(testRedis.url), {
      logger,
      quietPaths: ["/quiet"],
      slowRequestMs: 200,
      extraRoutes: (app) =>
        app.post("/quiet", (req, res) => {
          const status = Number(req.query.status ?? 200);
          setTimeout(() => res.status(status).json({ ok: status < 400 }), Number(req.query.wait ?? 0));
        }),
    });
    const call = (query: string, id: string) =>
      fetch(`${base}/quiet?${query}`, { method: "POST", headers: { "X-Request-Id": id } });
    for (let i = 0; i < 5; i++) expect((await call("", `fast-${i}`)).headers.get("x-request-id")).toBe(`fast-${i}`);
    await call("status=500", "broken");
    await call("status=401", "refused");
    await call("wait=250", "slow");
    await fetch(`${base}/elsewhere`, { headers: { "X-Request-Id": "page" } });
    await new Promise((resolve) => setTimeout(resolve, 50)); // "finish" handlers run after the answer
    const logged = lines.filter((l) => l.req).map((l) => [l.req!.id, l.res!.statusCode, l.level, l.msg]);
    expect(logged).toEqual([
      ["broken", 500, 50, "request errored"],
      ["refused", 401, 40, "request failed"],
      ["slow", 200, 40, "slow request completed"],
      ["page", 404, 40, "request completed"], // pino-http, as before
    ]);
  });
});

/** A raw request: fetch cannot set Host or Sec-Fetch-Site, a browser (or a rebinding page) does. */
function raw(base: string, method: string, path: string, headers: Record<string, string>) {
  const url = new URL(base);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest({ hostname: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(method === "GET" ? undefined : "intent=approve");
  });
}

describe("security headers and local mode's guard", () => {
  it("every response says nosniff and a referrer policy; embedded mode leaves framing to Shopify's library", async () => {
    const base = await serve(await readyRedis(testRedis.url));
    const response = await fetch(`${base}/app`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-frame-options")).toBeNull();
  });

  it("local mode: a foreign Host (DNS rebinding) is refused before the app reads anything", async () => {
    const base = await serve(await readyRedis(testRedis.url), {
      localMode: { allowedHosts: ["localhost", "127.0.0.1"] },
    });
    const port = new URL(base).port;
    reachedApp.length = 0;
    const rebound = await raw(base, "GET", "/app/aira", { Host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/Host "attacker.example" is not served here/);
    expect(reachedApp).toEqual([]);
    const own = await raw(base, "GET", "/app/aira", { Host: `localhost:${port}` });
    expect(own.status).toBe(404); // reached the app
    expect(own.headers["content-security-policy"]).toBe("frame-ancestors 'none'");
    expect(own.headers["x-frame-options"]).toBe("DENY");
    expect(reachedApp).toEqual(["GET /app/aira"]);
  });

  it("local mode: a cross-site POST is refused; same-origin and non-browser POSTs reach the app", async () => {
    const base = await serve(await readyRedis(testRedis.url), {
      localMode: { allowedHosts: ["localhost", "127.0.0.1"] },
    });
    const host = new URL(base).host;
    reachedApp.length = 0;
    const form = { "Content-Type": "application/x-www-form-urlencoded", Host: host };
    const crossSite = await raw(base, "POST", "/app/aira", {
      ...form,
      Origin: "https://evil.example",
      "Sec-Fetch-Site": "cross-site",
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).toMatch(/cross-site request refused/);
    // Another page on the machine (another port) is another origin, though its hostname is ours.
    const otherPort = await raw(base, "POST", "/app/aira", { ...form, Origin: "http://127.0.0.1:1" });
    expect(otherPort.status).toBe(403);
    expect((await raw(base, "POST", "/app/aira", { ...form, "Sec-Fetch-Site": "same-site" })).status).toBe(403);
    expect((await raw(base, "POST", "/app/aira", { ...form, Origin: "null" })).status).toBe(403);
    expect(reachedApp).toEqual([]);
    const sameOrigin = await raw(base, "POST", "/app/aira", {
      ...form,
      Origin: `http://${host}`,
      "Sec-Fetch-Site": "same-origin",
    });
    expect(sameOrigin.status).toBe(404);
    const curl = await raw(base, "POST", "/webhooks/orders/create", { ...form });
    expect(curl.status).toBe(404);
    expect(reachedApp).toEqual(["POST /app/aira", "POST /webhooks/orders/create"]);
  });
});
