// The registry's typed call, run(ctx, tool, input): the tool's own output type on success, the same
// validation and audit as call() for bad input, and a definition from another registry refused.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import type { AdminClient } from "../shopify/admin-client";
import type { ToolContext } from "./context";
import { createRegistry, type ToolInput, type ToolOutput } from "./registry";
import { ok, type ToolResult } from "./result";
import { defineTool } from "./tool";

const SHOP = "registry-run.myshopify.com";
let database: TestDatabase;
let db: Db;

const describeOrder = defineTool({
  name: "describe_order",
  title: "Describe an order",
  description: "Test tool: names an order and doubles its quantity, so the typed call has something to type.",
  capability: "test",
  input: z.object({ order: z.string().min(1), quantity: z.number().int().default(1) }),
  output: z.object({ label: z.string(), doubled: z.number() }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  handler: async (_ctx, input) => ok({ label: `Order ${input.order}`, doubled: input.quantity * 2 }),
});
// Same name, another definition: not the one the registry holds.
const impostor = defineTool({ ...describeOrder });
const registry = createRegistry([describeOrder]);

function context(actor: ToolContext["actor"] = { kind: "aira", id: "conv-1" }): ToolContext {
  return {
    shop: SHOP,
    db,
    admin: {} as AdminClient,
    logger: pino({ level: "silent" }),
    actor,
    now: () => new Date("2026-11-01T00:00:00Z"),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("toolRegistry.run", () => {
  it("returns the tool's output, typed, and audits the call like call() does", async () => {
    const result = await registry.run(context(), describeOrder, { order: "#1001", quantity: 3 });
    expectTypeOf(result).toEqualTypeOf<ToolResult<{ label: string; doubled: number }>>();
    expectTypeOf<ToolInput<typeof describeOrder>>().toEqualTypeOf<{ order: string; quantity?: number }>();
    expectTypeOf<ToolOutput<typeof describeOrder>>().toEqualTypeOf<{ label: string; doubled: number }>();
    expect(result).toEqual({ ok: true, data: { label: "Order #1001", doubled: 6 } });
    const rows = await db.auditLog.findMany({ where: { shop: SHOP, action: "tool.describe_order" } });
    expect(rows).toEqual([expect.objectContaining({ actor: "aira:conv-1", outcome: "ok" })]);
  });

  it("does not audit the merchant's own pages reading (a view is not an event), only their failures", async () => {
    const merchant = context({ kind: "merchant", id: "owner" });
    const count = () => db.auditLog.count({ where: { shop: SHOP, actor: "merchant:owner" } });
    const before = await count();
    expect(await registry.run(merchant, describeOrder, { order: "#1002" })).toMatchObject({ ok: true });
    expect(await count()).toBe(before);
    expect(await registry.run(merchant, describeOrder, { order: "" })).toMatchObject({ ok: false });
    expect(await count()).toBe(before + 1);
  });

  it("throws for a definition the registry does not hold, even under a registered name", async () => {
    await expect(registry.run(context(), impostor, { order: "#1001" })).rejects.toThrow(
      "Tool describe_order is not in this registry",
    );
  });

  it("answers bad input with invalid_input and what to send, and audits it as an error", async () => {
    // The types cannot say "not empty": the schema still checks the input.
    const result = await registry.run(context(), describeOrder, { order: "" });
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    if (!result.ok) {
      expect(result.message).toMatch(/^order: /);
      expect(result.hint).toBe("Send an object matching: { order: string, quantity?: integer }");
    }
    expect(
      await db.auditLog.count({
        where: { shop: SHOP, action: "tool.describe_order", outcome: "error", actor: "aira:conv-1" },
      }),
    ).toBe(1);
  });
  it("refuses text with a NUL or an unpaired surrogate on both databases, and still audits the call", async () => {
    for (const order of ["#10\u000001", "#10\ud80001"]) {
      const result = await registry.call(context(), "describe_order", { order });
      expect(result).toMatchObject({ ok: false, code: "invalid_input", message: expect.stringMatching(/^order: /) });
    }
    const audited = await db.auditLog.findMany({
      where: { shop: SHOP, action: "tool.describe_order", outcome: "error" },
      orderBy: { createdAt: "desc" },
      take: 2,
    });
    expect(audited).toHaveLength(2);
    expect(JSON.stringify(audited.map((a) => a.input))).toContain("\uFFFD");
  });
});
