// OpenTelemetry traces (ADR 0024), with the SDK's in-memory exporter: one trace runs from an HTTP
// request (server/http.ts) through a tool call (the registry) and the job it queues (BullMQ carries
// the context, bullmq-otel) to the Admin API calls the job makes (agents/shopify/graphql-client.ts);
// log lines written inside it carry its trace id.
import { Writable } from "node:stream";
import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeeded, TEST_SHOP, TEST_TOKEN, type Harness } from "@royal-equips/emulator/testing";
import { createAgents } from "../agents/agents";
import { createRegistry } from "../agents/core/registry";
import { createDb, type Db } from "../agents/db/client";
import { createRedis, type Redis } from "../agents/infra/redis";
import { traceIds } from "../agents/infra/tracing";
import { createAgentRegistry } from "../agents/runtime/agents";
import { createRuntime, type AgentRuntime } from "../agents/runtime/queues";
import { deleteKeysWithPrefix } from "../agents/runtime/testing/redis-keys";
import { randomPrefix, silentLogger, waitFor } from "../agents/runtime/testing/support";
import { createWorkers, type AgentWorkers } from "../agents/runtime/worker";
import { securityTools } from "../agents/security/tools";
import { createAdminClient } from "../agents/shopify/graphql-client";
import { createHttpApp } from "../server/http";
import { tracingConfigured } from "../server/telemetry";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { startTestRedis, type TestRedis } from "./support/redis";

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

const prefix = randomPrefix();
let emulator: Harness;
let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
let redis: Redis;
let runtime: AgentRuntime;
let workers: AgentWorkers;
let logs = "";

beforeAll(async () => {
  [emulator, database, testRedis] = await Promise.all([
    startSeeded({ products: 3, orders: 6 }),
    createTestDatabase(),
    startTestRedis(),
  ]);
  db = createDb(database.url);
  redis = createRedis(testRedis.url, { name: "tracing-test" });
  const admin = (shop: string) => createAdminClient({ shop, accessToken: TEST_TOKEN, endpoint: emulator.url });
  const agents = createAgentRegistry(createAgents({ adminFor: async (shop) => admin(shop) }));
  runtime = createRuntime({ redisUrl: testRedis.url, db, logger: silentLogger, agents, prefix });
  workers = createWorkers({ redisUrl: testRedis.url, db, logger: silentLogger, agents, prefix, only: ["store-sync"] });
  await workers.ready();
});

afterAll(async () => {
  await workers?.close();
  await runtime?.close();
  await deleteKeysWithPrefix(redis, prefix);
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
  await emulator?.close();
  await provider.shutdown();
});

describe("traces", () => {
  it("follow a request through a tool, the job it queues and the job's Admin API calls", async () => {
    const logger = pino(
      { level: "info", mixin: traceIds },
      new Writable({
        write(chunk, _encoding, done) {
          logs += chunk;
          done();
        },
      }),
    );
    const tools = createRegistry(securityTools);
    const app = createHttpApp({
      db,
      redis,
      logger: silentLogger,
      appHandler: (_req, res, next) => {
        (async () => {
          const context = {
            shop: TEST_SHOP,
            db,
            admin: createAdminClient({ shop: TEST_SHOP, accessToken: TEST_TOKEN, endpoint: emulator.url }),
            logger,
            actor: { kind: "merchant" as const, id: "owner" },
            now: () => new Date(),
          };
          const audit = await tools.call(context, "list_audit_log", {});
          logger.info({ ok: audit.ok }, "handled inside the request");
          const queued = await runtime.enqueue({ shop: TEST_SHOP, agent: "store-sync", trigger: "manual" });
          res.json(queued);
        })().catch(next);
      },
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const { runId } = (await (await fetch(`http://127.0.0.1:${port}/app/sync`, { method: "POST" })).json()) as {
        runId: string;
      };
      await waitFor(
        async () => (await db.agentRun.findUniqueOrThrow({ where: { id: runId } })).status === "succeeded",
        "store-sync to succeed",
        60_000,
      );
      const spans = await waitFor(async () => {
        const spans = exporter.getFinishedSpans();
        // The job's processing span ends just after the run's row says succeeded.
        const ids = new Set(spans.map((s) => s.spanContext().spanId));
        const calls = spans.filter((s) => s.name === "shopify.admin.graphql");
        return calls.length && calls.every((s) => ids.has(s.parentSpanContext?.spanId ?? "")) ? spans : undefined;
      }, "the spans to be exported");

      const request = spans.find((s) => s.name === "POST /app/sync")!;
      expect(request).toBeDefined();
      const traceId = request.spanContext().traceId;
      const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
      const tool = inTrace.find((s) => s.name === "tool list_audit_log")!;
      expect(tool.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(tool.attributes["tool.outcome"]).toBe("ok");
      // The job's processing and its Admin API calls belong to the request's trace.
      const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
      const ancestors = (span: (typeof inTrace)[number]) => {
        const names: string[] = [];
        for (let parent = span.parentSpanContext?.spanId; parent && byId.has(parent);) {
          const next = byId.get(parent)!;
          names.push(next.name);
          parent = next.parentSpanContext?.spanId;
        }
        return names;
      };
      const adminCalls = inTrace.filter((s) => s.name === "shopify.admin.graphql");
      expect(adminCalls.length).toBeGreaterThan(0);
      for (const call of adminCalls) {
        expect(call.attributes["shopify.shop"]).toBe(TEST_SHOP);
        expect(ancestors(call).at(-1)).toBe("POST /app/sync");
        expect(ancestors(call).some((name) => name.includes("agent-store-sync"))).toBe(true);
      }
      // Log lines inside the request carry its trace id.
      const line = logs.split("\n").find((l) => l.includes("handled inside the request"))!;
      expect(JSON.parse(line)).toMatchObject({ trace_id: traceId });
      expect(trace.getActiveSpan()).toBeUndefined();
    } finally {
      server.close();
    }
  }, 90_000);

  it("the SDK is loaded only when an OTLP endpoint is configured", () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" })).toBe(true);
    expect(
      tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_TRACES_EXPORTER: "none" }),
    ).toBe(false);
  });
});
