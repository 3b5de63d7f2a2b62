// Fuzzing /mcp over real HTTP in the app's own server (fast-check, seeded so a failure replays):
// random methods, headers, tokens and bodies (bytes, broken JSON, JSON-RPC messages and batches
// with random ids, methods and params, tool calls with random arguments). No answer may be a 5xx;
// every error is JSON-RPC with a standard code and a short message (no validation dump); and the
// process stays within a bound after a thousand requests, oversized ones included.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, type Redis } from "../agents/infra/redis";
import { serveMcp, type McpTestServer } from "../tests/support/mcp";
import { startTestRedis, type TestRedis } from "../tests/support/redis";
import { startFixture, type Fixture } from "./testing/fixtures";

const SEED = 21;
/**
 * The codes malformed input may get: JSON-RPC 2.0's parse error, invalid request, unknown method
 * and invalid params, MCP's resource not found, and ours (-32000 refused, -32001 unauthenticated).
 * Not -32603: an internal error is never the right answer to bad input.
 */
const KNOWN_CODES = new Set([-32700, -32600, -32601, -32602, -32002, -32000, -32001]);

let fx: Fixture;
let testRedis: TestRedis;
let redis: Redis;
let mcp: McpTestServer;
let base: string;
let token: string;

beforeAll(async () => {
  [fx, testRedis] = await Promise.all([startFixture(), startTestRedis()]);
  redis = createRedis(testRedis.url, { name: "mcp-fuzz" });
  redis.on("error", () => {});
  await new Promise((resolve) => redis.once("ready", resolve));
  // Tool calls are not rate limited here: the fuzz is about input, not volume.
  mcp = await serveMcp(fx, {
    redis,
    mcp: {
      limiterPrefix: `fuzz-${process.pid}-${Date.now()}`,
      callLimit: { points: 1_000_000, durationSeconds: 60 },
      authFailureThreshold: 1_000_000,
      maxBodyBytes: 256 * 1024,
    },
  });
  base = mcp.base;
  token = (await fx.token("write")).token;
});

afterAll(async () => {
  await mcp?.close();
  redis?.disconnect();
  await testRedis?.stop();
  await fx?.close();
});

const METHODS = [
  "initialize",
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "logging/setLevel",
  "notifications/initialized",
  "notifications/cancelled",
  "tasks/list",
];
const TOOLS = [
  "get_shop_overview",
  "get_sales_summary",
  "score_order_risk",
  "propose_price_change",
  "run_agent",
  "nope",
];

const anyJson = fc.jsonValue({ maxDepth: 3 });
const id = fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), anyJson);
const message = fc.oneof(
  // A well-formed envelope with random params.
  fc.record(
    {
      jsonrpc: fc.constantFrom("2.0", "2.0", "2.0", "1.0", 2),
      id,
      method: fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 20 })),
      params: fc.oneof(anyJson, fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 4 })),
    },
    { requiredKeys: ["jsonrpc", "method"] },
  ),
  // A tool call with random arguments (strings with NUL and lone surrogates included).
  fc.record({
    jsonrpc: fc.constant("2.0"),
    id: fc.integer(),
    method: fc.constant("tools/call"),
    params: fc.record(
      {
        name: fc.oneof(fc.constantFrom(...TOOLS), anyJson),
        arguments: fc.oneof(
          fc.dictionary(
            fc.constantFrom("days", "from", "to", "orderName", "changes", "agent", "limit", "by", "cursor"),
            fc.oneof(anyJson, fc.constantFrom("\u0000", "\ud800", "#1001\u0000", "9".repeat(400))),
            { maxKeys: 4 },
          ),
          anyJson,
        ),
      },
      { requiredKeys: ["name"] },
    ),
  }),
  anyJson,
);
const body = fc.oneof(
  message.map((m) => JSON.stringify(m)),
  fc.array(message, { maxLength: 4 }).map((m) => JSON.stringify(m)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  fc.constantFrom("", "[]", "[[]]", "{", "null", '{"jsonrpc":"2.0"}', "x".repeat(300 * 1024)),
);
const headerText = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, ""));

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

async function send(method: string, headers: Record<string, string>, payload: string | undefined): Promise<Answer> {
  const response = await fetch(`${base}/mcp`, { method, headers, body: payload });
  return { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() };
}

/** Every JSON-RPC error in an answer (a single response, a batch, or an SSE stream of them). */
function errorsIn(answer: Answer): { code: number; message: string }[] {
  const texts = answer.contentType?.includes("text/event-stream")
    ? answer.text
        .split("\n")
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
    : [answer.text];
  return texts.flatMap((text) => {
    if (!text.trim()) return [];
    const parsed = JSON.parse(text) as unknown;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.flatMap((m) =>
      (m as { error?: unknown }).error ? [(m as { error: { code: number; message: string } }).error] : [],
    );
  });
}

function expectClear(answer: Answer) {
  expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500);
  if (answer.status >= 400) {
    const errors = errorsIn(answer);
    expect(errors.length, `a ${answer.status} without a JSON-RPC error: ${answer.text.slice(0, 200)}`).toBe(1);
  }
  for (const error of errorsIn(answer)) {
    expect(KNOWN_CODES.has(error.code), `code ${error.code}: ${error.message}`).toBe(true);
    expect(error.message.length).toBeGreaterThan(0);
    // A short message naming the problem, not a dump of the validator's issues.
    expect(error.message.length, error.message).toBeLessThan(600);
    expect(error.message).not.toMatch(/"code":\s*"invalid_type"|^\s*\[/);
  }
}

describe("/mcp under malformed input", () => {
  it("authenticated, well-framed: random JSON-RPC messages and batches get answers with standard, short errors", async () => {
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const answer = await send(
          "POST",
          {
            Authorization: `Bearer ${token}`,
            "Content-Type": "application/json",
            Accept: "application/json, text/event-stream",
          },
          payload,
        );
        expectClear(answer);
        for (const error of errorsIn(answer)) codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
      }),
      { seed: SEED, numRuns: 600 },
    );
    // The generators reach the handlers, not only the framing: parse errors, unknown methods and invalid params all occur.
    expect([...codes.keys()]).toEqual(expect.arrayContaining([-32700, -32600, -32601, -32602]));
  }, 240_000);

  it("authenticated: random HTTP methods and headers get 2xx/4xx with a JSON-RPC error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("POST", "GET", "DELETE", "PUT", "PATCH"),
        fc.record(
          {
            contentType: fc.oneof(
              fc.constantFrom("application/json", "text/plain", "application/json; charset=latin1"),
              headerText,
            ),
            accept: fc.oneof(
              fc.constantFrom("application/json, text/event-stream", "application/json", "*/*"),
              headerText,
            ),
            protocol: fc.oneof(fc.constantFrom("2025-06-18", "2025-03-26", "1999-01-01"), headerText),
            session: headerText,
          },
          { requiredKeys: [] },
        ),
        body,
        async (method, h, payload) => {
          const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
          if (h.contentType !== undefined) headers["Content-Type"] = h.contentType;
          if (h.accept !== undefined) headers.Accept = h.accept;
          if (h.protocol !== undefined) headers["MCP-Protocol-Version"] = h.protocol;
          if (h.session !== undefined) headers["Mcp-Session-Id"] = h.session;
          const answer = await send(method, headers, method === "GET" ? undefined : payload);
          expectClear(answer);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  }, 240_000);

  it("unauthenticated: random tokens and bodies are 401 (or 413 when too large), never reading the body", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          headerText,
          fc.string({ maxLength: 43 }).map((s) => `Bearer rq_${s}`),
        ),
        body,
        async (authorization, payload) => {
          const answer = await send(
            "POST",
            {
              Authorization: authorization,
              "Content-Type": "application/json",
              Accept: "application/json, text/event-stream",
            },
            payload,
          );
          expectClear(answer);
          expect([401, 413]).toContain(answer.status);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  }, 120_000);

  it("stays within a bound after a thousand requests, oversized ones included", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });
    const headers = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };
    const before = process.memoryUsage();
    for (let i = 0; i < 1000; i++) {
      const kind = i % 4;
      const answer = await send(
        "POST",
        kind === 3 ? headers : { ...headers, Authorization: `Bearer ${token}` },
        kind === 0 ? big : kind === 1 ? "{ broken" : ping,
      );
      expect(answer.status).toBe([413, 400, 200, 401][kind]);
    }
    const after = process.memoryUsage();
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(256 * 1024 * 1024);
  }, 240_000);
});
