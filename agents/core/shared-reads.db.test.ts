// Read tools' answers shared while the database is unchanged (ADR 0050), against a real database
// (SQLite or PostgreSQL, TEST_DATABASE): one computation while nothing is committed, a new one
// after any commit (this process's or another's), at the clock's end, never for a failure, never
// where the context does not ask for it; every call still has its audit row.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createDb, dataVersionOf, sqliteReaderOf, type Db } from "../db/client";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { whileUnchanged } from "../../tests/support/stable-version";
import { getAgentStatus } from "../findings/tools";
import { getShopOverview } from "../overview/tools";
import { flushQueuedAudits } from "./audit";
import type { ToolContext } from "./context";
import { createRegistry } from "./registry";
import { fail, ok } from "./result";
import { defineTool } from "./tool";
import { nextLocalMidnight } from "./time";

const SHOP = "shared-reads.myshopify.com";
let database: TestDatabase;
let db: Db;
let worker: Db; // another process's client

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  worker = createDb(database.url);
  await db.shop.create({ data: { domain: SHOP, currencyCode: "EUR", ianaTimezone: "Europe/Paris" } });
});

afterAll(async () => {
  for (const client of [db, worker]) {
    dataVersionOf(client)?.close();
    await sqliteReaderOf(client)?.close();
    await client.$disconnect();
  }
  await database.drop();
});

/** A read tool that counts its computations: the shop's alert titles, shared until `until(now)`. */
function countedTool(until: (now: Date) => number = () => Infinity, failing = false) {
  let computed = 0;
  const tool = defineTool({
    name: "test_alert_titles",
    title: "Alert titles",
    description: "Lists the titles of the shop's alerts, for the shared-reads tests; reads the database only.",
    capability: "test",
    input: z.object({ limit: z.number().int().default(10) }),
    output: z.object({ titles: z.array(z.string()) }),
    annotations: { readOnly: true, destructive: false, idempotent: true },
    changesStore: false,
    sharedUntil: (_data, now) => until(now),
    async handler(ctx, input) {
      computed++;
      if (failing) return fail("not_found", "No alerts to list.");
      const alerts = await ctx.db.alert.findMany({
        where: { shop: ctx.shop },
        take: input.limit,
        orderBy: { title: "asc" },
      });
      return ok({ titles: alerts.map((a) => a.title) });
    },
  });
  return { tool, computed: () => computed };
}

/** An MCP caller's context; its read audit rows are queued for a minute so that they commit only when flushed. */
function context(options: { sharedReads?: boolean; now?: () => Date; shop?: string } = {}): ToolContext {
  return {
    shop: options.shop ?? SHOP,
    db,
    admin: { shop: SHOP, graphql: () => Promise.reject(new Error("no Shopify in this test")) },
    logger: pino({ level: "silent" }),
    actor: { kind: "mcp", id: "token-1", scope: "read" },
    auditReads: { queueMs: 60_000 },
    sharedReads: options.sharedReads ?? true,
    now: options.now ?? (() => new Date()),
  };
}

const alert = (title: string) => ({ shop: SHOP, kind: "test", severity: "info", title });
const auditRows = () => db.auditLog.count({ where: { shop: SHOP, action: "tool.test_alert_titles" } });

describe("shared read answers", () => {
  it("computes once while nothing is committed, and still audits every call", async () => {
    const before = await auditRows();
    const { results, computed } = await whileUnchanged(db, async () => {
      const { tool, computed } = countedTool();
      const registry = createRegistry([tool]);
      const ctx = context();
      const results = [
        await registry.call(ctx, tool.name, {}),
        await registry.call(ctx, tool.name, { limit: 10 }), // the same input once defaults are applied
      ];
      return { results, computed: computed() };
    });
    expect(computed).toBe(1);
    expect(results[1]).toBe(results[0]);
    expect(Object.isFrozen(results[0])).toBe(true);
    await flushQueuedAudits();
    expect((await auditRows()) - before).toBeGreaterThanOrEqual(2);
  });

  it("computes again after any commit: another process's new row, then this process's change", async () => {
    const { tool, computed } = countedTool();
    const registry = createRegistry([tool]);
    const ctx = context();
    const titles = async () => {
      const result = await registry.call(ctx, tool.name, {});
      if (!result.ok) throw new Error(result.message);
      return (result.data as { titles: string[] }).titles;
    };
    expect(await titles()).toEqual([]);
    await worker.alert.create({ data: alert("Stockout: Blue mug") });
    expect(await titles()).toEqual(["Stockout: Blue mug"]);
    await db.alert.updateMany({ where: { shop: SHOP }, data: { title: "Stockout: Red mug" } });
    expect(await titles()).toEqual(["Stockout: Red mug"]);
    expect(computed()).toBe(3);
    await db.alert.deleteMany({ where: { shop: SHOP } });
  });

  it("keeps inputs and shops apart", async () => {
    const computed = await whileUnchanged(db, async () => {
      const { tool, computed } = countedTool();
      const registry = createRegistry([tool]);
      await registry.call(context(), tool.name, { limit: 1 });
      await registry.call(context(), tool.name, { limit: 2 });
      await registry.call(context({ shop: "other.myshopify.com" }), tool.name, { limit: 1 });
      await registry.call(context(), tool.name, { limit: 1 });
      return computed();
    });
    expect(computed).toBe(3);
  });

  it("computes again once the clock reaches the answer's end, without any write", async () => {
    const start = Date.now();
    let now = start;
    const computed = await whileUnchanged(db, async () => {
      now = start;
      const { tool, computed } = countedTool((at) => at.getTime() + 1_000);
      const registry = createRegistry([tool]);
      const ctx = context({ now: () => new Date(now) });
      await registry.call(ctx, tool.name, {});
      now = start + 999;
      await registry.call(ctx, tool.name, {});
      const first = computed();
      now = start + 1_000;
      await registry.call(ctx, tool.name, {});
      return [first, computed()];
    });
    expect(computed).toEqual([1, 2]);
  });

  it("never reuses a failure, and shares nothing where the context does not ask for it", async () => {
    const computed = await whileUnchanged(db, async () => {
      const failing = countedTool(() => Infinity, true);
      const plain = countedTool();
      const registry = createRegistry([failing.tool]);
      await registry.call(context(), failing.tool.name, {});
      await registry.call(context(), failing.tool.name, {});
      const unshared = createRegistry([plain.tool]);
      await unshared.call(context({ sharedReads: false }), plain.tool.name, {});
      await unshared.call(context({ sharedReads: false }), plain.tool.name, {});
      return [failing.computed(), plain.computed()];
    });
    expect(computed).toEqual([2, 2]);
  });

  it("get_agent_status shows a run the worker queued since the last call", async () => {
    const registry = createRegistry([getAgentStatus]);
    const ctx = context();
    const agents = async () => {
      const result = await registry.call(ctx, "get_agent_status", {});
      if (!result.ok) throw new Error(result.message);
      return (result.data as { runs: { agent: string; status: string }[] }).runs.map((r) => `${r.agent} ${r.status}`);
    };
    expect(await agents()).toEqual([]);
    const run = await worker.agentRun.create({ data: { shop: SHOP, agent: "store-sync", trigger: "schedule" } });
    expect(await agents()).toEqual(["store-sync queued"]);
    await worker.agentRun.update({ where: { id: run.id }, data: { status: "succeeded", finishedAt: new Date() } });
    expect(await agents()).toEqual(["store-sync succeeded"]);
  });

  it("get_shop_overview's answer holds until the shop's next midnight", async () => {
    const registry = createRegistry([getShopOverview]);
    const ctx = context();
    const result = await registry.run(ctx, getShopOverview, { days: 7 });
    if (!result.ok) throw new Error(result.message);
    const now = new Date("2026-03-28T22:59:00Z"); // 23:59 in Paris, the night before summer time
    expect(getShopOverview.sharedUntil!(result.data, now)).toBe(nextLocalMidnight(now, "Europe/Paris"));
    expect(new Date(getShopOverview.sharedUntil!(result.data, now)).toISOString()).toBe("2026-03-28T23:00:00.000Z");
  });

  it("refuses a shared answer for a tool that writes or has a stored result", () => {
    const base = countedTool().tool;
    expect(() => defineTool({ ...base, annotations: { ...base.annotations, readOnly: false } })).toThrow(
      /share answers/,
    );
    expect(() => defineTool({ ...base, stored: { freshForMs: 60_000 } })).toThrow(/share answers/);
  });
});
