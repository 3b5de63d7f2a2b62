// /mcp over real HTTP, mounted in the app's own Express server (server/http.ts), with real SQLite,
// Redis and the emulator: tokens, shop isolation, protocol errors, DNS-rebinding checks, and
// external clients (the SDK's, the AI SDK's, and the MCP Inspector CLI when installed).
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createMCPClient } from "@ai-sdk/mcp";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createRedis, type Redis } from "../agents/infra/redis";
import { createHttpApp } from "../server/http";
import { startTestRedis, type TestRedis } from "../tests/support/redis";
import { revokeToken } from "./auth";
import { mountMcp, mountMcpFromConfig, type McpHttpOptions } from "./http";
import { TEST_TOKEN } from "@royal-equips/emulator/testing";
import { rebuildDailySales } from "../agents/analytics/rollups";
import { OTHER_SHOP, registryWithWriteTool, startFixture, TEST_SHOP, type Fixture } from "./testing/fixtures";

let fx: Fixture;
let testRedis: TestRedis;
let redis: Redis;
const servers: Server[] = [];
const closers: (() => Promise<unknown>)[] = [];
let base: string;
const runId = `test-${process.pid}-${Date.now()}`;

async function serve(options: Partial<McpHttpOptions> = {}, trustProxyHops = 0) {
  const app = createHttpApp({
    trustProxyHops,
    db: fx.db,
    redis,
    logger: fx.deps.logger,
    appHandler: (_req, res) => void res.status(404).send("no app in this test"),
    extraRoutes: mountMcp({
      ...fx.deps,
      redis,
      registry: registryWithWriteTool(),
      limiterPrefix: `${runId}-${servers.length}`,
      ...options,
    }),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function sdkClient(token: string, url = base) {
  const client = new Client({ name: "http-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  closers.push(() => client.close());
  return client;
}

/** One raw JSON-RPC POST, as any client would send it. */
async function post(body: string | object, headers: Record<string, string> = {}, url = base) {
  const response = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : null };
}

/** fetch may not set Host; node:http can, as a rebinding browser page effectively does. */
function postWithHost(
  host: string,
  body: object,
  headers: Record<string, string>,
  server = base,
): Promise<{ status: number; json: { error: { message: string } } }> {
  const url = new URL(`${server}/mcp`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          ...headers,
          Host: host,
        },
      },
      (res) => {
        let data = "";
        res.on("data", (chunk) => (data += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(data) }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const callOverview = (id = 1) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name: "get_shop_overview", arguments: { days: 30 } },
});
const text = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;

beforeAll(async () => {
  [fx, testRedis] = await Promise.all([startFixture(), startTestRedis()]);
  redis = createRedis(testRedis.url, { name: "mcp-test" });
  redis.on("error", () => {});
  await new Promise((resolve) => redis.once("ready", resolve));
  await fx.db.mirrorOrder.create({
    data: {
      shop: TEST_SHOP,
      id: "o1",
      name: "#1001",
      // Yesterday: "the last 30 days" are the complete days before today.
      createdAt: new Date(Date.now() - 86_400_000),
      subtotal: 80,
      totalDiscounts: 0,
      totalShipping: 0,
      totalTax: 0,
      total: 80,
      updatedAt: new Date(),
    },
  });
  await rebuildDailySales(fx.db, TEST_SHOP);
  base = await serve();
});

afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  // Servers stop (and their last requests end) before the database goes away.
  await Promise.all(
    servers.map((server) => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      return closed;
    }),
  );
  redis?.disconnect();
  await testRedis?.stop();
  await fx?.close();
});

describe("tokens", () => {
  it("a valid token lists the tools and calls one for its shop", async () => {
    const { token } = await fx.token("read");
    const client = await sdkClient(token);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("get_shop_overview");
    const result = (await client.callTool({ name: "get_shop_overview", arguments: { days: 30 } })) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ shop: TEST_SHOP, synced: { orders: 1 }, sales: { revenue: 80 } });
  });

  it("no token, a malformed one or an unknown one: 401 with a Bearer challenge and what to do", async () => {
    const missing = await post(callOverview());
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="royal-equips-mcp"');
    expect(missing.json).toMatchObject({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32001, message: expect.stringMatching(/Authorization: Bearer rq_/) },
    });
    const malformed = await post(callOverview(), { Authorization: "Bearer hunter2" });
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    const unknown = await post(callOverview(), { Authorization: `Bearer rq_${"A".repeat(43)}` });
    expect(unknown.json.error.message).toMatch(/not valid/);
  });

  it("a revoked token is refused from the next request on", async () => {
    const { token, id } = await fx.token("write");
    expect((await post(callOverview(), { Authorization: `Bearer ${token}` })).status).toBe(200);
    await revokeToken(fx.db, TEST_SHOP, { kind: "merchant", id: "owner" }, id);
    const refused = await post(callOverview(), { Authorization: `Bearer ${token}` });
    expect(refused.status).toBe(401);
    expect(refused.json.error.message).toMatch(/revoked/);
    expect(
      await fx.db.auditLog.findFirst({ where: { shop: TEST_SHOP, action: "mcp.auth", actor: `mcp:${id}` } }),
    ).toMatchObject({ outcome: "denied" });
  });

  it("another shop's token sees only its own shop, whatever the request says", async () => {
    await fx.db.action.create({
      data: {
        shop: TEST_SHOP,
        kind: "price.update",
        tool: "test",
        summary: "not yours",
        before: {},
        after: {},
        proposedBy: "merchant:owner",
      },
    });
    const { token } = await fx.token("read", { shop: OTHER_SHOP });
    const res = await post(callOverview(), { Authorization: `Bearer ${token}`, "X-Shopify-Shop-Domain": TEST_SHOP });
    expect(res.json.result.structuredContent).toMatchObject({ shop: OTHER_SHOP, synced: { orders: 0 } });
    const pending = await post(
      {
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "list_pending_actions", arguments: {}, shop: TEST_SHOP },
      },
      { Authorization: `Bearer ${token}` },
    );
    expect(pending.json.result.structuredContent.actions).toEqual([]);
  });

  it("a read token calling a write tool is refused; a write token's call makes a pending action", async () => {
    const v = await fx.variant(3);
    const call = {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "test_propose_price", arguments: { ...v, price: 19.99 } },
    };
    const read = await fx.token("read");
    const refused = await post(call, { Authorization: `Bearer ${read.token}` });
    expect(refused.json.result.isError).toBe(true);
    expect(text(refused.json.result)).toMatch(/^forbidden: .*read-only/);
    const write = await fx.token("write");
    const proposed = await post(call, { Authorization: `Bearer ${write.token}` });
    expect(proposed.json.result.structuredContent).toMatchObject({ status: "pending" });
    expect(await fx.priceOf(v.variantId)).toBe(v.price);
  });
});

describe("shared read answers (ADR 0050)", () => {
  it("a read answered from a shared answer is never older than the last write: a new order, a run's progress", async () => {
    const { token } = await fx.token("read");
    const client = await sdkClient(token);
    const call = async (name: string, args: Record<string, unknown>) =>
      ((await client.callTool({ name, arguments: args })) as CallToolResult).structuredContent as Record<
        string,
        unknown
      >;
    const orders = async () => ((await call("get_shop_overview", { days: 30 })).synced as { orders: number }).orders;
    const before = await orders();
    expect(await orders()).toBe(before);
    await fx.db.mirrorOrder.create({
      data: {
        shop: TEST_SHOP,
        id: "o-shared",
        name: "#1002",
        createdAt: new Date(Date.now() - 86_400_000),
        subtotal: 20,
        totalDiscounts: 0,
        totalShipping: 0,
        totalTax: 0,
        total: 20,
        updatedAt: new Date(),
      },
    });
    await rebuildDailySales(fx.db, TEST_SHOP); // orders are counted from the rollup, as a sync leaves it
    expect(await orders()).toBe(before + 1);
    await fx.db.mirrorOrder.delete({ where: { shop_id: { shop: TEST_SHOP, id: "o-shared" } } });
    await rebuildDailySales(fx.db, TEST_SHOP);
    expect(await orders()).toBe(before);

    const status = async () =>
      ((await call("get_agent_status", { agent: "marketing-campaigns" })).runs as { status: string }[]).map(
        (run) => run.status,
      );
    expect(await status()).toEqual([]);
    const run = await fx.db.agentRun.create({
      data: { shop: TEST_SHOP, agent: "marketing-campaigns", trigger: "mcp" },
    });
    expect(await status()).toEqual(["queued"]);
    await fx.db.agentRun.update({ where: { id: run.id }, data: { status: "running" } });
    expect(await status()).toEqual(["running"]);
    await fx.db.agentRun.delete({ where: { id: run.id } });
  });
});

describe("plain requests answered without the SDK's Node-to-web conversion (ADR 0050)", () => {
  it("answer as the SDK's transport does; batches, progress and odd headers still go through it", async () => {
    const { token } = await fx.token("read");
    const auth = { Authorization: `Bearer ${token}` };
    const viaSdk = vi.spyOn(StreamableHTTPServerTransport.prototype, "handleRequest");
    try {
      for (const message of [
        { jsonrpc: "2.0", id: "a-string-id", method: "ping" },
        { ...callOverview(7), params: { name: "get_shop_overview", arguments: { days: 30 } } },
        { jsonrpc: "2.0", id: 8, method: "tools/call", params: { name: "no_such_tool", arguments: {} } },
        {
          jsonrpc: "2.0",
          id: 9,
          method: "tools/call",
          params: { name: "get_shop_overview", arguments: { days: "x" } },
        },
      ]) {
        viaSdk.mockClear();
        const direct = await post(message, auth);
        expect(viaSdk).not.toHaveBeenCalled();
        // A batch of one goes through the SDK's transport, which answers it as a single response.
        const sdk = await post([message], auth);
        expect(viaSdk).toHaveBeenCalledTimes(1);
        expect(direct.status).toBe(sdk.status);
        expect(direct.headers.get("content-type")).toBe(sdk.headers.get("content-type"));
        expect(direct.json).toEqual(sdk.json);
        expect(direct.json.id).toBe(message.id);
      }
      viaSdk.mockClear();
      const unsupported = await post(
        { jsonrpc: "2.0", id: 1, method: "ping" },
        { ...auth, "Mcp-Protocol-Version": "1999-01-01" },
      );
      expect(unsupported.status).toBe(400);
      const notAcceptable = await post(
        { jsonrpc: "2.0", id: 1, method: "ping" },
        { ...auth, Accept: "application/json" },
      );
      expect(notAcceptable.status).toBe(406);
      const textBody = await post(
        { jsonrpc: "2.0", id: 1, method: "ping" },
        { ...auth, "Content-Type": "text/plain; a=application/json" },
      );
      expect(textBody.status).toBe(415);
      expect(viaSdk).toHaveBeenCalledTimes(3);
    } finally {
      viaSdk.mockRestore();
    }
  });
});

describe("protocol errors never crash the server", () => {
  let auth: Record<string, string>;
  beforeAll(async () => {
    auth = { Authorization: `Bearer ${(await fx.token("read")).token}` };
  });

  it("malformed JSON, a non-JSON-RPC body, an unknown method: JSON-RPC errors", async () => {
    const parse = await post("{ not json", auth);
    expect(parse.status).toBe(400);
    expect(parse.json.error.code).toBe(-32700);
    const invalid = await post({ hello: "world" }, auth);
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.code).toBeLessThan(-32000);
    const method = await post({ jsonrpc: "2.0", id: 9, method: "tools/destroy", params: {} }, auth);
    expect(method.json.error.code).toBe(-32601);
    expect((await post(callOverview(), auth)).json.result.structuredContent.shop).toBe(TEST_SHOP);
  });

  it("bad arguments come back as isError results with the registry's hint", async () => {
    const res = await post(
      {
        jsonrpc: "2.0",
        id: 4,
        method: "tools/call",
        params: { name: "get_shop_overview", arguments: { days: "lots" } },
      },
      auth,
    );
    expect(res.status).toBe(200);
    expect(res.json.result.isError).toBe(true);
    expect(text(res.json.result)).toMatch(/invalid_input: days: .*\nWhat to do: Send an object matching/);
  });

  it("GET and DELETE are 405 (stateless: no stream, no session)", async () => {
    for (const method of ["GET", "DELETE"]) {
      const res = await fetch(`${base}/mcp`, { method, headers: { ...auth, Accept: "text/event-stream" } });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
    }
  });
});

describe("DNS rebinding", () => {
  it("refuses a foreign Host or Origin before looking at the token", async () => {
    const { token } = await fx.token("read");
    const auth = { Authorization: `Bearer ${token}` };
    const host = await postWithHost("attacker.example", callOverview(), auth);
    expect(host.status).toBe(403);
    expect(host.json.error.message).toMatch(/Host "attacker.example"/);
    const origin = await post(callOverview(), { ...auth, Origin: "https://attacker.example" });
    expect(origin.status).toBe(403);
    expect((await post(callOverview(), { ...auth, Origin: "http://localhost:3000" })).status).toBe(200);
  });

  it("accepts the app URL's host", async () => {
    const url = await serve({ appUrl: "https://royal.example.com" });
    const { token } = await fx.token("read");
    const auth = { Authorization: `Bearer ${token}` };
    expect((await postWithHost("royal.example.com", callOverview(), auth)).status).toBe(403); // the default server: loopback only
    expect((await postWithHost("royal.example.com", callOverview(), auth, url)).status).toBe(200);
    expect((await postWithHost(`127.0.0.1:${new URL(url).port}`, callOverview(), auth, url)).status).toBe(200);
  });
});

describe("repeated failed sign-ins", () => {
  const guessed = (i: number) => ({ Authorization: `Bearer rq_${String(i % 10).repeat(43)}` });

  it("raise one Alert per source and hour; the source's failures are then refused, its valid tokens are not", async () => {
    const url = await serve({ authFailureThreshold: 3 });
    for (let i = 0; i < 3; i++) expect((await post(callOverview(), guessed(i), url)).status).toBe(401);
    const alerts = await fx.db.alert.findMany({ where: { kind: "mcp_auth_failures" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0].dedupeKey).toMatch(/^mcp_auth_failures:.*127\.0\.0\.1:\d{4}-\d\d-\d\dT\d\d$/);
    const blocked = await post(callOverview(), guessed(7), url);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // A valid token proves itself: the address's failures never lock it out.
    const { token } = await fx.token("read");
    const served = await post(callOverview(), { Authorization: `Bearer ${token}` }, url);
    expect(served.status).toBe(200);
    expect(served.json.result.structuredContent.shop).toBe(TEST_SHOP);
    expect(await fx.db.alert.count({ where: { kind: "mcp_auth_failures" } })).toBe(1);
    // Refused attempts past the threshold add no audit rows (a flood cannot fill the log).
    const rows = await fx.db.auditLog.count({ where: { action: "mcp.auth" } });
    await post(callOverview(), guessed(8), url);
    expect(await fx.db.auditLog.count({ where: { action: "mcp.auth" } })).toBe(rows);
  });

  it("behind a proxy, X-Forwarded-For can neither escape the count nor aim it at someone else", async () => {
    // One trusted hop: the proxy appends the address it saw; whatever the client wrote is to its left.
    const url = await serve({ authFailureThreshold: 3, limiterPrefix: `${runId}-xff` }, 1);
    const attacker = "203.0.113.66";
    const victim = "198.51.100.7";
    for (let i = 0; i < 5; i++) {
      // Rotating the left-most entry, and writing the victim's address there.
      const spoofed = i % 2 ? victim : `192.0.2.${i}`;
      const res = await post(callOverview(), { ...guessed(i), "X-Forwarded-For": `${spoofed}, ${attacker}` }, url);
      expect(res.status).toBe(i < 3 ? 401 : 429);
    }
    const alert = await fx.db.alert.findFirstOrThrow({
      where: { kind: "mcp_auth_failures", dedupeKey: { startsWith: `mcp_auth_failures:${attacker}:` } },
    });
    expect(alert.details).toMatchObject({ source: attacker });
    // The victim, through the same proxy, is not refused: its failed sign-in is a plain 401.
    const own = await post(callOverview(), { ...guessed(1), "X-Forwarded-For": victim }, url);
    expect(own.status).toBe(401);
    expect(await fx.db.alert.count({ where: { dedupeKey: { startsWith: `mcp_auth_failures:${victim}:` } } })).toBe(0);
  });

  it("a revoked token is counted as a token too: refused from every address past the threshold", async () => {
    const url = await serve({ authFailureThreshold: 2, limiterPrefix: `${runId}-tok` }, 1);
    const { token, id } = await fx.token("read");
    await revokeToken(fx.db, TEST_SHOP, { kind: "merchant", id: "owner" }, id);
    const from = (address: string) =>
      post(callOverview(), { Authorization: `Bearer ${token}`, "X-Forwarded-For": address }, url);
    expect((await from("192.0.2.10")).status).toBe(401);
    expect((await from("192.0.2.11")).status).toBe(401);
    expect((await from("192.0.2.12")).status).toBe(429);
    expect(
      await fx.db.alert.count({
        where: { shop: TEST_SHOP, dedupeKey: { startsWith: `mcp_auth_failures:token:${id}:` } },
      }),
    ).toBe(1);
  });
});

describe("bounded input and JSON-RPC errors", () => {
  let auth: Record<string, string>;
  beforeAll(async () => {
    auth = { Authorization: `Bearer ${(await fx.token("read")).token}` };
  });

  it("a declared body over the cap is refused before the token is looked at", async () => {
    const url = await serve({ maxBodyBytes: 1024 });
    const audited = () => fx.db.auditLog.count({ where: { action: "mcp.auth" } });
    const before = await audited();
    const res = await post({ jsonrpc: "2.0", id: 1, method: "ping", pad: "x".repeat(2000) }, {}, url);
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: -32600, message: "Request too large: at most 1024 bytes." });
    expect(await audited()).toBe(before);
  });

  it("a streamed body (no Content-Length) is cut at the cap", async () => {
    const url = await serve({ maxBodyBytes: 1024 });
    const chunks = [
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: {} }).slice(0, -1),
      `, "pad": "${"x".repeat(4096)}"}`,
    ];
    const body = new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const res = await fetch(`${url}/mcp`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...auth },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("invalid params are -32602 naming the field, not -32603 with a validation dump", async () => {
    const res = await post({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: 42 } }, auth);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: 5, error: { code: -32602 } });
    expect(res.json.error.message).toMatch(/Invalid params for tools\/call: params\.name: /);
    expect(res.json.error.message).not.toMatch(/[[{]/);
    const list = await post({ jsonrpc: "2.0", id: 6, method: "tools/list", params: { cursor: 7 } }, auth);
    expect(list.json.error.code).toBe(-32602);
  });

  it("an empty batch is an Invalid Request (-32600), not a silent 202", async () => {
    const res = await post([], auth);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32600 } });
  });
});

describe("local mode's Admin client", () => {
  it("another shop's token (even auto-approve) cannot reach the local store: WRONG_SHOP", async () => {
    const app = createHttpApp({
      db: fx.db,
      redis,
      logger: fx.deps.logger,
      extraRoutes: mountMcpFromConfig({
        db: fx.db,
        redis,
        logger: fx.deps.logger,
        config: {
          localMode: true,
          LOCAL_SHOP: TEST_SHOP,
          HOST: "127.0.0.1",
          EMULATOR_URL: fx.emulator.url,
          EMULATOR_ACCESS_TOKEN: TEST_TOKEN,
          appSecret: "test-app-secret",
        },
      }),
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const risk = {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "score_order_risk", arguments: { orderName: "#1001" } },
    };
    const other = await fx.token("write", { shop: OTHER_SHOP, autoApprove: true });
    const refused = await post(risk, { Authorization: `Bearer ${other.token}` }, url);
    expect(refused.json.result.isError).toBe(true);
    expect(text(refused.json.result)).toMatch(
      /Local mode serves only royal-equips-dev\.myshopify\.com, not other-store\.myshopify\.com/,
    );
    // The local shop's own token reaches its store through the same endpoint.
    const own = await fx.token("read");
    const served = await post(risk, { Authorization: `Bearer ${own.token}` }, url);
    expect(text(served.json.result)).not.toMatch(/Local mode serves only/);
  });
});

describe("external clients", () => {
  it("the AI SDK's MCP client lists the tools and calls one", async () => {
    const { token } = await fx.token("read");
    const client = await createMCPClient({
      transport: { type: "http", url: `${base}/mcp`, headers: { Authorization: `Bearer ${token}` } },
    });
    closers.push(() => client.close());
    const tools = await client.tools();
    expect(Object.keys(tools)).toContain("get_shop_overview");
    const result = await client.callTool({ name: "get_shop_overview", arguments: { days: 30 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ shop: TEST_SHOP });
  });
});
