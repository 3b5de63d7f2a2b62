// The packed paid sales of the price tool (paid-sales.ts) against dailySales, the dense series it
// replaces: for every variant, the same paid units and prices on every day of the window, cancelled
// orders, free units and days outside the window left out alike; by id for a few variants and as
// one filtered pass for many.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { addDays, type IsoDay } from "../core/time";
import { createDb, type Db } from "../db/client";
import { IN_CHUNK } from "../db/chunk";
import { dailySales } from "../data/catalog";
import { paidSales, paidSeriesOf } from "./paid-sales";

const SHOP = "paid-sales.myshopify.com";
const END = "2026-11-30" as IsoDay;
const DAYS = 60;
let database: TestDatabase;
let db: Db;

/** A deterministic pseudo-random sequence (no Math.random: the rows must be the same each run). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  await db.shop.create({ data: { domain: SHOP, ianaTimezone: "UTC" } });
  const random = lcg(7);
  const orders = [];
  const lines = [];
  // 12 variants over 80 days (20 before the window): several lines a day at different prices, some
  // free (price 0), some orders cancelled; v-free only ever given away, v-none never sold.
  for (let n = 0; n < 900; n++) {
    const day = addDays(END, -Math.floor(random() * 80));
    const at = new Date(`${day}T${String(Math.floor(random() * 24)).padStart(2, "0")}:30:00Z`);
    const id = `o${n}`;
    orders.push({
      shop: SHOP,
      id,
      name: `#${n}`,
      createdAt: at,
      cancelledAt: random() < 0.05 ? at : null,
      subtotal: 0,
      totalDiscounts: 0,
      totalShipping: 0,
      totalTax: 0,
      total: 0,
      updatedAt: at,
      localDay: day,
    });
    const variant = `v-${Math.floor(random() * 12)}`;
    const free = random() < 0.1;
    lines.push({
      shop: SHOP,
      id: `${id}-1`,
      orderId: id,
      variantId: variant,
      title: variant,
      quantity: 1 + Math.floor(random() * 3),
      unitPrice: free ? 0 : Math.round((15 + random() * 10) * 100) / 100,
      createdAt: at,
      localDay: day,
    });
    if (random() < 0.1)
      lines.push({ ...lines[lines.length - 1], id: `${id}-2`, variantId: "v-free", title: "free", unitPrice: 0 });
  }
  await db.mirrorOrder.createMany({ data: orders });
  await db.mirrorLineItem.createMany({ data: lines });
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

async function expectSameAsDailySales(variantIds: string[]) {
  const dense = await dailySales(db, SHOP, { days: DAYS, end: END, variantIds });
  const packed = await paidSales(db, SHOP, { days: DAYS, end: END, variantIds });
  expect(packed.start).toBe(dense.start);
  // Exactly the variants with a paid unit in the window.
  const sold = variantIds.filter((id) => dense.paidUnits.get(id)!.some((n) => n > 0));
  expect([...packed.variantIds].sort()).toEqual(sold.sort());
  expect(sold.length).toBeGreaterThan(0);
  for (const [k, id] of packed.variantIds.entries()) {
    const series = paidSeriesOf(packed, k);
    expect(Array.from(series.units)).toEqual(dense.paidUnits.get(id));
    expect(Array.from(series.price)).toEqual(dense.price.get(id));
  }
}

describe("paidSales", () => {
  it("gives dailySales's paid units and prices of every sold variant, read by id", async () => {
    const ids = [...Array.from({ length: 12 }, (_, i) => `v-${i}`), "v-free", "v-none"];
    await expectSameAsDailySales(ids);
    const packed = await paidSales(db, SHOP, { days: DAYS, end: END, variantIds: ids });
    expect(packed.variantIds).not.toContain("v-free");
    expect(packed.variantIds).not.toContain("v-none");
  });

  it("gives the same over one filtered pass when many variants are asked for", async () => {
    const many = [
      ...Array.from({ length: 12 }, (_, i) => `v-${i}`),
      ...Array.from({ length: IN_CHUNK }, (_, i) => `unsold-${i}`),
    ];
    await expectSameAsDailySales(many.filter((id) => id !== "v-3"));
  });

  it("reads nothing for no variants", async () => {
    const packed = await paidSales(db, SHOP, { days: DAYS, end: END, variantIds: [] });
    expect(packed.variantIds).toEqual([]);
    expect(packed.offsets).toEqual(new Int32Array([0]));
  });
});
