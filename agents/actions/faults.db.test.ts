// Store changes under faults, against the emulator behind a faulty network (tests/support/faults.ts):
// lost responses, 503s before and after the store saw a mutation, a failure half-way through a
// change, a store that cannot be asked, a process SIGKILLed mid-apply. Every case ends with the
// store changed at most once and the action saying what the store holds (and revert working).
import { spawn } from "node:child_process";
import path from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSeeded, TEST_SHOP, TEST_TOKEN, type Harness } from "@royal-equips/emulator/testing";
import { createTestDatabase, repoRoot, type TestDatabase } from "../../tests/support/database";
import { startFaultyProxy, type FaultyProxy } from "../../tests/support/faults";
import type { ToolContext } from "../core/context";
import { createDb, prepareDatabase, type Db } from "../db/client";
import { createAdminClient, resetShopClientState } from "../shopify/graphql-client";
import { approveAction, proposeAction, revertAction } from "./actions";
import { recoverActions } from "./recover";

let emulator: Harness;
let proxy: FaultyProxy;
let database: TestDatabase;
let db: Db;
const logger = pino({ level: "silent" });

/** A client through the faulty proxy; a short circuit pause so one test's storm does not spill into the next. */
const admin = () =>
  createAdminClient({
    shop: TEST_SHOP,
    accessToken: TEST_TOKEN,
    endpoint: proxy.url,
    breaker: { resetTimeoutMs: 50 },
    retry: { baseDelayMs: 20, budgetMs: 1_000 },
  });

function merchant(): ToolContext {
  return {
    shop: TEST_SHOP,
    db,
    admin: admin(),
    logger,
    actor: { kind: "merchant", id: "owner" },
    now: () => new Date(),
  };
}

const recover = () => recoverActions({ db, logger, adminFor: async () => admin(), staleMs: 0 });

const sent = (pattern: RegExp) => proxy.log.filter((entry) => pattern.test(entry.query)).length;

async function variants() {
  const { body } = await emulator.gql(`{ productVariants(first: 20) { nodes { id price sku product { id } } } }`);
  return (body.data.productVariants.nodes as { id: string; price: string; sku: string; product: { id: string } }[]).map(
    (node) => ({
      variantId: node.id.split("/").pop()!,
      productId: node.product.id.split("/").pop()!,
      sku: node.sku,
      price: Number(node.price),
    }),
  );
}

async function priceOf(variantId: string) {
  const { body } = await emulator.gql(`query($id: ID!) { productVariant(id: $id) { price } }`, {
    id: `gid://shopify/ProductVariant/${variantId}`,
  });
  return Number(body.data.productVariant.price);
}

async function codesNamed(code: string) {
  const { body } = await emulator.gql(
    `query($q: String) { codeDiscountNodes(first: 10, query: $q) { nodes { id } } }`,
    {
      q: `code:${code}`,
    },
  );
  return (body.data.codeDiscountNodes.nodes as unknown[]).length;
}

async function propose(kind: string, after: unknown) {
  const proposed = await proposeAction(merchant(), { kind, tool: "test", summary: "fault test", after });
  if (!proposed.ok) throw new Error(proposed.message);
  return proposed.data.id;
}

const discount = (code: string) => ({
  exists: true,
  code,
  title: `Campaign ${code}`,
  percentage: 0.1,
  amount: null,
  startsAt: "2026-12-01T00:00:00Z",
  endsAt: null,
  usageLimit: null,
  appliesOncePerCustomer: false,
});

const actionRow = (id: string) => db.action.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  [emulator, database] = await Promise.all([startSeeded({ products: 8, orders: 5 }), createTestDatabase()]);
  proxy = await startFaultyProxy(emulator.url);
  db = createDb(database.url);
  await prepareDatabase(db, database.url);
});

afterEach(() => {
  proxy.clear();
  resetShopClientState(TEST_SHOP);
});

afterAll(async () => {
  await proxy?.close();
  await db?.$disconnect();
  await database?.drop();
  await emulator?.close();
  resetShopClientState(TEST_SHOP);
});

describe("lost responses", () => {
  it("a discount created but its answer lost (503) is applied once, recorded applied, and reverts", async () => {
    const id = await propose("discount.create", discount("LOST503"));
    proxy.inject({ match: /discountCodeBasicCreate/, fault: { kind: "lost-503" } });

    const approved = await approveAction(merchant(), id);
    expect(approved).toMatchObject({ ok: true, data: { status: "applied" } });
    expect(sent(/discountCodeBasicCreate/)).toBe(1); // never resent
    expect(await codesNamed("LOST503")).toBe(1);
    const row = await actionRow(id);
    expect(row.result).toMatchObject({ discountId: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\//) });

    expect(await revertAction(merchant(), id)).toMatchObject({ ok: true, data: { status: "reverted" } });
    expect(await codesNamed("LOST503")).toBe(0);
  });

  it("a price change whose connection is reset after the store applied it is sent once and recorded applied", async () => {
    const [v] = await variants();
    const id = await propose("price.update", { variants: [{ ...v, price: v.price + 3 }] });
    proxy.inject({ match: /productVariantsBulkUpdate/, fault: { kind: "lost-reset" } });

    expect(await approveAction(merchant(), id)).toMatchObject({ ok: true, data: { status: "applied" } });
    expect(sent(/productVariantsBulkUpdate/)).toBe(1);
    expect(await priceOf(v.variantId)).toBe(v.price + 3);
    expect(await revertAction(merchant(), id)).toMatchObject({ ok: true, data: { status: "reverted" } });
    expect(await priceOf(v.variantId)).toBe(v.price);
  });

  it("a mutation refused before the store saw it (503) is checked, then sent again and applied once", async () => {
    const id = await propose("discount.create", discount("RESEND503"));
    proxy.inject({ match: /discountCodeBasicCreate/, fault: { kind: "503" } });
    expect(await approveAction(merchant(), id)).toMatchObject({ ok: true, data: { status: "applied" } });
    expect(proxy.log.filter((e) => /discountCodeBasicCreate/.test(e.query)).map((e) => e.fault)).toEqual(["503", null]);
    expect(await codesNamed("RESEND503")).toBe(1);
  });

  it("a code someone else created meanwhile is a refusal: failed, nothing of ours changed, their code untouched", async () => {
    const id = await propose("discount.create", discount("TAKEN"));
    await emulator.gql(
      `mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { userErrors { message } } }`,
      {
        d: {
          title: "The merchant's own",
          code: "TAKEN",
          startsAt: "2026-11-01T00:00:00Z",
          context: { all: "ALL" },
          customerGets: { items: { all: true }, value: { percentage: 0.5 } },
        },
      },
    );
    const approved = await approveAction(merchant(), id);
    expect(approved).toMatchObject({ ok: false, hint: expect.stringMatching(/Nothing was changed/) });
    expect((await actionRow(id)).status).toBe("failed");
    expect(await codesNamed("TAKEN")).toBe(1);
  });
});

describe("a change that fails half-way", () => {
  it("is recorded applied with a note when some of its mutations landed, and revert puts back what changed", async () => {
    const all = await variants();
    const first = all[0];
    const second = all.find((v) => v.productId !== first.productId)!;
    const id = await propose("price.update", {
      variants: [
        { ...first, price: first.price + 1 },
        { ...second, price: second.price + 1 },
      ],
    });
    // The second product's mutation never gets through (the store never sees it).
    proxy.inject({
      match: new RegExp(`productVariantsBulkUpdate.*Product/${second.productId}"`),
      fault: { kind: "503" },
      times: Infinity,
    });
    const approved = await approveAction(merchant(), id);
    expect(approved).toMatchObject({ ok: false, message: expect.stringMatching(/Only part of this change/) });
    const row = await actionRow(id);
    expect(row.status).toBe("applied");
    expect(row.error).toMatch(/Only part of this change reached the store/);
    expect(await priceOf(first.variantId)).toBe(first.price + 1);
    expect(await priceOf(second.variantId)).toBe(second.price);

    proxy.clear();
    expect(await revertAction(merchant(), id)).toMatchObject({ ok: true, data: { status: "reverted" } });
    expect(await priceOf(first.variantId)).toBe(first.price);
    expect(await priceOf(second.variantId)).toBe(second.price);
  });
});

describe("interrupted applies are recovered from the store", () => {
  it("a store that cannot be asked leaves the action approved and saying so; the recovery pass settles it later", async () => {
    const [, v] = await variants();
    const id = await propose("price.update", { variants: [{ ...v, price: v.price + 7 }] });
    // The mutation lands but its answer is lost, and then the shop is down for every request.
    proxy.inject(
      { match: /productVariantsBulkUpdate/, fault: { kind: "lost-503" } },
      { fault: { kind: "503" }, times: Infinity },
    );
    const approved = await approveAction(merchant(), id);
    expect(approved).toMatchObject({ ok: false, hint: expect.stringMatching(/checked again shortly/) });
    expect((await actionRow(id)).status).toBe("approved");
    expect((await actionRow(id)).error).toMatch(/Checking with the store/);
    // Still down: the pass leaves it for later.
    expect(await recover()).toMatchObject({ settled: [], pending: [id] });

    expect(sent(/productVariantsBulkUpdate/)).toBe(1);
    proxy.clear();
    await new Promise((r) => setTimeout(r, 60)); // the circuit's pause
    expect(await recover()).toEqual({ settled: [{ id, status: "applied" }], pending: [] });
    expect(sent(/productVariantsBulkUpdate/)).toBe(0); // checked, not sent again
    expect(await priceOf(v.variantId)).toBe(v.price + 7);
    expect(await revertAction(merchant(), id)).toMatchObject({ ok: true, data: { status: "reverted" } });
    expect(await priceOf(v.variantId)).toBe(v.price);
  });

  it("a web process SIGKILLed while applying a price change: the pass records it applied, and revert works", async () => {
    const [, , v] = await variants();
    const id = await propose("price.update", { variants: [{ ...v, price: v.price + 11 }] });
    proxy.inject({ match: /productVariantsBulkUpdate/, fault: { kind: "hang-after-forward" } });
    const landed = proxy.forwarded(/productVariantsBulkUpdate/);
    const child = spawn(
      path.join(repoRoot, "node_modules", ".bin", "node"),
      ["--import", "tsx", path.join(repoRoot, "agents/actions/testing/approve-process.ts")],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          ADMIN_ENDPOINT: proxy.url,
          SHOP: TEST_SHOP,
          TOKEN: TEST_TOKEN,
          ACTION_ID: id,
        },
        stdio: "ignore",
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    await landed;
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    // What the tester saw: the store changed, the action stuck at approved; deny and revert refused.
    expect(await priceOf(v.variantId)).toBe(v.price + 11);
    expect((await actionRow(id)).status).toBe("approved");
    expect(await revertAction(merchant(), id)).toMatchObject({ ok: false, code: "conflict" });

    // Not yet stale: an apply in progress is left alone.
    expect(await recoverActions({ db, logger, adminFor: async () => admin() })).toEqual({ settled: [], pending: [] });
    const started = Date.now();
    expect(await recover()).toEqual({ settled: [{ id, status: "applied" }], pending: [] });
    expect(Date.now() - started).toBeLessThan(2_000);
    const row = await actionRow(id);
    expect(row.appliedAt).not.toBeNull();
    const recovered = await db.auditLog.findMany({ where: { action: "action.recover.price.update" } });
    expect(recovered.filter((entry) => (entry.input as { actionId?: string }).actionId === id)).toHaveLength(1);
    expect(sent(/productVariantsBulkUpdate/)).toBe(1);

    expect(await revertAction(merchant(), id)).toMatchObject({ ok: true, data: { status: "reverted" } });
    expect(await priceOf(v.variantId)).toBe(v.price);
  });

  it("an apply interrupted before it reached the store is recorded failed, with nothing changed", async () => {
    const [, , , v] = await variants();
    const id = await propose("price.update", { variants: [{ ...v, price: v.price + 13 }] });
    // As a crash between the claim and the first request leaves it.
    await db.action.update({ where: { id }, data: { status: "approved", decidedAt: new Date() } });
    expect(await recover()).toEqual({ settled: [{ id, status: "failed" }], pending: [] });
    expect((await actionRow(id)).error).toMatch(/nothing was changed/);
    expect(await priceOf(v.variantId)).toBe(v.price);
  });
});
