// Agents over MCP (HTTP, the app's Express server): run_agent queues a real run that a real
// BullMQ worker carries out, waits for it with progress notifications when the client asks,
// get_agent_run reports a run's status and findings, and a read-only token cannot start agents.
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, type Redis } from "../agents/infra/redis";
import { createRuntime, type AgentRuntime } from "../agents/runtime/queues";
import { deleteKeysWithPrefix } from "../agents/runtime/testing/redis-keys";
import { randomPrefix, silentLogger, testRegistry } from "../agents/runtime/testing/support";
import { createWorkers, type AgentWorkers } from "../agents/runtime/worker";
import { serveMcp, type McpTestServer } from "../tests/support/mcp";
import { startTestRedis, type TestRedis } from "../tests/support/redis";
import { OTHER_SHOP, startFixture, TEST_SHOP, type Fixture } from "./testing/fixtures";

let fx: Fixture;
let testRedis: TestRedis;
let redis: Redis;
let runtime: AgentRuntime;
let workers: AgentWorkers;
let mcp: McpTestServer;
const prefix = randomPrefix();

beforeAll(async () => {
  [fx, testRedis] = await Promise.all([startFixture(), startTestRedis()]);
  redis = createRedis(testRedis.url, { name: "test" });
  const options = { redisUrl: testRedis.url, db: fx.db, logger: silentLogger, agents: testRegistry(), prefix };
  runtime = createRuntime(options);
  workers = createWorkers(options);
  await workers.ready();
  mcp = await serveMcp(fx, { redis, mcp: { runner: runtime, limiterPrefix: prefix } });
}, 60_000);

afterAll(async () => {
  await mcp?.close();
  await workers?.close();
  await runtime?.close();
  if (redis) {
    await deleteKeysWithPrefix(redis, prefix);
    await deleteKeysWithPrefix(redis, `${prefix}-calls`);
    redis.disconnect();
  }
  await testRedis?.stop();
  await fx?.close();
});

async function client(scope: "read" | "write", shop = TEST_SHOP) {
  const { token } = await fx.token(scope, { shop });
  return mcp.client(token, "agents-test");
}

const structured = (result: unknown) => (result as CallToolResult).structuredContent as Record<string, unknown>;

describe("agents over MCP", () => {
  it("run_agent waits for a run with progress notifications, and returns its outcome", async () => {
    const c = await client("write");
    const progress: Progress[] = [];
    const result = (await c.callTool(
      { name: "run_agent", arguments: { agent: "test-slow", input: { steps: 4, stepMs: 300 }, waitSeconds: 30 } },
      undefined,
      { onprogress: (p) => void progress.push(p) },
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toMatchObject({ agent: "test-slow", status: "succeeded", progress: 100, error: null });
    // The worker's steps arrive as they happen (a poll may merge two), each larger than the last.
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ progress: 100, total: 100 });
    expect(progress.some((p) => /step \d of 4/.test(p.message ?? ""))).toBe(true);
  });

  it("without waitSeconds returns at once; get_agent_run then follows the run to its end", async () => {
    const c = await client("write");
    const started = structured(
      await c.callTool({ name: "run_agent", arguments: { agent: "test-slow", input: { steps: 2, stepMs: 200 } } }),
    );
    expect(started).toMatchObject({ agent: "test-slow", deduplicated: false });
    expect(["queued", "running"]).toContain(started.status);
    const runId = String(started.runId);
    let run: Record<string, unknown> = {};
    for (let i = 0; i < 100 && run.status !== "succeeded"; i++) {
      run = structured(await c.callTool({ name: "get_agent_run", arguments: { runId } }));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run).toMatchObject({ runId, status: "succeeded", findings: [], findingsTotal: 0 });
    expect(run.finishedAt).toEqual(expect.any(String));
  });

  it("get_agent_run lists the findings the run was the last to find, and never another shop's run", async () => {
    const run = await fx.db.agentRun.create({
      data: { shop: TEST_SHOP, agent: "inventory-forecasting", trigger: "manual", status: "succeeded" },
    });
    await fx.db.finding.createMany({
      data: [1, 2, 3].map((n) => ({
        shop: TEST_SHOP,
        agent: "inventory-forecasting",
        runId: run.id,
        kind: "stockout_risk",
        subject: `variant:${n}`,
        title: `Item ${n} may run out`,
        data: {},
        score: n,
      })),
    });
    const c = await client("read");
    const found = structured(
      await c.callTool({ name: "get_agent_run", arguments: { runId: run.id, findingsLimit: 2 } }),
    );
    expect(found).toMatchObject({ runId: run.id, status: "succeeded", findingsTotal: 3 });
    expect((found.findings as { title: string }[]).map((f) => f.title)).toEqual([
      "Item 3 may run out",
      "Item 2 may run out",
    ]);
    const other = (await (
      await client("read", OTHER_SHOP)
    ).callTool({
      name: "get_agent_run",
      arguments: { runId: run.id },
    })) as CallToolResult;
    expect(other.isError).toBe(true);
    expect(JSON.stringify(other.content)).toMatch(/not_found: No agent run/);
  });

  it("a read-only token cannot start agents: refused, audited, and nothing is queued", async () => {
    const c = await client("read");
    expect((await c.listTools()).tools.map((t) => t.name)).not.toContain("run_agent");
    const before = await fx.db.agentRun.count({ where: { shop: TEST_SHOP } });
    const result = (await c.callTool({ name: "run_agent", arguments: { agent: "noop" } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(
      /forbidden: run_agent changes data, and this access token is read-only/,
    );
    expect(await fx.db.agentRun.count({ where: { shop: TEST_SHOP } })).toBe(before);
    expect(await fx.db.auditLog.findFirst({ where: { action: "tool.run_agent", outcome: "denied" } })).toBeTruthy();
  });

  it("an unknown agent or a bad wait is a clear error, not a queued run", async () => {
    const c = await client("write");
    const unknown = (await c.callTool({ name: "run_agent", arguments: { agent: "no-such-agent" } })) as CallToolResult;
    expect(unknown.isError).toBe(true);
    expect(JSON.stringify(unknown.content)).toMatch(/There is no agent named \\"no-such-agent\\"/);
    const tooLong = (await c.callTool({
      name: "run_agent",
      arguments: { agent: "noop", waitSeconds: 100_000 },
    })) as CallToolResult;
    expect(tooLong.isError).toBe(true);
    expect(JSON.stringify(tooLong.content)).toMatch(/waitSeconds/);
  });
});
