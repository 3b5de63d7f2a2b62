// The security-monitor agent as the worker runs it (a BullMQ job on real Redis): it runs every
// detector, raises one alert for a crafted attack, none for the quiet shop, and nothing new on
// its next scheduled run.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { createDb, type Db } from "../db/client";
import { createRedis } from "../infra/redis";
import { createAgents } from "../agents";
import { createAgentRegistry } from "../runtime/agents";
import { createRuntime, type AgentRuntime } from "../runtime/queues";
import { deleteKeysWithPrefix } from "../runtime/testing/redis-keys";
import { randomPrefix, randomShop, silentLogger, waitFor } from "../runtime/testing/support";
import { createWorkers, type AgentWorkers } from "../runtime/worker";
import { createAdminClient } from "../shopify/graphql-client";

const prefix = randomPrefix();
let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
let runtime: AgentRuntime;
let workers: AgentWorkers;

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  db = createDb(database.url);
  // The monitor never calls Shopify; the client is there because the operations agents share deps.
  const agents = createAgentRegistry(
    createAgents({
      adminFor: async (shop) => createAdminClient({ shop, accessToken: "unused", endpoint: "http://127.0.0.1:9" }),
    }),
  );
  runtime = createRuntime({ redisUrl: testRedis.url, db, logger: silentLogger, agents, prefix, backoffMs: 50 });
  workers = createWorkers({
    redisUrl: testRedis.url,
    db,
    logger: silentLogger,
    agents,
    prefix,
    concurrency: 1,
    only: ["security-monitor"],
  });
  await workers.ready();
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await workers?.close();
  await runtime?.close();
  const redis = createRedis(testRedis.url, { name: "cleanup" });
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
});

async function runMonitor(shop: string, input: unknown = {}) {
  const { runId } = await runtime.enqueue({
    shop,
    agent: "security-monitor",
    trigger: "manual",
    input,
    businessKey: `t${Date.now()}`,
  });
  return waitFor(
    async () => {
      const run = await db.agentRun.findUniqueOrThrow({ where: { id: runId } });
      return run.status === "succeeded" || run.status === "failed" ? run : undefined;
    },
    "security-monitor to finish",
    60_000,
  );
}

describe("security-monitor", () => {
  it("is scheduled, and raises one alert for 12 failed MCP sign-ins in 10 minutes and none for a quiet shop", async () => {
    vi.stubEnv("LOCAL_MODE", "true");
    vi.stubEnv("HOST", "127.0.0.1");
    const agent = createAgentRegistry(
      createAgents({
        adminFor: async () => {
          throw new Error("not used");
        },
      }),
    ).require("security-monitor");
    expect(agent.schedule).toEqual({ every: 600_000 });

    const quiet = randomShop();
    const attacked = randomShop();
    const now = Date.now();
    await db.auditLog.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({
        shop: attacked,
        actor: "mcp:anonymous",
        action: "mcp.auth",
        input: { source: "203.0.113.77", reason: "malformed" },
        outcome: "denied",
        createdAt: new Date(now - (10 - i * 0.8) * 60_000),
      })),
    });

    const calm = await runMonitor(quiet);
    expect(calm.status).toBe("succeeded");
    expect(calm.progress).toBe(100);
    expect(calm.result).toMatchObject({ raised: 0, configuration: { failing: [] } });
    expect(await db.alert.count({ where: { shop: quiet } })).toBe(0);

    const first = await runMonitor(attacked);
    expect(first.status).toBe("succeeded");
    const detectors = (first.result as { detectors: { detector: string; examined: number; newAlerts: number }[] })
      .detectors;
    expect(detectors.map((d) => d.detector)).toEqual([
      "risky_orders",
      "failing_webhooks",
      "mcp_auth_failures",
      "change_rate",
    ]);
    expect(detectors.find((d) => d.detector === "mcp_auth_failures")).toMatchObject({ examined: 12, newAlerts: 1 });
    expect(await db.alert.findMany({ where: { shop: attacked } })).toEqual([
      expect.objectContaining({
        kind: "mcp_auth_failures",
        title: "Repeated failed MCP sign-ins from 203.0.113.77: 12 within 9 minutes",
      }),
    ]);

    // The alert is also the run's security finding (one per open alert, by the alert's title).
    const [alert] = await db.alert.findMany({ where: { shop: attacked } });
    expect(await db.finding.findMany({ where: { shop: attacked, kind: "security_finding" } })).toEqual([
      expect.objectContaining({
        subject: `alert:${alert.id}`,
        title: alert.title,
        status: "open",
        agent: "security-monitor",
      }),
    ]);

    const second = await runMonitor(attacked, { detectors: ["mcp_auth_failures"] });
    expect(second.result).toMatchObject({ raised: 0 });
    expect(await db.alert.count({ where: { shop: attacked } })).toBe(1);

    // Resolved by the merchant: the next run resolves its finding ("No longer found").
    await db.alert.update({ where: { id: alert.id }, data: { resolvedAt: new Date(), resolutionKind: "manual" } });
    await runMonitor(attacked, { detectors: ["mcp_auth_failures"] });
    expect(await db.finding.findFirst({ where: { shop: attacked, kind: "security_finding" } })).toMatchObject({
      status: "resolved",
    });

    const bad = await runMonitor(attacked, { detectors: ["port_scan"] });
    expect(bad).toMatchObject({ status: "failed", error: expect.stringMatching(/detectors/) });
  });
});
