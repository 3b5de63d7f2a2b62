// The agents JSON endpoints and the SSE route in local mode, on a real database and Redis.
// No worker runs here, so queued runs stay queued; the jobs are removed afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { loadAppWithEnv } from "../../tests/support/app";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import type { AgentRuntime } from "../../agents/runtime/queues";

let database: TestDatabase;
let testRedis: TestRedis;
let routes: {
  agents: typeof import("./api.agents");
  run: typeof import("./api.agents.$agent.run");
  runs: typeof import("./api.agents.runs");
  cancel: typeof import("./api.agents.runs.$runId.cancel");
  events: typeof import("./api.events");
  page: typeof import("./app.agents");
};
let runtime: AgentRuntime;
let db: typeof import("../db.server").default;
const shop = `routes-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
const jobIds: string[] = [];

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  await loadAppWithEnv({
    DATABASE_URL: database.url,
    REDIS_URL: testRedis.url,
    LOCAL_MODE: "true",
    LOCAL_SHOP: shop,
    LOG_LEVEL: "silent",
  });
  routes = {
    agents: await import("./api.agents"),
    run: await import("./api.agents.$agent.run"),
    runs: await import("./api.agents.runs"),
    cancel: await import("./api.agents.runs.$runId.cancel"),
    events: await import("./api.events"),
    page: await import("./app.agents"),
  };
  const [{ sharedRuntime }, { env }, { default: appDb }, { logger }] = await Promise.all([
    import("../../agents/runtime/queues"),
    import("../../config/env.server"),
    import("../db.server"),
    import("../logger.server"),
  ]);
  db = appDb;
  runtime = sharedRuntime({ redisUrl: env().REDIS_URL, db: appDb, logger });
});

afterAll(async () => {
  for (const jobId of jobIds)
    await runtime
      ?.queue("noop")
      .remove(jobId)
      .catch(() => 0);
  await runtime?.close();
  await database?.drop();
  await testRedis?.stop();
});

const post = (path: string, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });
const get = (path: string, signal?: AbortSignal) => new Request(`http://localhost${path}`, { signal });
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const form = (fields: Record<string, string>) =>
  new Request("http://localhost/app/agents", { method: "POST", body: new URLSearchParams(fields) });
const audits = (action: string) =>
  db.auditLog.findMany({
    where: { shop, action },
    orderBy: { createdAt: "asc" },
    select: { actor: true, input: true, result: true, outcome: true },
  });

describe("agents API (local mode)", () => {
  it("runs an agent now, deduplicates by business key, and refuses bad input with what to send", async () => {
    const first = await routes.run.action(
      args(post("/api/agents/noop/run", { input: { echo: "hi" }, businessKey: "k1" }), { agent: "noop" }),
    );
    expect(first.status).toBe(202);
    const created = await first.json();
    jobIds.push(created.jobId);
    expect(created).toMatchObject({ jobId: `noop.${shop}.k1`, deduplicated: false });

    const again = await routes.run.action(
      args(post("/api/agents/noop/run", { input: { echo: "hi" }, businessKey: "k1" }), { agent: "noop" }),
    );
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...created, deduplicated: true });

    const bad = await routes.run.action(args(post("/api/agents/noop/run", { input: { echo: 5 } }), { agent: "noop" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/Invalid input for noop: echo/);
    const unknown = await routes.run.action(args(post("/api/agents/nope/run", {}), { agent: "nope" }));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).agents).toContain("noop");
    const secret = await routes.run.action(
      args(post("/api/agents/noop/run", { input: { accessToken: "x" } }), { agent: "noop" }),
    );
    expect(secret.status).toBe(400);
    const badKey = await routes.run.action(
      args(post("/api/agents/noop/run", { businessKey: "a:b" }), { agent: "noop" }),
    );
    expect(badKey.status).toBe(400);
    expect(await badKey.json()).toEqual({ error: expect.stringMatching(/^businessKey must be/) });

    // Only the queued run and its deduplicated repeat were audited, in the merchant's name.
    expect(await audits("agent.run")).toEqual([
      { actor: "merchant:local", input: { agent: "noop", businessKey: "k1" }, result: created, outcome: "ok" },
      {
        actor: "merchant:local",
        input: { agent: "noop", businessKey: "k1" },
        result: { ...created, deduplicated: true },
        outcome: "ok",
      },
    ]);
  });

  it("lists runs and agents with health, and cancels a queued run once", async () => {
    const response = await routes.run.action(args(post("/api/agents/noop/run"), { agent: "noop" }));
    const { runId, jobId } = await response.json();
    jobIds.push(jobId);

    const runs = await (await routes.runs.loader(args(get("/api/agents/runs?agent=noop&status=queued")))).json();
    expect(runs.runs.map((r: { id: string }) => r.id)).toContain(runId);
    expect((await routes.runs.loader(args(get("/api/agents/runs?status=bogus")))).status).toBe(400);

    const { agents } = await (await routes.agents.loader(args(get("/api/agents")))).json();
    expect(agents.find((a: { name: string }) => a.name === "noop")).toMatchObject({
      capabilities: ["system"],
      runsInWindow: 2,
      breaker: { state: "closed" },
    });

    const cancelled = await routes.cancel.action(args(post(`/api/agents/runs/${runId}/cancel`), { runId }));
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ cancelled: true, status: "cancelled", how: "removed" });
    const again = await routes.cancel.action(args(post(`/api/agents/runs/${runId}/cancel`), { runId }));
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ runId, cancelled: false, status: "cancelled" });
    expect(await audits("agent.cancel")).toEqual([
      expect.objectContaining({ actor: "merchant:local", input: { runId, agent: "noop" }, outcome: "ok" }),
      expect.objectContaining({ actor: "merchant:local", input: { runId, agent: "noop" }, outcome: "error" }),
    ]);
    expect((await routes.cancel.action(args(post(`/api/agents/runs/nope/cancel`), { runId: "nope" }))).status).toBe(
      404,
    );
  });

  it("the Agents page's Run now and Cancel go through the same run functions, with the page's messages", async () => {
    const queued = await routes.page.action(args(form({ agent: "noop" })));
    expect(queued).toMatchObject({ queued: expect.any(String), deduplicated: false });
    const runId = "queued" in queued ? queued.queued : "";
    const run = await db.agentRun.findUniqueOrThrow({ where: { id: runId } });
    jobIds.push(run.jobId!);
    expect(await routes.page.action(args(form({ agent: "nope" })))).toEqual({ error: "Unknown agent nope." });

    expect(await routes.page.action(args(form({ intent: "cancel", runId })))).toEqual({ cancelled: runId });
    expect(await routes.page.action(args(form({ intent: "cancel", runId })))).toEqual({
      error: "The run is already cancelled; there is nothing to cancel.",
    });
    expect(await routes.page.action(args(form({ intent: "cancel", runId: "nope" })))).toEqual({
      error: "No such run in this shop.",
    });
    const cancels = (await audits("agent.cancel")).filter((a) => JSON.stringify(a.input).includes(runId));
    expect(cancels.map((a) => a.outcome)).toEqual(["ok", "error"]);
  });

  it("serves the shop's events as an SSE stream", async () => {
    const controller = new AbortController();
    const response = await routes.events.loader(args(get("/api/events", controller.signal)));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain(": connected");
    controller.abort();
    expect((await reader.read()).done).toBe(true);
  });
});
