// Cursor paging of list_audit_log and list_alerts on a real database (SQLite, and PostgreSQL with
// TEST_DATABASE=postgresql), the keyset design of ADR 0037: a walk over every page, following
// nextCursor, returns each matching row exactly once and in the order of one big page, although
// most rows share their timestamp with others; the counts stay those of the whole filter; bad,
// foreign and other-filter cursors are refused with invalid_input.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { ToolContext } from "../core/context";
import { createDb, type Db } from "../db/client";
import { toolRegistry } from "../tools";

const SHOP = "security-paging.myshopify.com";
const OTHER_SHOP = "security-paging-other.myshopify.com";
const NOW = new Date("2026-11-20T12:00:00Z");
const HOUR = 3_600_000;
let database: TestDatabase;
let db: Db;

const ctx = (shop = SHOP): ToolContext => ({
  shop,
  db,
  admin: null as never,
  logger: pino({ level: "silent" }),
  actor: { kind: "merchant", id: "owner" },
  now: () => NOW,
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = async (name: string, input: object, shop = SHOP): Promise<any> => {
  const result = await toolRegistry.call(ctx(shop), name, input);
  if (!result.ok) throw new Error(`${name}: ${result.message}`);
  return result.data;
};

/** Every page of `name` with `input`, following nextCursor: the ids of each page, and each page. */
async function walk(name: string, input: object, list: "entries" | "alerts") {
  const ids: string[][] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pages: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(name, { ...input, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    ids.push(page[list].map((item: { id: string }) => item.id));
    cursor = page.nextCursor ?? undefined;
    expect(ids.length).toBeLessThan(200);
  } while (cursor);
  return { ids, pages };
}

/** More than two pages, all full but the last, every wanted row exactly once, in the given order. */
function expectWholeWalk(pages: string[][], inOrder: string[], limit: number) {
  expect(pages.length).toBeGreaterThan(2);
  for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
  expect(pages.at(-1)!.length).toBeGreaterThan(0);
  expect(pages.flat()).toEqual(inOrder);
}

// 57 audit rows at only four instants (ties everywhere); every third is an MCP call, every fifth a
// successful read. The ids are not in time order, so the tie-break by id is really exercised.
const AUDIT_ROWS = 57;
const INSTANTS = [0, 1, 2, 3].map((h) => new Date(NOW.getTime() - h * HOUR));
// 34 alerts raised at three instants; the first 20 resolved at two instants, 3 of the rest snoozed.
const ALERTS = 34;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  await db.auditLog.createMany({
    data: Array.from({ length: AUDIT_ROWS }, (_, i) => ({
      shop: SHOP,
      id: `audit-${String((i * 37) % AUDIT_ROWS).padStart(3, "0")}`,
      actor: i % 3 === 0 ? `mcp:token${i % 2}` : "merchant:owner",
      action: i % 5 === 0 ? "tool.search_orders" : "action.apply.price.update",
      outcome: i % 7 === 0 ? "error" : "ok",
      read: i % 5 === 0,
      input: { i },
      createdAt: INSTANTS[i % INSTANTS.length],
    })),
  });
  // The other shop's rows must never show up in this shop's pages.
  await db.auditLog.createMany({
    data: Array.from({ length: 5 }, (_, i) => ({
      shop: OTHER_SHOP,
      id: `audit-other-${i}`,
      actor: "merchant:owner",
      action: "action.apply.price.update",
      outcome: "ok",
      createdAt: INSTANTS[1],
    })),
  });
  await db.alert.createMany({
    data: Array.from({ length: ALERTS }, (_, i) => ({
      shop: SHOP,
      id: `alert-${String((i * 13) % ALERTS).padStart(3, "0")}`,
      kind: i % 2 === 0 ? "risky_order" : "change_rate",
      severity: i % 4 === 0 ? "critical" : "warning",
      title: `Alert ${i}`,
      createdAt: new Date(NOW.getTime() - (10 + (i % 3)) * HOUR),
      ...(i < 20
        ? {
            resolvedAt: new Date(NOW.getTime() - (1 + (i % 2)) * HOUR),
            resolvedBy: "merchant:owner",
            resolutionKind: "manual",
            resolution: "Handled",
          }
        : i < 23
          ? { snoozedUntil: new Date(NOW.getTime() + 24 * HOUR) }
          : {}),
    })),
  });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** The ids in the order (time desc, id desc), as the tools promise. */
const newestFirst = <T extends { id: string }>(rows: T[], time: (row: T) => Date) =>
  [...rows]
    .sort((a, b) => time(b).getTime() - time(a).getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((r) => r.id);

describe("list_audit_log pages", () => {
  it("walks every row once, newest first with ties broken by id, and counts the whole filter on each page", async () => {
    const { ids, pages } = await walk("list_audit_log", { limit: 6 }, "entries");
    const all = await db.auditLog.findMany({ where: { shop: SHOP } });
    expectWholeWalk(
      ids,
      newestFirst(all, (r) => r.createdAt),
      6,
    );
    for (const page of pages) {
      expect(page.matched).toBe(AUDIT_ROWS);
      expect(page.outcomes.ok + page.outcomes.error).toBe(AUDIT_ROWS);
    }
    // One page as big as everything holds the same rows in the same order, and no cursor.
    const big = await call("list_audit_log", { limit: 500 });
    expect(big.entries.map((e: { id: string }) => e.id)).toEqual(ids.flat());
    expect(big.nextCursor).toBeNull();
  });

  it("walks filtered lists: an actor kind, and changes only (reads: false)", async () => {
    const mcp = await walk("list_audit_log", { actor: "mcp", limit: 4 }, "entries");
    const mcpRows = await db.auditLog.findMany({ where: { shop: SHOP, actor: { startsWith: "mcp:" } } });
    expectWholeWalk(
      mcp.ids,
      newestFirst(mcpRows, (r) => r.createdAt),
      4,
    );

    const changes = await walk("list_audit_log", { reads: false, limit: 10 }, "entries");
    const changeRows = await db.auditLog.findMany({ where: { shop: SHOP, NOT: { read: true, outcome: "ok" } } });
    expectWholeWalk(
      changes.ids,
      newestFirst(changeRows, (r) => r.createdAt),
      10,
    );
    expect(changes.pages.every((p) => p.matched === changeRows.length)).toBe(true);
  });

  it("may change the page size between pages", async () => {
    const first = await call("list_audit_log", { limit: 5 });
    const second = await call("list_audit_log", { limit: 20, cursor: first.nextCursor });
    const all = await call("list_audit_log", { limit: 25 });
    expect([...first.entries, ...second.entries].map((e: { id: string }) => e.id)).toEqual(
      all.entries.map((e: { id: string }) => e.id),
    );
  });
});

describe("list_alerts pages", () => {
  it("walks all alerts newest raised first, ties broken by id", async () => {
    const { ids, pages } = await walk("list_alerts", { status: "all", limit: 5 }, "alerts");
    const all = await db.alert.findMany({ where: { shop: SHOP } });
    expectWholeWalk(
      ids,
      newestFirst(all, (a) => a.createdAt),
      5,
    );
    for (const page of pages) {
      expect(page.matched).toBe(ALERTS);
      expect(page.open.total).toBe(ALERTS - 20 - 3);
      expect(page.snoozed).toBe(3);
    }
  });

  it("walks resolved alerts by newest resolution, and the open ones", async () => {
    const resolved = await walk("list_alerts", { status: "resolved", limit: 3 }, "alerts");
    const resolvedRows = await db.alert.findMany({ where: { shop: SHOP, resolvedAt: { not: null } } });
    expectWholeWalk(
      resolved.ids,
      newestFirst(resolvedRows, (a) => a.resolvedAt!),
      3,
    );

    const open = await walk("list_alerts", { kind: "risky_order", limit: 2 }, "alerts");
    const openRows = await db.alert.findMany({
      where: { shop: SHOP, kind: "risky_order", resolvedAt: null, snoozedUntil: null },
    });
    expectWholeWalk(
      open.ids,
      newestFirst(openRows, (a) => a.createdAt),
      2,
    );
  });

  it("the first page is the newest `limit` alerts, as the merchant's security page asks for them", async () => {
    const page = await call("list_alerts", { status: "open", limit: 50 });
    expect(page.alerts).toHaveLength(ALERTS - 23);
    expect(page.nextCursor).toBeNull();
    const resolved = await call("list_alerts", { status: "resolved", limit: 20 });
    expect(resolved.alerts).toHaveLength(20);
    expect(resolved.nextCursor).toBeNull();
  });
});

describe("cursors are checked", () => {
  const refused = async (name: string, input: object, shop = SHOP) => {
    const result = await toolRegistry.call(ctx(shop), name, input);
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    return result as { message: string; hint: string };
  };

  it("a malformed cursor, a forged position, one from another tool or from other filters", async () => {
    expect((await refused("list_audit_log", { cursor: "not a cursor" })).hint).toMatch(/nextCursor/);
    await refused("list_alerts", { cursor: Buffer.from("[1,2]").toString("base64url") });

    const audit = await call("list_audit_log", { limit: 2 });
    const forged = JSON.parse(Buffer.from(audit.nextCursor, "base64url").toString());
    forged.k = ["yesterday", "audit-001"];
    await refused("list_audit_log", { limit: 2, cursor: Buffer.from(JSON.stringify(forged)).toString("base64url") });

    // Another tool's cursor, both ways, and one from a lookup tool.
    expect((await refused("list_alerts", { cursor: audit.nextCursor })).message).toMatch(/list_audit_log/);
    const alerts = await call("list_alerts", { status: "all", limit: 2 });
    expect((await refused("list_audit_log", { cursor: alerts.nextCursor })).message).toMatch(/list_alerts/);
    await db.mirrorOrder.createMany({
      data: [1, 2].map((i) => ({
        shop: SHOP,
        id: `o${i}`,
        name: `#${i}`,
        createdAt: NOW,
        subtotal: 1,
        totalDiscounts: 0,
        totalShipping: 0,
        totalTax: 0,
        total: 1,
        currencyCode: "EUR",
        updatedAt: NOW,
        localDay: "2026-11-20",
      })),
    });
    const orders = await call("search_orders", { limit: 1 });
    expect((await refused("list_alerts", { cursor: orders.nextCursor })).message).toMatch(/search_orders/);

    // The same tool with other filters: another status (another sort), kind, actor or reads.
    expect((await refused("list_alerts", { status: "resolved", limit: 2, cursor: alerts.nextCursor })).message).toMatch(
      /other filters/,
    );
    await refused("list_alerts", { status: "all", kind: "risky_order", cursor: alerts.nextCursor });
    await refused("list_audit_log", { actor: "mcp", limit: 2, cursor: audit.nextCursor });
    await refused("list_audit_log", { reads: false, limit: 2, cursor: audit.nextCursor });
  });

  it("a cursor read in another shop reads that shop's rows only", async () => {
    // Cursors are not signed (ADR 0037): a position only moves the reader inside their own shop.
    const audit = await call("list_audit_log", { limit: 2 });
    const elsewhere = await call("list_audit_log", { limit: 50, cursor: audit.nextCursor }, OTHER_SHOP);
    // The position is the newest instant: all five older rows of the other shop follow it.
    expect(elsewhere.entries.map((e: { id: string }) => e.id)).toEqual([4, 3, 2, 1, 0].map((i) => `audit-other-${i}`));
    expect(elsewhere.matched).toBe(5);
  });
});
