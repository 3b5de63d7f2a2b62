// The marketing tools read the mirror through SQL aggregates (queries.ts) instead of every order.
// On a generated store with awkward rows added (refunds above the total, zero totals, guests,
// cancelled orders, codes in mixed case, lines of deleted products), each tool's answer is checked
// against the previous implementation, kept here as a reference oracle: every order read with
// findMany and fed to the per-order pure functions (computeRfm, computeClv, findDeadStock,
// findBundles, measureCampaigns), exactly as the tools did before.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore } from "@royal-equips/emulator/seed";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { ToolContext } from "../core/context";
import { createRegistry, type ToolOutput } from "../core/registry";
import { DAY_MS, isoDay } from "../core/time";
import { loadCatalog } from "../data/catalog";
import { createDb, type Db } from "../db/client";
import { syncStore } from "../mirror/sync";
import { findBundles } from "../research/bundles";
import { findDeadStock } from "../research/deadstock";
import { createAdminClient } from "../shopify/graphql-client";
import { measureCampaigns, proposeCampaigns, type CampaignWindow, type SlowMover } from "./campaigns";
import { computeClv } from "./clv";
import { summarizeCustomers, type CustomerHistories } from "./orders";
import { customerContacts, customerHistories, customerTotals } from "./queries";
import { IN_CHUNK } from "../db/chunk";
import { dialect, forEachPackedRow } from "../analytics/sql";
import { computeRfm } from "./rfm";
import { getCampaignResults, getCustomerLifetimeValue, getCustomerSegments, proposeCampaignsTool } from "./tools";

const SHOP = "royal-equips-dev.myshopify.com";
const TOKEN = "shpat_marketing_queries";
const TIME_ZONE = "America/New_York"; // the generated store's timezone
let emulator: RunningEmulator;
let database: TestDatabase;
let db: Db;
const registry = createRegistry([
  getCustomerSegments,
  getCustomerLifetimeValue,
  proposeCampaignsTool,
  getCampaignResults,
]);

function context(): ToolContext {
  return {
    shop: SHOP,
    db,
    admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
    logger: pino({ level: "silent" }),
    actor: { kind: "merchant", id: "owner" },
    now: () => new Date("2026-11-01T00:00:00Z"),
  };
}
async function call<
  T extends
    | typeof getCustomerSegments
    | typeof getCustomerLifetimeValue
    | typeof proposeCampaignsTool
    | typeof getCampaignResults,
>(tool: T, input: Record<string, unknown>): Promise<ToolOutput<T>> {
  const result = await registry.call(context(), tool.name, input);
  if (!result.ok) throw new Error(`${tool.name} failed: ${result.code} ${result.message}`);
  return result.data as ToolOutput<T>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
/** The clamping the tools applied to every order row before the pure functions saw it. */
const orderRow = (o: { customerId: string | null; createdAt: Date; total: number; totalRefunded: number }) => ({
  customerId: o.customerId!,
  createdAt: o.createdAt.toISOString(),
  total: Math.max(0, o.total),
  refunded: Math.min(Math.max(0, o.totalRefunded), Math.max(0, o.total)),
});
async function newestOrder(): Promise<Date> {
  return (await db.mirrorOrder.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { createdAt: "desc" } })).createdAt;
}
async function customerOrders(where: { gte?: Date; lte?: Date }) {
  return db.mirrorOrder.findMany({
    where: { shop: SHOP, customerId: { not: null }, cancelledAt: null, createdAt: where },
    select: { id: true, customerId: true, createdAt: true, total: true, totalRefunded: true },
  });
}

// ---- the previous implementation, per order ------------------------------------------------------

async function oracleSegments(days: number, includeCustomers: number) {
  const end = await newestOrder();
  const orders = await customerOrders({ gte: new Date(end.getTime() - days * DAY_MS) });
  const rfm = computeRfm(orders.map(orderRow), end);
  const emails = new Map((await db.mirrorCustomer.findMany({ where: { shop: SHOP } })).map((c) => [c.id, c.email]));
  return {
    asOf: rfm.asOf,
    customers: rfm.customers.length,
    segments: rfm.segments.map((s) => ({
      segment: s.segment,
      customers: s.customers,
      revenue: round2(s.revenue),
      shareOfCustomers: round4(s.shareOfCustomers),
      shareOfRevenue: round4(s.shareOfRevenue),
      examples: rfm.customers
        .filter((c) => c.segment === s.segment)
        .sort((a, b) => b.monetary - a.monetary)
        .slice(0, includeCustomers)
        .map((c) => ({
          customerId: c.customerId,
          email: emails.get(c.customerId) ?? null,
          orders: c.orders,
          spent: round2(c.monetary),
          daysSinceLastOrder: c.recencyDays,
        })),
    })),
  };
}

async function oracleClv(limit: number) {
  const asOf = await newestOrder();
  const rows = (await customerOrders({ lte: asOf })).map(orderRow);
  const clv = computeClv(rows, asOf, { horizonDays: 365 });
  if (!clv.ok) throw new Error(`the oracle's CLV did not fit: ${clv.message}`);
  const spent = new Map<string, number>();
  for (const r of rows) spent.set(r.customerId, (spent.get(r.customerId) ?? 0) + r.total - r.refunded);
  const level = (risk: number) => (risk >= 0.7 ? "high" : risk >= 0.4 ? "medium" : "low");
  const top = [...clv.customers]
    .sort((a, b) => b.clv - a.clv || a.customerId.localeCompare(b.customerId))
    .slice(0, limit);
  const people = new Map((await db.mirrorCustomer.findMany({ where: { shop: SHOP } })).map((c) => [c.id, c]));
  const churn = { high: 0, medium: 0, low: 0, expectedValueAtHighRisk: 0 };
  for (const c of clv.customers) {
    churn[level(c.churnRisk)]++;
    if (level(c.churnRisk) === "high") churn.expectedValueAtHighRisk += c.clv;
  }
  return {
    customersScored: clv.customers.length,
    repeatCustomers: clv.customers.filter((c) => c.repeatPurchases > 0).length,
    totalExpectedValueNextYear: round2(clv.customers.reduce((s, c) => s + c.clv, 0)),
    churn: { ...churn, expectedValueAtHighRisk: round2(churn.expectedValueAtHighRisk) },
    bgNbd: clv.bgNbd.params,
    gammaGamma: clv.gammaGamma.params,
    customers: top.map((c) => ({
      customerId: c.customerId,
      email: people.get(c.customerId)?.email ?? null,
      name: [people.get(c.customerId)?.firstName, people.get(c.customerId)?.lastName].filter(Boolean).join(" ") || null,
      purchaseDays: c.purchaseDays,
      spentSoFar: round2(spent.get(c.customerId) ?? 0),
      daysSinceLastOrder: c.daysSinceLastOrder,
      pAlive: round4(c.pAlive),
      churnRisk: round4(c.churnRisk),
      churnRiskLevel: level(c.churnRisk),
      expectedOrdersNextYear: round4(c.expectedOrders),
      pOrderNextYear: round4(c.pOrderInHorizon),
      expectedOrderValue: round2(c.expectedOrderValue),
      expectedValueNextYear: round2(c.clv),
      expectedNextOrderDate: c.expectedNextOrderDate?.slice(0, 10) ?? null,
      medianNextOrderDate: c.medianNextOrderDate.slice(0, 10),
    })),
  };
}

async function oracleCampaigns() {
  const end = await newestOrder();
  const since = new Date(end.getTime() - 365 * DAY_MS);
  const orders = await customerOrders({ gte: since, lte: end });
  const rfm = computeRfm(orders.map(orderRow), end);
  const customerOf = new Map(orders.map((o) => [o.id, o.customerId!]));
  const cancelled = new Set(
    (await db.mirrorOrder.findMany({ where: { shop: SHOP, cancelledAt: { not: null } }, select: { id: true } })).map(
      (o) => o.id,
    ),
  );
  const lines = (
    await db.mirrorLineItem.findMany({
      where: { shop: SHOP, createdAt: { gte: since, lte: end }, productId: { not: null } },
      select: { orderId: true, productId: true, variantId: true, createdAt: true, quantity: true },
    })
  ).filter((l) => !cancelled.has(l.orderId));
  const purchases = lines
    .filter((l) => customerOf.has(l.orderId))
    .map((l) => ({ customerId: customerOf.get(l.orderId)!, productId: l.productId! }));
  const catalog = (await loadCatalog(db, SHOP)).filter((v) => v.onHand > 0);
  const titles = new Map(catalog.map((v) => [v.productId, v.productTitle]));
  const launched = new Map(
    (await db.mirrorProduct.findMany({ where: { shop: SHOP } })).map((p) => [p.id, p.createdAt.toISOString()]),
  );
  const report = findDeadStock(
    catalog.map((v) => ({
      id: v.variantId,
      onHand: v.onHand,
      unitCost: v.unitCost,
      price: v.price,
      createdAt: launched.get(v.productId) ?? null,
    })),
    lines.filter((l) => l.variantId).map((l) => ({ id: l.variantId!, date: isoDay(l.createdAt), units: l.quantity })),
    { asOf: isoDay(end), noSalesDays: 90 },
  );
  const byProduct = new Map<string, { dead: boolean; sold: number; onHand: number; value: number }>();
  const variantOf = new Map(catalog.map((v) => [v.variantId, v]));
  for (const item of report.items) {
    const variant = variantOf.get(item.id)!;
    const p = byProduct.get(variant.productId) ?? { dead: true, sold: 0, onHand: 0, value: 0 };
    if (!item.isDead) p.dead = false;
    p.sold += item.unitsSoldInWindow;
    p.onHand += item.onHand;
    p.value += item.onHand * (variant.unitCost ?? variant.price);
    byProduct.set(variant.productId, p);
  }
  const ranked = [...byProduct.entries()].sort((a, b) => b[1].value - a[1].value);
  const slowMovers: SlowMover[] = [
    ...ranked
      .filter(([, p]) => p.dead)
      .slice(0, 5)
      .map(([productId]) => ({ productId, title: titles.get(productId), stockStatus: "dead" as const })),
    ...ranked
      .filter(([, p]) => !p.dead && p.sold / (p.sold + p.onHand) < 0.2)
      .slice(0, 5)
      .map(([productId]) => ({ productId, title: titles.get(productId), stockStatus: "slow" as const })),
  ];
  const baskets = new Map<string, Set<string>>();
  for (const l of lines)
    if (l.createdAt.getTime() >= end.getTime() - 180 * DAY_MS)
      baskets.set(l.orderId, (baskets.get(l.orderId) ?? new Set()).add(l.productId!));
  const bundles = findBundles(baskets.values(), { minCount: 5, minSupport: 0, limit: 3 });
  const bundlePairs = bundles.pairs
    .filter((p) => p.lift > 1)
    .map((p) => ({ productA: p.items[0], productB: p.items[1], timesBoughtTogether: p.count }));
  return { rfm, proposals: proposeCampaigns({ rfm, slowMovers, bundlePairs, purchases }), baskets: baskets.size };
}

// ---- the store ------------------------------------------------------------------------------------

beforeAll(async () => {
  [emulator, database] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: "secret" }),
    createTestDatabase(),
  ]);
  loadSeedStore(
    emulator.store.db,
    generateStore({ seed: 11, products: 30, orders: 3500, days: 400, endDate: "2026-10-31", sampleCsvDir: null }),
  );
  db = createDb(database.url);
  await syncStore({ db, admin: context().admin, shop: SHOP, logger: pino({ level: "silent" }) }, undefined, {
    pollMs: 20,
  });
  // Awkward rows, written as a webhook of a shop that changed them would leave them (localDay
  // left empty: readers fill it in). Dated inside the history, before the newest order.
  const now = new Date();
  const order = (id: string, customerId: string | null, at: string, total: number, extra: object = {}) => ({
    shop: SHOP,
    id,
    name: `#${id}`,
    customerId,
    createdAt: new Date(at),
    subtotal: total,
    totalDiscounts: 0,
    totalShipping: 0,
    totalTax: 0,
    total,
    updatedAt: now,
    ...extra,
  });
  const [customer] = await db.mirrorCustomer.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" }, take: 1 });
  const product = await db.mirrorLineItem.findFirstOrThrow({ where: { shop: SHOP, productId: { not: null } } });
  await db.mirrorOrder.createMany({
    data: [
      // A refund one cent above the total (shipping refunded too): a fully refunded order.
      order("edge-1", customer.id, "2026-10-02T15:00:00Z", 40, { totalRefunded: 40.01 }),
      order("edge-2", customer.id, "2026-10-03T03:30:00Z", 60, { totalRefunded: 5 }),
      // A customer whose only order was refunded in full and more: not a purchaser at all.
      order("edge-3", "edge-customer-refunded", "2026-09-20T12:00:00Z", 25, { totalRefunded: 30 }),
      // A free order (100% off) with a code in lower case, and a blank code field.
      order("edge-4", "edge-customer-free", "2026-09-21T12:00:00Z", 0, {
        totalDiscounts: 35,
        discountCodes: "welcome10",
      }),
      order("edge-5", "edge-customer-free", "2026-09-28T23:30:00Z", 35, { discountCodes: " " }),
      // Two codes with a space, a guest with a code, and a cancelled order with one.
      order("edge-6", customer.id, "2026-09-05T10:00:00Z", 80, {
        totalDiscounts: 12,
        discountCodes: "WELCOME10, Vip5",
      }),
      order("edge-7", null, "2026-09-06T10:00:00Z", 50, { totalDiscounts: 5, discountCodes: "VIP5" }),
      order("edge-8", customer.id, "2026-09-07T10:00:00Z", 70, {
        totalDiscounts: 7,
        discountCodes: "VIP5",
        cancelledAt: new Date("2026-09-08T10:00:00Z"),
      }),
    ],
  });
  await db.mirrorLineItem.createMany({
    data: [
      { ...product, id: "edge-line-1", orderId: "edge-2", createdAt: new Date("2026-10-03T03:30:00Z"), localDay: "" },
      // A line of a product deleted since: no product or variant.
      {
        ...product,
        id: "edge-line-2",
        orderId: "edge-2",
        productId: null,
        variantId: null,
        createdAt: new Date("2026-10-03T03:30:00Z"),
        localDay: "",
      },
    ],
  });
}, 180_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  await emulator?.close();
});

describe("per-customer totals and histories from SQL", () => {
  const columns = (h: CustomerHistories) => ({
    asOfDay: h.asOfDay,
    ids: h.customerIds,
    netRevenue: [...h.netRevenue],
    purchaseDays: [...h.purchaseDays],
    firstDay: [...h.firstDay],
    lastDay: [...h.lastDay],
    netOnFirstDay: [...h.netOnFirstDay],
  });

  it("equal the sums of every order, on UTC days and on the shop's days, in one range or many", async () => {
    const asOf = await newestOrder();
    const rows = (await customerOrders({ lte: asOf })).map(orderRow);
    expect(rows.length).toBeGreaterThan(3000);
    const fromSql = await customerHistories(db, SHOP, { until: asOf, asOf });
    expect(columns(fromSql)).toEqual(columns(summarizeCustomers(rows, asOf)));
    const shopDays = await customerHistories(db, SHOP, { until: asOf, asOf, days: "shop" });
    expect(columns(shopDays)).toEqual(columns(summarizeCustomers(rows, asOf, TIME_ZONE)));
    // Read in ranges of 300 customers (a big store's path), the same histories and totals.
    expect(columns(await customerHistories(db, SHOP, { until: asOf, asOf, perRange: 300 }))).toEqual(columns(fromSql));
    const since = new Date(asOf.getTime() - 200 * DAY_MS);
    const totals = await customerTotals(db, SHOP, { since, until: asOf, asOf, perRange: 300 });
    const summed = summarizeCustomers((await customerOrders({ gte: since, lte: asOf })).map(orderRow), asOf);
    expect(totals.size).toBeGreaterThan(600);
    expect({ ...totals, asOf: null }).toEqual({
      asOf: null,
      size: summed.size,
      customerIds: summed.customerIds,
      orders: summed.orders,
      netRevenue: summed.netRevenue,
      firstOrderAt: summed.firstOrderAt,
      lastOrderAt: summed.lastOrderAt,
    });
    // The calendars really differ for some customers (orders in the New York evening).
    expect(columns(shopDays).firstDay).not.toEqual(columns(fromSql).firstDay);
    // The fully refunded customer is no purchaser; the first customer's 40.00 order refunded by 40.01 adds nothing.
    expect(fromSql.customerIds).not.toContain("edge-customer-refunded");
    const i = fromSql.customerIds.indexOf("edge-customer-free");
    expect([fromSql.netRevenue[i], fromSql.purchaseDays[i]]).toEqual([35, 2]);
    expect(totals.orders[totals.customerIds.indexOf("edge-customer-free")]).toBe(2);
  });

  it("come back packed: every row once, in values of any size, the last field free to hold tabs", async () => {
    const orders = await db.mirrorOrder.findMany({ where: { shop: SHOP }, select: { id: true, total: true } });
    const d = dialect();
    for (const perValue of [1, 97, 100_000]) {
      const seen = new Map<string, { total: number; text: string }>();
      let announced = -1;
      const count = await forEachPackedRow(
        db,
        d,
        `SELECT "total" AS "total", "id" || ${d.lit("\tx")} AS "text" FROM "MirrorOrder" WHERE "shop" = ${d.lit(SHOP)}`,
        ["total", "text"],
        (row) => seen.set(row.text(1), { total: row.num(0), text: row.text(1) }),
        { perValue, onCount: (n) => (announced = n) },
      );
      expect([count, announced, seen.size]).toEqual([orders.length, orders.length, orders.length]);
      for (const o of orders) expect(seen.get(`${o.id}\tx`)).toEqual({ total: o.total, text: `${o.id}\tx` });
    }
    expect(await forEachPackedRow(db, d, `SELECT 1 AS "a" WHERE 1 = 0`, ["a"], () => {})).toBe(0);
  });

  it("looks up contacts for more ids than one query may bind", async () => {
    const everyone = await db.mirrorCustomer.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } });
    expect(everyone.length).toBeGreaterThan(2 * IN_CHUNK);
    const contacts = await customerContacts(db, SHOP, [...everyone.map((c) => c.id), "no-such-customer"]);
    expect(contacts.size).toBe(everyone.length);
    for (const c of everyone)
      expect(contacts.get(c.id)).toEqual({ email: c.email, firstName: c.firstName, lastName: c.lastName });
  });
});

describe("the tools answer as the per-order implementation did", () => {
  it("get_customer_segments, a refund above its order's total included", async () => {
    for (const input of [
      { days: 365, includeCustomers: 5 },
      { days: 90, includeCustomers: 50 },
    ])
      expect(await call(getCustomerSegments, input)).toEqual(await oracleSegments(input.days, input.includeCustomers));
  });

  it("get_customer_lifetime_value", async () => {
    const result = await call(getCustomerLifetimeValue, { limit: 30 });
    if (result.status !== "ok") throw new Error(`expected a fitted model, got ${JSON.stringify(result).slice(0, 300)}`);
    const oracle = await oracleClv(30);
    expect(result).toMatchObject({
      customersScored: oracle.customersScored,
      repeatCustomers: oracle.repeatCustomers,
      totalExpectedValueNextYear: oracle.totalExpectedValueNextYear,
      churn: oracle.churn,
      model: { bgNbd: oracle.bgNbd, gammaGamma: oracle.gammaGamma },
    });
    expect(result.customers).toEqual(oracle.customers);
  });

  it("propose_campaigns", async () => {
    const result = await call(proposeCampaignsTool, {});
    const oracle = await oracleCampaigns();
    expect(result.customersAnalysed).toBe(oracle.rfm.customers.length);
    const titles = new Map((await db.mirrorProduct.findMany({ where: { shop: SHOP } })).map((p) => [p.id, p.title]));
    // A bundle names its two products in an order the old code left to the database's row order:
    // compare pairs as sets.
    const shape = (p: {
      id: string;
      kind: string;
      segments: string[];
      audienceSize: number;
      baselineOrderValue: number;
      expected: { revenue: number };
      productIds?: string[];
      products?: { id: string }[];
      exampleCustomerIds?: string[];
      customerIds?: string[];
    }) => ({
      id: p.kind === "bundle" ? "bundle" : p.id,
      products: (p.productIds ?? p.products!.map((x) => x.id)).slice().sort(),
      segments: p.kind === "bundle" ? [...p.segments].sort() : p.segments,
      audienceSize: p.audienceSize,
      examples: p.exampleCustomerIds ?? p.customerIds!.slice(0, 5),
      baselineOrderValue: round2(p.baselineOrderValue),
      revenue: round2(p.expected.revenue),
    });
    const sortKey = (x: ReturnType<typeof shape>) => `${x.id}:${x.products.join(",")}`;
    const got = result.proposals.map(shape).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const want = oracle.proposals.map(shape).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    expect(got).toEqual(want);
    expect(result.proposals.map((p) => p.kind)).toEqual(
      expect.arrayContaining(["win_back", "vip", "slow_mover", "bundle"]),
    );
    for (const p of result.proposals.filter((p) => p.kind !== "bundle")) {
      const same = oracle.proposals.find((o) => o.id === p.id)!;
      expect(p.rationale).toBe(same.rationale);
      expect(p.assumptionText).toBe(same.assumptionText);
    }
    for (const p of result.proposals) for (const x of p.products) expect(x.title).toBe(titles.get(x.id) ?? x.id);
  });

  it("get_campaign_results", async () => {
    const result = await call(getCampaignResults, {});
    const orders = await db.mirrorOrder.findMany({ where: { shop: SHOP, cancelledAt: null } });
    const windows: CampaignWindow[] = result.campaigns.map((c) => {
      const used = orders.filter((o) =>
        o.discountCodes
          .split(",")
          .map((x) => x.trim().toUpperCase())
          .includes(c.code.toUpperCase()),
      );
      // The tool states its window by day; the oracle needs the instants it used.
      if (c.window.basis.startsWith("first to last order")) {
        const times = used.map((o) => o.createdAt.getTime());
        return {
          code: c.code,
          startsAt: new Date(Math.min(...times)).toISOString(),
          endsAt: new Date(Math.max(...times)).toISOString(),
        };
      }
      return { code: c.code };
    });
    // Dated codes: their dates in Shopify, asked as the tool does.
    for (const [i, c] of result.campaigns.entries()) {
      if (c.window.basis !== "the discount's dates in Shopify") continue;
      const live = (await context().admin.graphql(
        `#graphql
        query OracleDiscount($code: String!) { codeDiscountNodeByCode(code: $code) { codeDiscount { ... on DiscountCodeBasic { startsAt endsAt } } } }`,
        { code: c.code },
      )) as { codeDiscountNodeByCode: { codeDiscount: { startsAt: string; endsAt: string | null } } };
      windows[i] = {
        code: c.code,
        startsAt: live.codeDiscountNodeByCode.codeDiscount.startsAt,
        endsAt: live.codeDiscountNodeByCode.codeDiscount.endsAt ?? undefined,
      };
    }
    const measured = measureCampaigns(
      orders.map((o) => ({
        orderId: o.id,
        customerId: o.customerId ?? `guest:${o.id}`,
        createdAt: o.createdAt.toISOString(),
        total: Math.max(0, o.total),
        refunded: Math.min(Math.max(0, o.totalRefunded), Math.max(0, o.total)),
        discountCodes: o.discountCodes
          .split(",")
          .map((c) => c.trim())
          .filter(Boolean),
        discountAmount: Math.max(0, o.totalDiscounts),
      })),
      windows,
    );
    expect(result.campaigns.map((c) => c.code.toUpperCase())).toEqual(expect.arrayContaining(["WELCOME10", "VIP5"]));
    expect(
      result.campaigns.map((c) => ({
        code: c.code,
        orders: c.orders,
        customers: c.customers,
        revenue: c.revenue,
        discountCost: c.discountCost,
        averageOrderValue: c.averageOrderValue,
        baselineAverageOrderValue: c.baselineAverageOrderValue,
        aovChangePct: c.aovChangePct,
        newCustomers: c.newCustomers,
        returningCustomers: c.returningCustomers,
      })),
    ).toEqual(
      measured.map((m) => ({
        code: m.code,
        orders: m.orders,
        customers: m.customers,
        revenue: round2(m.revenue),
        discountCost: round2(m.discountCost),
        averageOrderValue: round2(m.aov),
        baselineAverageOrderValue: m.baselineAov == null ? null : round2(m.baselineAov),
        aovChangePct: m.aovChange == null ? null : round4(m.aovChange),
        newCustomers: m.newCustomers,
        returningCustomers: m.returningCustomers,
      })),
    );
  });
});
