import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../agents/db/client";
import { createRedis, type Redis } from "../agents/infra/redis";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { freePort, startTestRedis, type TestRedis } from "../tests/support/redis";
import { createHttpApp } from "./http";

let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
const clients: Redis[] = [];
const servers: Server[] = [];

async function serve(redis: Redis) {
  const app = createHttpApp({
    db,
    redis,
    logger: pino({ level: "silent" }),
    appHandler: (_req, res) => void res.status(404).send("no app in this test"),
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
