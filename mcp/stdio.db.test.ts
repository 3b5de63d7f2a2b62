// mcp/stdio.ts as a client starts it: a child process speaking MCP on stdin/stdout.
import { execFile, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_TOKEN } from "@royal-equips/emulator/testing";
import { repoRoot } from "../tests/support/database";
import { revokeToken } from "./auth";
import { EnvError } from "../config/env.server";
import { createAgentRegistry, noopAgent } from "../agents/runtime/agents";
import { silentLogger } from "../agents/runtime/testing/support";
import { createWorkers } from "../agents/runtime/worker";
import { startTestRedis } from "../tests/support/redis";
import { stdioConfig } from "./stdio";
import { startFixture, TEST_SHOP, type Fixture } from "./testing/fixtures";

const node = path.join(repoRoot, "node_modules/.bin/node");
let fx: Fixture;
let env: Record<string, string>;
const clients: Client[] = [];

async function start(args: string[], extraEnv: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: node,
    args: ["--import", "tsx", "mcp/stdio.ts", ...args],
    cwd: repoRoot,
    env: { ...env, ...extraEnv },
    stderr: "pipe",
  });
  const client = new Client({ name: "stdio-test", version: "1.0.0" });
  await client.connect(transport);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  fx = await startFixture();
  env = {
    PATH: process.env.PATH ?? "",
    DATABASE_URL: fx.database.url,
    LOCAL_MODE: "true",
    EMULATOR_URL: fx.emulator.url,
    EMULATOR_ACCESS_TOKEN: TEST_TOKEN,
    LOG_LEVEL: "silent",
  };
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await fx?.close();
});

describe("stdio server", () => {
  // An independent client: the MCP Inspector's CLI (a devDependency) starts the stdio server itself.
  // (Its 0.15 CLI cannot send an Authorization header, so over HTTP the AI SDK client stands in.)
  it("the MCP Inspector CLI lists the tools and calls one", async () => {
    const { token } = await fx.token("read");
    const inspector = path.join(repoRoot, "node_modules/@modelcontextprotocol/inspector-cli/build/index.js");
    const run = async (args: string[]) => {
      const { stdout } = await promisify(execFile)(
        node,
        [inspector, node, ...args, "--", "--import", "tsx", "mcp/stdio.ts"],
        {
          cwd: repoRoot,
          env: { ...process.env, ...env, ROYAL_MCP_TOKEN: token },
          timeout: 60_000,
        },
      );
      return JSON.parse(stdout.slice(stdout.indexOf("{")));
    };
    const listed = await run(["--method", "tools/list"]);
    expect(listed.tools.map((t: { name: string }) => t.name)).toContain("get_shop_overview");
    const called = await run(["--method", "tools/call", "--tool-name", "get_shop_overview", "--tool-arg", "days=30"]);
    expect(called.isError).toBeFalsy();
    expect(called.structuredContent).toMatchObject({ shop: TEST_SHOP });
  });

  it("with ROYAL_MCP_TOKEN serves the token's shop", async () => {
    const { token, id } = await fx.token("read");
    const client = await start([], { ROYAL_MCP_TOKEN: token });
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("get_shop_overview");
    const result = (await client.callTool({ name: "get_shop_overview", arguments: { days: 7 } })) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ shop: TEST_SHOP });
    expect(
      await fx.db.auditLog.findFirst({ where: { actor: `mcp:${id}`, action: "tool.get_shop_overview" } }),
    ).toMatchObject({ outcome: "ok" });
  });

  it("with --shop is read-only unless --write, and audited as mcp:stdio", async () => {
    const client = await start(["--shop", TEST_SHOP]);
    const tools = (await client.listTools()).tools;
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
    await client.callTool({ name: "list_pending_actions", arguments: {} });
    expect(
      await fx.db.auditLog.findFirst({ where: { actor: "mcp:stdio", action: "tool.list_pending_actions" } }),
    ).toMatchObject({ outcome: "ok" });
  });

  it("run_agent queues a run for the app's worker through Redis and follows it to its end", async () => {
    // A private Redis: the worker below uses the app's own queue names.
    const redis = await startTestRedis({ own: true });
    const options = { redisUrl: redis.url, db: fx.db, logger: silentLogger, agents: createAgentRegistry([noopAgent]) };
    const workers = createWorkers(options);
    try {
      await workers.ready();
      const client = await start(["--shop", TEST_SHOP, "--write"], { REDIS_URL: redis.url });
      // What the server sent, in order, read at the transport: the SDK's client runs a progress
      // handler a microtask after the message but a response at once, so a last progress
      // notification that arrives in the same chunk as the result is dropped on the client's side.
      const sent: string[] = [];
      const transport = client.transport!;
      const deliver = transport.onmessage!;
      transport.onmessage = (message, extra) => {
        if ("method" in message && message.method === "notifications/progress")
          sent.push(`progress ${String(message.params?.progress)}`);
        else if ("id" in message) sent.push("result");
        deliver(message, extra);
      };
      const result = (await client.callTool(
        { name: "run_agent", arguments: { agent: "noop", waitSeconds: 30 } },
        undefined,
        { onprogress: () => undefined },
      )) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ agent: "noop", status: "succeeded", deduplicated: false });
      // The run's end is reported (100 %) before the result.
      expect(sent.slice(-2)).toEqual(["progress 100", "result"]);
      const runId = String(result.structuredContent?.runId);
      expect(await fx.db.agentRun.findUnique({ where: { id: runId } })).toMatchObject({
        shop: TEST_SHOP,
        trigger: "mcp:stdio",
        status: "succeeded",
      });
      const run = (await client.callTool({ name: "get_agent_run", arguments: { runId } })) as CallToolResult;
      expect(run.structuredContent).toMatchObject({ runId, status: "succeeded" });
    } finally {
      await workers.close();
      await redis.stop();
    }
  });

  it("run_agent without Redis says so at once and queues nothing", async () => {
    const client = await start(["--shop", TEST_SHOP, "--write"], { REDIS_URL: "redis://127.0.0.1:1" });
    const before = await fx.db.agentRun.count();
    const started = Date.now();
    const result = (await client.callTool({ name: "run_agent", arguments: { agent: "noop" } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/run_agent failed: .*Redis/i);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await fx.db.agentRun.count()).toBe(before);
  });

  it("bad input on stdin gets well-formed JSON-RPC errors, and the server keeps serving", async () => {
    const child = spawn(node, ["--import", "tsx", "mcp/stdio.ts", "--shop", TEST_SHOP], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "ignore"],
    });
    const lines = createInterface({ input: child.stdout! });
    const answers: { id?: unknown; result?: unknown; error?: { code: number; message: string } }[] = [];
    const waiting: (() => void)[] = [];
    lines.on("line", (line) => {
      answers.push(JSON.parse(line));
      waiting.splice(0).forEach((wake) => wake());
    });
    const next = async () => {
      while (answers.length === 0) await new Promise<void>((wake) => waiting.push(wake));
      return answers.shift()!;
    };
    const send = (line: string) => child.stdin!.write(`${line}\n`);
    try {
      send(
        JSON.stringify({
          jsonrpc: "2.0",
          id: 0,
          method: "initialize",
          params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
        }),
      );
      expect(await next()).toMatchObject({ id: 0, result: { serverInfo: { name: "royal-equips" } } });
      send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
      send("{ this is not json");
      expect(await next()).toMatchObject({ id: null, error: { code: -32700 } });
      send(JSON.stringify({ hello: "world" }));
      expect(await next()).toMatchObject({ id: null, error: { code: -32600 } });
      send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: 42, arguments: "x" } }));
      expect(await next()).toMatchObject({ id: 1, error: { code: -32602, message: expect.stringMatching(/name/) } });
      send(
        JSON.stringify({
          jsonrpc: "2.0",
          id: 2,
          method: "tools/call",
          params: { name: "get_shop_overview", arguments: { days: "many" } },
        }),
      );
      expect(await next()).toMatchObject({ id: 2, result: { isError: true } });
      send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "no/such/method" }));
      expect(await next()).toMatchObject({ id: 3, error: { code: -32601 } });
      send(`"${"x".repeat(2 * 1024 * 1024)}`); // 2 MB, unterminated string
      expect(await next()).toMatchObject({ id: null, error: { code: -32700 } });
      send(
        JSON.stringify({
          jsonrpc: "2.0",
          id: 4,
          method: "tools/call",
          params: { name: "get_shop_overview", arguments: { days: 7 } },
        }),
      );
      expect(await next()).toMatchObject({ id: 4, result: { structuredContent: { shop: TEST_SHOP } } });
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  });

  it("a revoked token stops the process with the reason", async () => {
    const { token, id } = await fx.token("read");
    await revokeToken(fx.db, TEST_SHOP, { kind: "merchant", id: "owner" }, id);
    const run = promisify(execFile)(node, ["--import", "tsx", "mcp/stdio.ts"], {
      cwd: repoRoot,
      env: { ...process.env, ...env, ROYAL_MCP_TOKEN: token },
      timeout: 30_000,
    });
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/ROYAL_MCP_TOKEN: This access token was revoked/),
    });
  });

  it("explains what to pass when the command line is wrong", () => {
    expect(() => stdioConfig([], {})).toThrow(/Set ROYAL_MCP_TOKEN .* or pass --shop/);
    expect(() => stdioConfig(["--shop", "a.myshopify.com"], { ROYAL_MCP_TOKEN: "rq_x" })).toThrow(
      /either ROYAL_MCP_TOKEN or --shop/,
    );
    expect(() => stdioConfig(["--shop", "my store"], {})).toThrow(/--shop must be a <name>.myshopify.com domain/);
    expect(() => stdioConfig(["--write"], { ROYAL_MCP_TOKEN: "rq_x" })).toThrow(/--write is for --shop/);
    expect(() => stdioConfig(["--shp", "x"], {})).toThrow(/Usage: /);
    const realShop = {
      SHOPIFY_API_KEY: "k",
      SHOPIFY_API_SECRET: "s",
      SHOPIFY_APP_URL: "https://app.example.com",
      SCOPES: "read_products",
      APP_SECRET: "x".repeat(32),
      TOKEN_ENCRYPTION_KEY: "0".repeat(64),
    };
    expect(stdioConfig(["--shop", "a.myshopify.com", "--write"], realShop)).toMatchObject({
      shop: "a.myshopify.com",
      write: true,
      local: null,
      app: { apiKey: "k", apiSecret: "s" },
    });
  });

  it("validates the environment like the web app and the worker, naming each problem", () => {
    expect(() => stdioConfig(["--shop", "a.myshopify.com"], { SHOPIFY_API_KEY: "k" })).toThrow(EnvError);
    expect(() => stdioConfig(["--shop", "a.myshopify.com"], { SHOPIFY_API_KEY: "k" })).toThrow(
      /SHOPIFY_API_SECRET is required[\s\S]*APP_SECRET must be at least 32 characters/,
    );
    expect(() => stdioConfig(["--shop", "a.myshopify.com"], { DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL must start with "file:"/,
    );
    expect(stdioConfig(["--shop", "a.myshopify.com"], { LOG_LEVEL: "warn" })).toMatchObject({
      logLevel: "warn",
      local: { emulatorUrl: "http://127.0.0.1:4010" },
    });
  });
});
