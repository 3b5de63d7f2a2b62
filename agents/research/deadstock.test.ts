import { describe, expect, it } from "vitest";
import {
  findCategoryGaps,
  findDeadStock,
  findDeadStockFromSummaries,
  type InventoryItem,
  type SaleLine,
} from "./deadstock";

const AS_OF = "2026-11-20";
const daysAgo = (n: number) => new Date(Date.parse(`${AS_OF}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

describe("findDeadStock", () => {
  const inventory: InventoryItem[] = [
    { id: "old-dead", productType: "Lamps", onHand: 40, unitCost: 12.5, createdAt: daysAgo(400) },
    { id: "never-sold", productType: "Lamps", onHand: 10, unitCost: null, createdAt: daysAgo(200) },
    { id: "new-item", productType: "Lamps", onHand: 25, unitCost: 3, createdAt: daysAgo(20) },
    { id: "selling", productType: "Tents", onHand: 5, unitCost: 50 },
    { id: "sold-out", productType: "Tents", onHand: 0, unitCost: 40 },
  ];
  const sales: SaleLine[] = [
    { id: "old-dead", date: daysAgo(120), units: 2 },
    { id: "selling", date: daysAgo(3), units: 4 },
    { id: "selling", date: daysAgo(40), units: 11 },
    { id: "sold-out", date: daysAgo(10), units: 6 },
    { id: "ghost", date: daysAgo(5), units: 1 },
  ];
  const report = findDeadStock(inventory, sales, { asOf: AS_OF, noSalesDays: 90 });

  it("flags stock with no sale in the window, with value at cost and days since last sale", () => {
    expect(report.deadItems.map((d) => d.id)).toEqual(["old-dead", "never-sold"]);
    const d = report.deadItems[0];
    expect(d.valueAtCost).toBe(500);
    expect(d.daysSinceLastSale).toBe(120);
    expect(d.lastSaleDate).toBe(daysAgo(120));
    expect(report.deadValueAtCost).toBe(500);
    expect(report.deadItemsWithoutCost).toBe(1);
    expect(report.deadUnits).toBe(50);
    expect(report.deadItems[1].daysSinceLastSale).toBeNull();
  });

  it("does not call a new item dead and reports sell-through and unmatched sales", () => {
    const byId = new Map(report.items.map((i) => [i.id, i]));
    expect(byId.get("new-item")!.isDead).toBe(false);
    expect(byId.get("selling")!.sellThroughRate).toBeCloseTo(15 / 20, 12);
    expect(byId.get("sold-out")!.sellThroughRate).toBe(1);
    expect(byId.get("old-dead")!.sellThroughRate).toBe(0);
    expect(report.unmatchedSalesLines).toBe(1);
  });

  it("asks for what it needs", () => {
    expect(() => findDeadStock(inventory, sales, { asOf: "tomorrow" })).toThrow(/options\.asOf/);
    expect(() =>
      findDeadStock(
        [
          { id: "a", onHand: 1 },
          { id: "a", onHand: 2 },
        ],
        [],
        { asOf: AS_OF },
      ),
    ).toThrow(/duplicate id a/);
  });
});

describe("findDeadStockFromSummaries", () => {
  const inventory: InventoryItem[] = [
    { id: "old-dead", productType: "Lamps", onHand: 40, unitCost: 12.5, createdAt: daysAgo(400) },
    { id: "never-sold", productType: "Lamps", onHand: 10, unitCost: null, createdAt: daysAgo(200) },
    { id: "new-item", productType: "Lamps", onHand: 25, unitCost: 3, createdAt: daysAgo(20) },
    { id: "selling", productType: "Tents", onHand: 5, unitCost: 50 },
    { id: "sold-out", productType: "Tents", onHand: 0, unitCost: 40 },
    { id: "edge", productType: "Tents", onHand: 3, unitCost: 9 },
  ];
  const sales: SaleLine[] = [
    { id: "old-dead", date: daysAgo(120), units: 2 },
    { id: "old-dead", date: daysAgo(300), units: 7 },
    { id: "selling", date: daysAgo(3), units: 4 },
    { id: "selling", date: daysAgo(40), units: 11 },
    { id: "selling", date: daysAgo(95), units: 30 },
    { id: "sold-out", date: daysAgo(10), units: 6 },
    // The first day inside a 90-day window and the last day outside it.
    { id: "edge", date: daysAgo(89), units: 1 },
    { id: "edge", date: daysAgo(90), units: 5 },
    { id: "ghost", date: daysAgo(5), units: 1 },
  ];

  /** What the database sums per item (research/tools.ts lastSales), here from the lines. */
  function summaries(noSalesDays: number) {
    const byId = new Map<string, { id: string; lastSaleDate: string | null; unitsInWindow: number }>();
    for (const s of sales) {
      const row = byId.get(s.id) ?? { id: s.id, lastSaleDate: null, unitsInWindow: 0 };
      if (row.lastSaleDate === null || s.date > row.lastSaleDate) row.lastSaleDate = s.date;
      if (s.date >= daysAgo(noSalesDays - 1)) row.unitsInWindow += s.units;
      byId.set(s.id, row);
    }
    return [...byId.values()];
  }

  it.each([30, 90, 200])("gives the report the lines give (%i days without sales)", (noSalesDays) => {
    const fromLines = findDeadStock(inventory, sales, { asOf: AS_OF, noSalesDays });
    const fromSummaries = findDeadStockFromSummaries(inventory, summaries(noSalesDays), {
      asOf: AS_OF,
      noSalesDays,
    });
    expect(fromSummaries.items).toEqual(fromLines.items);
    expect(fromSummaries.deadItems.map((d) => d.id)).toEqual(fromLines.deadItems.map((d) => d.id));
    expect(fromSummaries.deadValueAtCost).toBe(fromLines.deadValueAtCost);
    // One summary per unknown item, where the lines count each of its lines.
    expect(fromSummaries.unmatchedSalesLines).toBe(1);
  });

  it("counts the window's first day in and the day before it out", () => {
    const report = findDeadStockFromSummaries(inventory, summaries(90), { asOf: AS_OF, noSalesDays: 90 });
    const edge = report.items.find((i) => i.id === "edge")!;
    expect(edge.unitsSoldInWindow).toBe(1);
    expect(edge.isDead).toBe(false);
  });
});

describe("findCategoryGaps", () => {
  // Catalogue: 8 mugs (lots of stock), 2 backpacks (little stock) that sell most and grow.
  const inventory: InventoryItem[] = [
    ...Array.from({ length: 8 }, (_, i) => ({
      id: `mug${i}`,
      productType: "Mugs",
      onHand: 50,
      price: 10 + i,
      unitCost: 4,
    })),
    { id: "bp-cheap", productType: "Backpacks", onHand: 5, price: 25, unitCost: 10 },
    { id: "bp-mid", productType: "Backpacks", onHand: 5, price: 30, unitCost: 12 },
    { id: "bp-premium", productType: "Backpacks", onHand: 3, price: 120, unitCost: 50 },
  ];
  const sales: SaleLine[] = [];
  for (let d = 0; d < 90; d++) {
    sales.push({ id: `mug${d % 8}`, date: daysAgo(d), units: 1 });
    // Backpacks: 1/day in the older half, 3/day in the recent half.
    sales.push({ id: d % 2 ? "bp-cheap" : "bp-mid", date: daysAgo(d), units: d < 45 ? 3 : 1 });
  }
  const r = findCategoryGaps(inventory, sales, { asOf: AS_OF, windowDays: 90 });
  const bp = r.categories.find((c) => c.category === "Backpacks")!;
  const mugs = r.categories.find((c) => c.category === "Mugs")!;

  it("finds the under-stocked, growing category with its numbers", () => {
    // Demand: backpacks 45*3 + 45*1 = 180, mugs 90 -> shares 2/3 and 1/3. Catalogue 3/11 and 8/11. Stock 13/413.
    expect(bp.demand).toBe(180);
    expect(bp.demandShare).toBeCloseTo(2 / 3, 12);
    expect(bp.catalogueShare).toBeCloseTo(3 / 11, 12);
    expect(bp.stockShare).toBeCloseTo(13 / 413, 12);
    expect(bp.demandToCatalogueRatio).toBeCloseTo(2 / 3 / (3 / 11), 12);
    expect(bp.growth).toBeCloseTo(135 / 45 - 1, 12);
    expect(bp.isGap).toBe(true);
    expect(bp.reasons.length).toBe(3);
    expect(mugs.isGap).toBe(false);
    expect(r.categories[0].category).toBe("Backpacks");
    // Overall: older half 45 + 45 = 90, recent half 45 + 135 = 180.
    expect(r.overallGrowth).toBeCloseTo(1, 12);
  });

  it("finds the empty price band between 30 and 120 in backpacks", () => {
    expect(r.priceBandGaps).toHaveLength(1);
    expect(r.priceBandGaps[0]).toMatchObject({
      category: "Backpacks",
      lower: 30,
      upper: 120,
      ratio: 4,
      productsBelow: 2,
      productsAbove: 1,
      demandBelow: 180,
      demandAbove: 0,
    });
  });

  it("measures revenue when asked", () => {
    const rev = findCategoryGaps(inventory, sales, { asOf: AS_OF, windowDays: 90, measure: "revenue" });
    const b = rev.categories.find((c) => c.category === "Backpacks")!;
    // 45 days x 3 + 45 x 1 units split between 25 and 30 by day parity.
    const expected = sales
      .filter((s) => s.id.startsWith("bp"))
      .reduce((s, x) => s + x.units * (x.id === "bp-cheap" ? 25 : 30), 0);
    expect(b.demand).toBe(expected);
  });
});
