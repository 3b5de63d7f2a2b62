// One shared MCP server behind every HTTP request (mcp/multiplex.ts, ADR 0030): concurrent
// requests of different shops that reuse the same JSON-RPC ids each get their own answer, and a
// request the client abandons cancels its handler.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolContext } from "../agents/core/context";
import { serveMcp } from "../tests/support/mcp";
import { contextOf, MultiplexTransport } from "./multiplex";
import { OTHER_SHOP, startFixture, TEST_SHOP, type Fixture } from "./testing/fixtures";

let fx: Fixture;
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  fx = await startFixture();
  const mcp = await serveMcp(fx, { redis: null, mcp: { callLimit: { points: 1e6, durationSeconds: 60 } } });
  base = mcp.base;
  close = mcp.close;
}, 60_000);
afterAll(async () => {
  await close();
  await fx.close();
});

const call = async (token: string, id: number | string) => {
  const res = await fetch(`${base}/mcp`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      Authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: "get_shop_overview", arguments: { days: 7 } },
    }),
  });
  return {
    status: res.status,
    json: (await res.json()) as { id: unknown; result: { structuredContent: { shop: string } } },
  };
};

describe("one server for every request", () => {
  it("concurrent requests of two shops with the same ids get their own shop's answer and their own id", async () => {
    const mine = (await fx.token("read")).token;
    const theirs = (await fx.token("read", { shop: OTHER_SHOP })).token;
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const id = i % 3 === 0 ? "same" : 1; // ids repeat across requests and shops
        return call(i % 2 ? theirs : mine, id).then((answer) => ({ i, id, answer }));
      }),
    );
    for (const { i, id, answer } of answers) {
      expect(answer.status).toBe(200);
      expect(answer.json.id).toBe(id);
      expect(answer.json.result.structuredContent.shop).toBe(i % 2 ? OTHER_SHOP : TEST_SHOP);
    }
  });

  it("an abandoned request's handler is cancelled (its signal aborts); answers to it go nowhere", async () => {
    const multiplex = new MultiplexTransport();
    const server = new Server({ name: "t", version: "1" }, { capabilities: { tools: {} } });
    let aborted: (value: string) => void;
    const abortedFor = new Promise<string>((resolve) => (aborted = resolve));
    server.setRequestHandler(CallToolRequestSchema, async (_request, extra) => {
      const shop = contextOf(extra)!.shop;
      if (!extra.signal.aborted) await new Promise((resolve) => extra.signal.addEventListener("abort", resolve));
      aborted(shop);
      return { content: [] };
    });
    await server.connect(multiplex);
    const sent: JSONRPCMessage[] = [];
    const request = { send: async (message: JSONRPCMessage) => void sent.push(message) } as never as Parameters<
      MultiplexTransport["attach"]
    >[0];
    const detach = multiplex.attach(request, { shop: TEST_SHOP, actor: { kind: "mcp", id: "t" } } as ToolContext);
    request.onmessage!({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "slow", arguments: {} } });
    detach(); // the client closed the request
    expect(await abortedFor).toBe(TEST_SHOP);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([]);
    await server.close();
  });
});
