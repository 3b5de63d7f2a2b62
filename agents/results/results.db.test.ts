// Stored results end to end (ADR 0015): a request answers from the stored result or asks the worker
// for one through the real BullMQ runtime on a real Redis; the worker computes with the real tools
// on a synced mirror. Nothing heavy runs in the "request" here: its context serves only.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYTICS_SHOP, startSyncedMirror, type SyncedMirror } from "../analytics/testing/mirror";
import type { ToolContext } from "../core/context";
import { createAgentRegistry } from "../runtime/agents";
import { createRuntime, type AgentRuntime } from "../runtime/queues";
import { deleteKeysWithPrefix } from "../runtime/testing/redis-keys";
import { randomPrefix, waitFor } from "../runtime/testing/support";
import { createWorkers, type AgentWorkers } from "../runtime/worker";
import { createRedis } from "../infra/redis";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { getCustomerSegments, getSalesSummary, runAnalyticsQuery, toolRegistry } from "../tools";
import { analysisRefreshAgent } from "./agent";
import { REFRESH_AGENT } from "./serve";
import { inputKey, readStoredResult, writeStoredResult } from "./store";

const logger = pino({ level: "silent" });
const prefix = randomPrefix();
let mirror: SyncedMirror;
let testRedis: TestRedis;
let runtime: AgentRuntime;
let workers: AgentWorkers | undefined;
// Requests and the worker share the real clock: tests age stored rows instead of moving it.

const agents = () => createAgentRegistry([analysisRefreshAgent({ adminFor: async () => mirror.admin })]);

beforeAll(async () => {
  [mirror, testRedis] = await Promise.all([
    startSyncedMirror({ seed: 5, products: 12, orders: 900, days: 200 }),
    startTestRedis(),
  ]);
  runtime = createRuntime({ redisUrl: testRedis.url, db: mirror.db, logger, agents: agents(), prefix, backoffMs: 50 });
}, 120_000);

afterAll(async () => {
  await workers?.close();
  await runtime?.close();
  const redis = createRedis(testRedis.url, { name: "cleanup" });
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
  await mirror?.close();
  await testRedis?.stop();
});

async function startWorkers() {
  workers = createWorkers({ redisUrl: testRedis.url, db: mirror.db, logger, agents: agents(), prefix, concurrency: 2 });
  await workers.ready();
}
async function stopWorkers() {
  await workers?.close();
  workers = undefined;
}

/** A request's context: serves stored results and asks the runtime for new ones. */
const request = (waitMs = 0): ToolContext => ({
  shop: ANALYTICS_SHOP,
  db: mirror.db,
  admin: mirror.admin,
  logger,
  actor: { kind: "merchant", id: "owner" },
  runner: runtime,
  results: { mode: "serve", waitMs },
  now: () => new Date(),
});

const refreshRuns = () => mirror.db.agentRun.findMany({ where: { shop: ANALYTICS_SHOP, agent: REFRESH_AGENT } });
const SEGMENTS = { includeCustomers: 0 } as const;

describe("stored results", () => {
  it("a first request answers 'pending' at once and asks the worker once, however many ask", async () => {
    const answers = await Promise.all([1, 2, 3].map(() => toolRegistry.run(request(), getCustomerSegments, SEGMENTS)));
    for (const answer of answers) expect(answer).toMatchObject({ ok: false, code: "pending" });
    const runs = await refreshRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "queued", input: { tool: "get_customer_segments" } });
  });

  it("the worker computes it; the next request answers from it with its time, equal to computing it here", async () => {
    await startWorkers();
    const [run] = await refreshRuns();
    await waitFor(
      async () => (await mirror.db.agentRun.findUnique({ where: { id: run.id } }))?.status === "succeeded",
      "the refresh run",
    );
    const served = await toolRegistry.run(request(), getCustomerSegments, SEGMENTS);
    const computed = await toolRegistry.run({ ...request(), results: undefined }, getCustomerSegments, SEGMENTS);
    expect(served.ok && computed.ok).toBe(true);
    if (!served.ok || !computed.ok) return;
    expect(served.data).toEqual(computed.data);
    expect(served.refreshing).toBeUndefined();
    const row = await mirror.db.storedResult.findFirstOrThrow({
      where: { shop: ANALYTICS_SHOP, tool: "get_customer_segments" },
    });
    expect(served.asOf).toBe(row.computedAt.toISOString());
    expect(row.runId).toBe(run.id);
  });

  it("a stale result is still answered at once, marked refreshing, and computed again in the background", async () => {
    const aged = new Date(Date.now() - getCustomerSegments.stored!.freshForMs - 60_000);
    await mirror.db.storedResult.updateMany({ where: { tool: "get_customer_segments" }, data: { computedAt: aged } });
    const before = await mirror.db.storedResult.findFirstOrThrow({ where: { tool: "get_customer_segments" } });
    const served = await toolRegistry.run(request(), getCustomerSegments, SEGMENTS);
    expect(served).toMatchObject({ ok: true, refreshing: true, asOf: before.computedAt.toISOString() });
    await waitFor(
      async () =>
        (await mirror.db.storedResult.findFirstOrThrow({ where: { tool: "get_customer_segments" } })).computedAt >
        before.computedAt,
      "the refreshed result",
    );
    expect(await refreshRuns()).toHaveLength(2);
    const fresh = await toolRegistry.run(request(), getCustomerSegments, SEGMENTS);
    expect(fresh).toMatchObject({ ok: true });
    expect(fresh.ok && fresh.refreshing).toBeFalsy();
  });

  it("AIRA and MCP wait for a first answer: the answer arrives within the wait", async () => {
    const input = { query: "revenue_by_day", from: "2026-09-01", to: "2026-09-30" } as const;
    const answer = await toolRegistry.run(request(15_000), runAnalyticsQuery, input);
    expect(answer).toMatchObject({ ok: true, data: { query: "revenue_by_day" } });
    expect(answer.ok && answer.asOf).toBeTruthy();
  });

  it("an expected failure is stored and answered like data", async () => {
    const emptyShop = "no-orders-yet.myshopify.com";
    const answer = await toolRegistry.run({ ...request(15_000), shop: emptyShop }, getCustomerSegments, SEGMENTS);
    expect(answer).toMatchObject({ ok: false, code: "insufficient_data" });
    expect(answer.asOf).toBeTruthy();
    const row = await mirror.db.storedResult.findFirstOrThrow({ where: { shop: emptyShop } });
    expect(row.result).toMatchObject({ ok: false, code: "insufficient_data" });
  });

  it("a stored answer that no longer fits the tool's output is not served", async () => {
    const input = { includeCustomers: 1 };
    await writeStoredResult(mirror.db, {
      shop: ANALYTICS_SHOP,
      tool: "get_customer_segments",
      input: getCustomerSegments.input.parse(input),
      result: { ok: true, data: { segments: "an older shape" } },
      computedAt: new Date(),
      ms: 1,
      runId: null,
    });
    const answer = await toolRegistry.run(request(15_000), getCustomerSegments, input);
    expect(answer).toMatchObject({ ok: true, data: { customers: expect.any(Number) } });
  });

  it("with the worker stopped, a request waits no longer than it may and answers 'pending'", async () => {
    await stopWorkers();
    const started = Date.now();
    const answer = await toolRegistry.run(request(600), runAnalyticsQuery, { query: "top_customers" });
    expect(answer).toMatchObject({ ok: false, code: "pending" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("without a job queue, a request says so instead of computing", async () => {
    const answer = await toolRegistry.run({ ...request(), runner: undefined }, runAnalyticsQuery, {
      query: "repeat_rate",
    });
    expect(answer).toMatchObject({ ok: false, code: "unavailable" });
  });

  it("the hourly sweep recomputes stale results asked for this week and drops those unasked for a month", async () => {
    const tool = runAnalyticsQuery.name;
    const recent = runAnalyticsQuery.input.parse({ query: "revenue_by_day", from: "2026-08-01", to: "2026-08-31" });
    const old = runAnalyticsQuery.input.parse({ query: "revenue_by_day", from: "2025-08-01", to: "2025-08-31" });
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    for (const [input, at] of [
      [recent, new Date(Date.now() - 3 * 3_600_000)],
      [old, longAgo],
    ] as const) {
      await writeStoredResult(mirror.db, {
        shop: ANALYTICS_SHOP,
        tool,
        input,
        result: { ok: false, code: "pending", message: "x" },
        computedAt: at,
        ms: 1,
        runId: null,
      });
    }
    await startWorkers();
    const sweep = await runtime.enqueue({ shop: ANALYTICS_SHOP, agent: REFRESH_AGENT, trigger: "test", input: {} });
    await waitFor(
      async () => (await mirror.db.agentRun.findUnique({ where: { id: sweep.runId } }))?.status === "succeeded",
      "the sweep",
    );
    const rows = await mirror.db.storedResult.findMany({ where: { shop: ANALYTICS_SHOP, tool } });
    const keys = new Map(rows.map((r) => [r.inputKey, r]));
    expect(keys.has(inputKey(old))).toBe(false);
    const refreshed = keys.get(inputKey(recent))!;
    expect(refreshed.runId).toBe(sweep.runId);
    expect(refreshed.result).toMatchObject({ ok: true, data: { query: "revenue_by_day" } });
  });

  it("a tool stored for pages only: the merchant's page reads the worker's answer, AIRA and MCP compute it", async () => {
    const input = { from: "2026-09-01", to: "2026-09-30", by: "week" } as const;
    const stored = () =>
      mirror.db.storedResult.findMany({ where: { shop: ANALYTICS_SHOP, tool: getSalesSummary.name } });
    // AIRA and MCP: computed in place, at once, nothing stored and no refresh asked for.
    for (const kind of ["aira", "mcp"] as const) {
      const answer = await toolRegistry.run(
        { ...request(15_000), actor: { kind, id: "asker" } },
        getSalesSummary,
        input,
      );
      expect(answer).toMatchObject({ ok: true, data: { totals: { orders: expect.any(Number) } } });
      expect(answer.asOf).toBeUndefined();
    }
    expect(await stored()).toHaveLength(0);
    // The page: pending at first, then the worker's answer, equal to computing it here.
    expect(await toolRegistry.run(request(), getSalesSummary, input)).toMatchObject({ ok: false, code: "pending" });
    await waitFor(async () => (await stored()).length === 1, "the stored summary");
    const served = await toolRegistry.run(request(), getSalesSummary, input);
    const computed = await toolRegistry.run({ ...request(), results: undefined }, getSalesSummary, input);
    expect(served.ok && computed.ok).toBe(true);
    if (!served.ok || !computed.ok) return;
    expect(served.asOf).toBe((await stored())[0].computedAt.toISOString());
    expect(served.data).toEqual(computed.data);
    expect(computed.data.totals.orders).toBeGreaterThan(0);
  });

  it("an answer is stored as the tool gave it, text both databases keep, and rewritten in place", async () => {
    const tool = "test_written_answer";
    const input = { limit: 3, note: "it's" };
    const first = new Date("2026-03-04T05:06:07.089Z");
    const result = {
      ok: true as const,
      data: {
        quotes: `it's "quoted" \\ back\\slash, \n new line, tab\t, 'twice''`,
        unicode: "Café ☕ 𝄞",
        broken: "a\u0000b\ud800c",
        when: new Date("2026-01-02T03:04:05.000Z"),
        dropped: undefined,
        numbers: [0, -1.5, 1e21, 123456789.125],
        nested: [{ empty: {}, none: null, list: [[1], []] }],
      },
    };
    await writeStoredResult(mirror.db, {
      shop: ANALYTICS_SHOP,
      tool,
      input,
      result,
      computedAt: first,
      ms: 12.6,
      runId: null,
    });
    const stored = await readStoredResult(mirror.db, ANALYTICS_SHOP, tool, inputKey(input));
    expect(stored).toMatchObject({ computedAt: first, requestedAt: first, ms: 13, runId: null });
    // NUL and a lone surrogate become U+FFFD (PostgreSQL's jsonb refuses both); a date its ISO text.
    expect(stored!.result).toEqual({
      ok: true,
      data: {
        ...result.data,
        broken: "a\uFFFDb\uFFFDc",
        when: "2026-01-02T03:04:05.000Z",
        dropped: undefined,
      },
    });
    expect(Object.keys((stored!.result as { data: object }).data)).not.toContain("dropped");
    const row = await mirror.db.storedResult.findUniqueOrThrow({
      where: { shop_tool_inputKey: { shop: ANALYTICS_SHOP, tool, inputKey: inputKey(input) } },
      select: { input: true },
    });
    expect(row.input).toEqual(input);

    // Computed again: the answer, time and run change; when it was last asked for stays.
    const second = new Date(first.getTime() + 60_000);
    const run = await mirror.db.agentRun.create({
      data: { shop: ANALYTICS_SHOP, agent: REFRESH_AGENT, trigger: "test" },
    });
    await writeStoredResult(mirror.db, {
      shop: ANALYTICS_SHOP,
      tool,
      input,
      result: { ok: false, code: "insufficient_data", message: "None yet." },
      computedAt: second,
      ms: 4,
      runId: run.id,
    });
    const again = await readStoredResult(mirror.db, ANALYTICS_SHOP, tool, inputKey(input));
    expect(again).toMatchObject({ computedAt: second, requestedAt: first, ms: 4, runId: run.id });
    expect(again!.result).toEqual({ ok: false, code: "insufficient_data", message: "None yet." });
    expect(await mirror.db.storedResult.count({ where: { shop: ANALYTICS_SHOP, tool } })).toBe(1);
  });
});
