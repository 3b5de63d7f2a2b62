// The one path for store changes, end to end against the local Admin API emulator: nothing reaches
// the store before approval, applies check userErrors, reverts restore the before values.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeeded, TEST_SHOP, TEST_TOKEN, type Harness } from "@royal-equips/emulator/testing";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { Actor, ToolContext } from "../core/context";
import { createDb, type Db } from "../db/client";
import { createAdminClient } from "../shopify/graphql-client";
import { approveAction, denyAction, proposeAction, revertAction } from "./actions";

let emulator: Harness;
let database: TestDatabase;
let db: Db;

function context(actor: Actor): ToolContext {
  return {
    shop: TEST_SHOP,
    db,
    admin: createAdminClient({ shop: TEST_SHOP, accessToken: TEST_TOKEN, endpoint: emulator.url }),
    logger: pino({ level: "silent" }),
    actor,
    now: () => new Date(),
  };
}
const merchant = context.bind(null, { kind: "merchant", id: "owner" });

async function variant(index = 0) {
  const { body } = await emulator.gql(
    `{ productVariants(first: 10) { nodes { id price sku product { id } inventoryItem { id } } } }`,
  );
  const node = body.data.productVariants.nodes[index];
  return {
    variantId: node.id.split("/").pop(),
    productId: node.product.id.split("/").pop(),
    sku: node.sku,
    price: Number(node.price),
    inventoryItemId: node.inventoryItem.id.split("/").pop(),
  };
}

async function priceOf(variantId: string) {
  const { body } = await emulator.gql(`query($id: ID!) { productVariant(id: $id) { price } }`, {
    id: `gid://shopify/ProductVariant/${variantId}`,
  });
  return Number(body.data.productVariant.price);
}

beforeAll(async () => {
  [emulator, database] = await Promise.all([startSeeded({ products: 6, orders: 20 }), createTestDatabase()]);
  db = createDb(database.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  await emulator?.close();
});

describe("price changes", () => {
  it("a proposal stores before and after and does not touch the store", async () => {
    const v = await variant(0);
    const proposed = await proposeAction(merchant(), {
      kind: "price.update",
      tool: "test",
      summary: "raise price",
      after: { variants: [{ ...v, price: v.price + 5 }] },
    });
    expect(proposed.ok).toBe(true);
    if (!proposed.ok) return;
    expect(proposed.data.status).toBe("pending");
    expect(proposed.data.changes).toEqual([`${v.sku}: price ${v.price.toFixed(2)} -> ${(v.price + 5).toFixed(2)}`]);
    expect(await priceOf(v.variantId)).toBe(v.price); // unapproved: Shopify unchanged
  });

  it("approval applies it, revert restores the old price, and every step is audited", async () => {
    const v = await variant(1);
    const proposed = await proposeAction(merchant(), {
      kind: "price.update",
      tool: "test",
      summary: "cut price",
      after: { variants: [{ ...v, price: 7.5 }] },
    });
    if (!proposed.ok) throw new Error(proposed.message);
    const applied = await approveAction(merchant(), proposed.data.id);
    expect(applied).toMatchObject({ ok: true, data: { status: "applied" } });
    expect(await priceOf(v.variantId)).toBe(7.5);

    const twice = await approveAction(merchant(), proposed.data.id);
    expect(twice).toMatchObject({ ok: false, code: "conflict" });

    const reverted = await revertAction(merchant(), proposed.data.id);
    expect(reverted).toMatchObject({ ok: true, data: { status: "reverted" } });
    expect(await priceOf(v.variantId)).toBe(v.price);
    const actions = (await db.auditLog.findMany({ where: { shop: TEST_SHOP } }))
      .filter((a) => (a.input as { actionId?: string } | null)?.actionId === proposed.data.id)
      .map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "action.propose.price.update",
        "action.apply.price.update",
        "action.revert.price.update",
      ]),
    );
  });

  it("Shopify's userErrors fail the action with Shopify's message and change nothing", async () => {
    const v = await variant(2);
    const proposed = await proposeAction(merchant(), {
      kind: "price.update",
      tool: "test",
      summary: "bad",
      after: { variants: [{ ...v, price: -3 }] },
    });
    if (!proposed.ok) throw new Error(proposed.message);
    const result = await approveAction(merchant(), proposed.data.id);
    expect(result).toMatchObject({ ok: false, code: "shopify_error" });
    if (!result.ok) expect(result.message).toMatch(/Shopify refused productVariantsBulkUpdate/);
    expect((await db.action.findUniqueOrThrow({ where: { id: proposed.data.id } })).status).toBe("failed");
    expect(await priceOf(v.variantId)).toBe(v.price);
  });

  it("a denial is recorded and the action can no longer be applied", async () => {
    const v = await variant(3);
    const proposed = await proposeAction(merchant(), {
      kind: "price.update",
      tool: "test",
      summary: "deny me",
      after: { variants: [{ ...v, price: 99 }] },
    });
    if (!proposed.ok) throw new Error(proposed.message);
    expect(await denyAction(merchant(), proposed.data.id, "too high")).toMatchObject({
      ok: true,
      data: { status: "denied" },
    });
    expect(await approveAction(merchant(), proposed.data.id)).toMatchObject({ ok: false, code: "conflict" });
    expect(await priceOf(v.variantId)).toBe(v.price);
  });
});

describe("who may change the store", () => {
  it("a read-only MCP token cannot propose; a write token's proposal waits for the merchant", async () => {
    const v = await variant(4);
    const readOnly = await proposeAction(context({ kind: "mcp", id: "t1", scope: "read" }), {
      kind: "price.update",
      tool: "test",
      summary: "x",
      after: { variants: [{ ...v, price: 1 }] },
    });
    expect(readOnly).toMatchObject({ ok: false, code: "forbidden" });

    const writer = context({ kind: "mcp", id: "t2", scope: "write" });
    const proposed = await proposeAction(writer, {
      kind: "price.update",
      tool: "test",
      summary: "x",
      after: { variants: [{ ...v, price: 11 }] },
    });
    if (!proposed.ok) throw new Error(proposed.message);
    expect(proposed.data.status).toBe("pending");
    expect(await approveAction(writer, proposed.data.id)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await approveAction(context({ kind: "aira", id: "model" }), proposed.data.id)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await priceOf(v.variantId)).toBe(v.price);
  });

  it("an auto-approve write token applies at once, and the audit log says so", async () => {
    const v = await variant(5);
    const auto = context({ kind: "mcp", id: "t3", scope: "write", autoApprove: true });
    const proposed = await proposeAction(auto, {
      kind: "price.update",
      tool: "test",
      summary: "auto",
      after: { variants: [{ ...v, price: 12.34 }] },
    });
    expect(proposed).toMatchObject({ ok: true, data: { status: "applied" } });
    expect(await priceOf(v.variantId)).toBe(12.34);
    const applied = await db.auditLog.findFirst({ where: { action: "action.apply.price.update", actor: "mcp:t3" } });
    expect(applied?.input).toMatchObject({ autoApproved: true });
  });
});

describe("other kinds of change", () => {
  it("inventory: set on hand, then revert to the counted value", async () => {
    const v = await variant(0);
    const { body } = await emulator.gql(`{ locations(first: 1) { nodes { id } } }`);
    const locationId = body.data.locations.nodes[0].id.split("/").pop();
    const proposed = await proposeAction(merchant(), {
      kind: "inventory.set",
      tool: "test",
      summary: "recount",
      after: { items: [{ inventoryItemId: v.inventoryItemId, locationId, quantity: 123 }] },
    });
    if (!proposed.ok) throw new Error(proposed.message);
    const before = (proposed.data.before as { items: { quantity: number }[] }).items[0].quantity;
    await approveAction(merchant(), proposed.data.id);
    const onHand = async () =>
      (
        await emulator.gql(
          `query($i: ID!, $l: ID!) { inventoryItem(id: $i) { inventoryLevel(locationId: $l) { quantities(names: ["on_hand"]) { quantity } } } }`,
          { i: `gid://shopify/InventoryItem/${v.inventoryItemId}`, l: `gid://shopify/Location/${locationId}` },
        )
      ).body.data.inventoryItem.inventoryLevel.quantities[0].quantity;
    expect(await onHand()).toBe(123);
    await revertAction(merchant(), proposed.data.id);
    expect(await onHand()).toBe(before);
  });

  it("discount codes: created on approval, deleted on revert", async () => {
    const code = `TEST${Date.now() % 100000}`;
    const after = {
      exists: false,
      code,
      title: "Test 10%",
      percentage: 0.1,
      amount: null,
      startsAt: "2026-11-01T00:00:00Z",
      endsAt: "2026-12-01T00:00:00Z",
      usageLimit: 100,
      appliesOncePerCustomer: true,
    };
    const proposed = await proposeAction(merchant(), {
      kind: "discount.create",
      tool: "test",
      summary: "discount",
      after,
    });
    if (!proposed.ok) throw new Error(proposed.message);
    const lookup = async () =>
      (await emulator.gql(`query($c: String!) { codeDiscountNodeByCode(code: $c) { id } }`, { c: code })).body.data
        .codeDiscountNodeByCode;
    expect(await lookup()).toBeNull();
    expect(await approveAction(merchant(), proposed.data.id)).toMatchObject({ ok: true });
    expect(await lookup()).not.toBeNull();
    expect(
      await proposeAction(merchant(), { kind: "discount.create", tool: "test", summary: "dup", after }),
    ).toMatchObject({ ok: false, code: "not_found" });
    await revertAction(merchant(), proposed.data.id);
    expect(await lookup()).toBeNull();
  });

  it("fulfillment: hold on approval, release on revert", async () => {
    const { body } = await emulator.gql(
      `{ orders(first: 1) { nodes { name fulfillmentOrders(first: 1) { nodes { id status } } } } }`,
    );
    const order = body.data.orders.nodes[0];
    const fulfillmentOrderId = order.fulfillmentOrders.nodes[0].id.split("/").pop();
    const status = async () =>
      (
        await emulator.gql(`query($id: ID!) { fulfillmentOrder(id: $id) { status } }`, {
          id: `gid://shopify/FulfillmentOrder/${fulfillmentOrderId}`,
        })
      ).body.data.fulfillmentOrder.status;
    const proposed = await proposeAction(merchant(), {
      kind: "fulfillment.hold",
      tool: "test",
      summary: "hold",
      after: { fulfillmentOrderId, orderName: order.name, held: true },
    });
    if (!proposed.ok) throw new Error(proposed.message);
    expect(await status()).toBe("OPEN");
    await approveAction(merchant(), proposed.data.id);
    expect(await status()).toBe("ON_HOLD");
    await revertAction(merchant(), proposed.data.id);
    expect(await status()).toBe("OPEN");
  });
});
