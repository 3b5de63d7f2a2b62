import { describe, expect, it } from "vitest";
import { routeOrder, type StockLocation } from "./routing";

const lines = [
  { sku: "A", quantity: 2 },
  { sku: "B", quantity: 1 },
];

describe("routeOrder", () => {
  it("prefers one location holding everything over a closer partial one", () => {
    const locations: StockLocation[] = [
      { id: "near", stock: { A: 5 }, distance: 1 },
      { id: "far", stock: { A: 2, B: 1 }, distance: 50 },
    ];
    const plan = routeOrder(lines, locations);
    expect(plan.strategy).toBe("single_location");
    expect(plan.complete).toBe(true);
    expect(plan.splits).toBe(0);
    expect(plan.assignments).toEqual([
      {
        locationId: "far",
        items: [
          { sku: "A", quantity: 2 },
          { sku: "B", quantity: 1 },
        ],
      },
    ]);
  });

  it("picks the closest of several complete locations, then priority on equal distance", () => {
    const locations: StockLocation[] = [
      { id: "w1", stock: { A: 9, B: 9 }, distance: 30 },
      { id: "w2", stock: { A: 9, B: 9 }, distance: 10 },
      { id: "w3", stock: { A: 9, B: 9 }, distance: 10, priority: 1 },
      { id: "w4", stock: { A: 9, B: 9 }, distance: 10, priority: 2 },
    ];
    expect(routeOrder(lines, locations).assignments[0].locationId).toBe("w3");
  });

  it("splits across the fewest locations, choosing the closest such set", () => {
    const locations: StockLocation[] = [
      { id: "a-only-near", stock: { A: 1 }, distance: 1 },
      { id: "a-only-mid", stock: { A: 2 }, distance: 5 },
      { id: "b-only-far", stock: { B: 3 }, distance: 20 },
      { id: "b-only-near", stock: { B: 1 }, distance: 2 },
    ];
    const plan = routeOrder(lines, locations);
    expect(plan.strategy).toBe("split");
    expect(plan.splits).toBe(1); // the nearest A location alone cannot cover 2 units, so a-only-mid + b-only-near
    expect(plan.assignments).toEqual([
      { locationId: "b-only-near", items: [{ sku: "B", quantity: 1 }] },
      { locationId: "a-only-mid", items: [{ sku: "A", quantity: 2 }] },
    ]);
    expect(plan.shortfall).toEqual([]);
  });

  it("splits one line across locations when no location has the full quantity", () => {
    const plan = routeOrder(
      [{ sku: "A", quantity: 5 }],
      [
        { id: "x", stock: { A: 3 }, distance: 1 },
        { id: "y", stock: { A: 2 }, distance: 2 },
        { id: "z", stock: { A: 1 }, distance: 0 },
      ],
    );
    expect(plan.complete).toBe(true);
    expect(plan.assignments.map((a) => [a.locationId, a.items[0].quantity])).toEqual([
      ["x", 3],
      ["y", 2],
    ]);
  });

  it("reports shortfalls and still ships what exists from the fewest locations", () => {
    const plan = routeOrder(
      [
        { sku: "A", quantity: 4 },
        { sku: "B", quantity: 1 },
        { sku: "C", quantity: 2 },
      ],
      [
        { id: "x", stock: { A: 1, B: 1 }, distance: 3 },
        { id: "y", stock: { A: 1, C: -2 }, distance: 1 }, // oversold C counts as zero
      ],
    );
    expect(plan.complete).toBe(false);
    expect(plan.strategy).toBe("partial");
    expect(plan.shortfall).toEqual([
      { sku: "A", requested: 4, available: 2, missing: 2 },
      { sku: "C", requested: 2, available: 0, missing: 2 },
    ]);
    expect(plan.assignments.flatMap((a) => a.items).reduce((s, i) => s + i.quantity, 0)).toBe(3);
    expect(plan.reason).toMatch(/A: 2 of 4 unavailable/);
  });

  it("says so when nothing is in stock, and rejects bad input", () => {
    expect(routeOrder(lines, [{ id: "x", stock: { Z: 4 } }])).toMatchObject({
      strategy: "nothing_available",
      complete: false,
      assignments: [],
    });
    expect(() => routeOrder([{ sku: "A", quantity: 0 }], [])).toThrow(/positive integer/);
    expect(() =>
      routeOrder(lines, [
        { id: "x", stock: {} },
        { id: "x", stock: {} },
      ]),
    ).toThrow(/twice/);
  });

  it("falls back to a greedy search over many locations and still covers the order", () => {
    const many: StockLocation[] = Array.from({ length: 20 }, (_, i) => ({
      id: `l${i}`,
      stock: { A: 1, B: i === 19 ? 1 : 0 },
      distance: i,
    }));
    const plan = routeOrder(lines, many);
    expect(plan.complete).toBe(true);
    expect(plan.assignments.map((a) => a.locationId).sort()).toEqual(["l0", "l19"]);
    expect(plan.reason).toMatch(/greedy/);
  });
});
