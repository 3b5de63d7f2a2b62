// The MCP adapter in process (InMemoryTransport + the SDK's Client): every registry tool is listed
// and callable, calls share the registry's validation and audit, and the approval path holds.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { writeAnswer } from "../agents/aira/offline/answer";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../agents/core/context";
import type { ToolRegistry } from "../agents/core/registry";
import { toolRegistry } from "../agents/tools";
import { callLimiter, createLimiter, tokenActor, verifyToken } from "./auth";
import { mcpToolContext } from "./context";
import { createMcpServer, renderText, type McpServerOptions } from "./server";
import { rebuildDailySales } from "../agents/analytics/rollups";
import { OTHER_SHOP, registryWithWriteTool, startFixture, TEST_SHOP, type Fixture } from "./testing/fixtures";

let fx: Fixture;
const clients: Client[] = [];

async function connect(actor: Actor, options: McpServerOptions = {}, shop = TEST_SHOP) {
  const server = createMcpServer(() => mcpToolContext(fx.deps, shop, actor), options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "test", version: "1.0.0" });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  clients.push(client);
  return client;
}

const text = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;
const writer: Actor = { kind: "mcp", id: "writer", scope: "write", autoApprove: false };
const reader: Actor = { kind: "mcp", id: "reader", scope: "read" };

beforeAll(async () => {
  fx = await startFixture();
  const now = new Date();
  await fx.db.mirrorOrder.createMany({
    data: [1, 2, 3].map((n) => ({
      shop: TEST_SHOP,
      id: `o${n}`,
      name: `#100${n}`,
      createdAt: new Date(now.getTime() - n * 86_400_000),
      subtotal: 40,
      totalDiscounts: 0,
      totalShipping: 0,
      totalTax: 0,
      total: 50 * n,
      updatedAt: now,
    })),
  });
  // Written straight into the mirror, so its daily rollup is rebuilt as a sync would.
  await rebuildDailySales(fx.db, TEST_SHOP);
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await fx?.close();
});

describe("tools", () => {
  it("lists every registry tool with its schemas and hints, and calls each one without a crash", async () => {
    const client = await connect(writer);
    const { tools, nextCursor } = await client.listTools();
    expect(nextCursor).toBeUndefined();
    expect(tools.map((t) => t.name).sort()).toEqual(
      toolRegistry
        .list()
        .map((t) => t.name)
        .sort(),
    );
    const answered: string[] = [];
    for (const listed of tools) {
      const tool = toolRegistry.get(listed.name)!;
      expect(listed.title).toBe(tool.title);
      expect(listed.inputSchema.type).toBe("object");
      expect(listed.outputSchema?.type).toBe("object");
      expect(listed.annotations).toMatchObject({
        readOnlyHint: tool.annotations.readOnly,
        destructiveHint: tool.annotations.destructive,
        idempotentHint: tool.annotations.idempotent,
      });
      // With no arguments a tool either works (all inputs have defaults) or says what to send;
      // the Client checks structuredContent against the listed outputSchema.
      const result = (await client.callTool({ name: listed.name, arguments: {} })) as CallToolResult;
      if (result.isError) expect(text(result)).toMatch(/What to do: /);
      else {
        answered.push(listed.name);
        expect(result.structuredContent).toBeDefined();
        // First a short human summary (AIRA's answer writer): not JSON, at most six lines.
        const summary = (result.content[0] as { text: string }).text;
        expect(summary.trim().length, listed.name).toBeGreaterThan(0);
        expect(() => JSON.parse(summary), `${listed.name}: ${summary}`).toThrow();
        expect(summary.split("\n").filter((line) => line.trim()).length, summary).toBeLessThanOrEqual(6);
        // Then the JSON for text-only clients. Long results are cut in it (it says so);
        // structuredContent stays complete.
        const json = (result.content[1] as { text: string }).text;
        if (!json.includes("[truncated: showing")) expect(JSON.parse(json)).toEqual(result.structuredContent);
      }
    }
    // A third of the tools answer without arguments (the others said what to send, above): the
    // summaries were really checked, on look-ups, analyses and lists alike.
    expect(answered.length).toBeGreaterThan(tools.length / 3);
  });

  it("get_shop_overview returns the shop's figures as structured content and text", async () => {
    const client = await connect(reader);
    const result = (await client.callTool({ name: "get_shop_overview", arguments: { days: 30 } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      shop: TEST_SHOP,
      synced: { orders: 3 },
      sales: { days: 30, orders: 3, revenue: 300, averageOrderValue: 100 },
    });
    // The summary is AIRA's answer to the same result, word for word.
    const shop = await fx.db.shop.findUnique({ where: { domain: TEST_SHOP } });
    expect(text(result)).toBe(
      writeAnswer(
        "get_shop_overview",
        { days: 30 },
        { ok: true, data: result.structuredContent },
        { currency: shop?.currencyCode },
      ),
    );
    expect(text(result)).toMatch(/300\.00/);
  });

  it("every call is audited by the registry under the client's actor", async () => {
    const client = await connect({ kind: "mcp", id: "audited", scope: "read" });
    await client.callTool({ name: "get_shop_overview", arguments: { days: 7 } });
    await client.callTool({ name: "get_shop_overview", arguments: { days: "seven" } });
    const rows = await fx.db.auditLog.findMany({ where: { actor: "mcp:audited" }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ["tool.get_shop_overview", "ok"],
      ["tool.get_shop_overview", "error"],
    ]);
  });

  it("bad arguments and unknown tools come back as isError results that say what to send", async () => {
    const client = await connect(writer);
    const bad = (await client.callTool({ name: "get_shop_overview", arguments: { days: 0 } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/^invalid_input: days: .*\nWhat to do: Send an object matching: \{ days\??: integer \}/);
    const unknown = (await client.callTool({ name: "drop_database", arguments: {} })) as CallToolResult;
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/No tool named "drop_database"/);
  });

  it("pages tools/list with cursors and rejects a forged cursor", async () => {
    const client = await connect(writer, { pageSize: 1 });
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      expect(page.tools.length).toBeLessThanOrEqual(1);
      names.push(...page.tools.map((t) => t.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names.sort()).toEqual(
      toolRegistry
        .list()
        .map((t) => t.name)
        .sort(),
    );
    await expect(client.listTools({ cursor: "not-a-cursor" })).rejects.toThrow(/Invalid cursor/);
  });

  it("caps the text rendering and says so; structuredContent stays complete", async () => {
    const long = renderText({ items: Array.from({ length: 2_000 }, (_, i) => `item-${i}`) }, 1_000);
    expect(long.length).toBeLessThan(1_300);
    expect(long).toMatch(/truncated: showing 1000 of \d+ characters/);
    const client = await connect(writer, { textLimit: 50 });
    const result = (await client.callTool({ name: "get_shop_overview", arguments: {} })) as CallToolResult;
    // The JSON rendering (after the summary) is cut; structuredContent is not.
    expect((result.content[1] as { text: string }).text).toMatch(/truncated/);
    expect(result.structuredContent).toMatchObject({ shop: TEST_SHOP });
  });
});

describe("store changes keep the approval path", () => {
  let registry: ToolRegistry;
  beforeAll(() => {
    registry = registryWithWriteTool();
  });

  it("a read token is not offered write tools, and calling one is refused before it runs", async () => {
    const client = await connect(reader, { registry });
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain("test_propose_price");
    const v = await fx.variant(0);
    const result = (await client.callTool({
      name: "test_propose_price",
      arguments: { ...v, price: v.price + 1 },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^forbidden: .*read-only[\s\S]*What to do: Ask the merchant for a write token/);
    expect(await fx.db.action.count({ where: { proposedBy: "mcp:reader" } })).toBe(0);
    expect(
      await fx.db.auditLog.findFirst({ where: { actor: "mcp:reader", action: "tool.test_propose_price" } }),
    ).toMatchObject({ outcome: "denied" });
    expect(await fx.priceOf(v.variantId)).toBe(v.price);
  });

  it("a write token's proposal waits for approval; the store is unchanged", async () => {
    const client = await connect(writer, { registry });
    const listed = (await client.listTools()).tools.find((t) => t.name === "test_propose_price");
    expect(listed?.annotations).toMatchObject({ readOnlyHint: false, openWorldHint: true });
    const v = await fx.variant(1);
    const result = (await client.callTool({
      name: "test_propose_price",
      arguments: { ...v, price: 42.5 },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ status: "pending" });
    expect(await fx.priceOf(v.variantId)).toBe(v.price);
  });

  it("an auto-approve write token applies at once (a real token, verified)", async () => {
    const { token } = await fx.token("write", { autoApprove: true });
    const verified = await verifyToken(fx.db, `Bearer ${token}`);
    if (!verified.ok) throw new Error(verified.message);
    const client = await connect(tokenActor(verified.auth), { registry });
    const v = await fx.variant(2);
    const result = (await client.callTool({
      name: "test_propose_price",
      arguments: { ...v, price: 33.33 },
    })) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ status: "applied" });
    expect(await fx.priceOf(v.variantId)).toBe(33.33);
  });

  it("calls over the per-token budget come back as rate_limited errors", async () => {
    const limiter = callLimiter(createLimiter({ points: 2, durationSeconds: 60, keyPrefix: `test-${Date.now()}` }));
    const client = await connect({ kind: "mcp", id: "busy", scope: "read" }, { limiter });
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push((await client.callTool({ name: "get_shop_overview", arguments: {} })) as CallToolResult);
    expect(results.map((r) => Boolean(r.isError))).toEqual([false, false, true]);
    expect(text(results[2])).toMatch(/^rate_limited: .*\nWhat to do: Retry in \d+ s\./);
  });
});

describe("resources and prompts", () => {
  it("shop://summary is the shop's overview, for the client's shop only", async () => {
    const mine = await connect(reader);
    expect((await mine.listResources()).resources.map((r) => r.uri)).toEqual(["shop://summary"]);
    const read = await mine.readResource({ uri: "shop://summary" });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({
      shop: TEST_SHOP,
      synced: { orders: 3 },
    });
    const other = await connect(reader, {}, OTHER_SHOP);
    const theirs = await other.readResource({ uri: "shop://summary" });
    expect(JSON.parse((theirs.contents[0] as { text: string }).text)).toMatchObject({
      shop: OTHER_SHOP,
      synced: { orders: 0 },
    });
  });

  it("the weekly-review prompt names the tools to use and the window", async () => {
    const client = await connect(reader);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain("weekly-review");
    const prompt = await client.getPrompt({ name: "weekly-review", arguments: { days: "14" } });
    const body = (prompt.messages[0].content as { text: string }).text;
    expect(body).toMatch(/last 14 days/);
    expect(body).toMatch(/get_shop_overview with days=14/);
    expect(body).toMatch(/list_pending_actions/);
    await expect(client.getPrompt({ name: "weekly-review", arguments: { days: "a week" } })).rejects.toThrow(
      /number of days/,
    );
  });
});
