import { describe, expect, it } from "vitest";
import { computeRfm, SEGMENT_RULES, segmentFor } from "./rfm";
import { quintileScores } from "./stats";
import type { CustomerOrder } from "./orders";

const asOf = "2025-06-30T00:00:00.000Z";
const daysAgo = (d: number) => new Date(Date.parse(asOf) - d * 86_400_000).toISOString();

describe("quintileScores", () => {
  it("splits ten distinct values into pairs", () => {
    expect(quintileScores([10, 3, 7, 1, 9, 2, 8, 4, 6, 5])).toEqual([5, 2, 4, 1, 5, 1, 4, 2, 3, 3]);
  });
  it("gives tied values one score from their mid-rank", () => {
    // Four 1s share ranks 1..4: mid-rank 2.5 -> ceil(5 * 2 / 6) = 2; the 2 (rank 5) -> ceil(5 * 4.5 / 6) = 4;
    // the 3 (rank 6) -> ceil(5 * 5.5 / 6) = 5; all-equal values get the middle score.
    expect(quintileScores([1, 1, 2, 1, 3, 1])).toEqual([2, 2, 4, 2, 5, 2]);
    expect(quintileScores([4, 4, 4])).toEqual([3, 3, 3]);
    expect(quintileScores([])).toEqual([]);
  });
});

describe("computeRfm on a hand-checked example", () => {
  const orders: CustomerOrder[] = [
    { customerId: "A", createdAt: daysAgo(2), total: 100 },
    { customerId: "A", createdAt: daysAgo(10), total: 50 },
    { customerId: "A", createdAt: daysAgo(30), total: 50 },
    { customerId: "B", createdAt: daysAgo(5), total: 40 },
    { customerId: "C", createdAt: daysAgo(100), total: 300 },
    { customerId: "C", createdAt: daysAgo(200), total: 300 },
    { customerId: "D", createdAt: daysAgo(300), total: 20 },
    { customerId: "D", createdAt: daysAgo(1), total: 80, refunded: 80 }, // fully refunded: not a purchase
    { customerId: "E", createdAt: daysAgo(60), total: 30 },
    { customerId: "E", createdAt: daysAgo(70), total: 30, refunded: 10 },
    { customerId: "E", createdAt: daysAgo(80), total: 30 },
    { customerId: "E", createdAt: daysAgo(90), total: 30 },
    { customerId: "A", createdAt: daysAgo(-3), total: 999 }, // after asOf: ignored
  ];
  const result = computeRfm(orders, asOf);
  const byId = Object.fromEntries(result.customers.map((c) => [c.customerId, c]));

  it("computes raw recency, frequency and net monetary value", () => {
    expect(byId.A).toMatchObject({ recencyDays: 2, orders: 3, monetary: 200 });
    expect(byId.D).toMatchObject({ recencyDays: 300, orders: 1, monetary: 20 });
    expect(byId.E).toMatchObject({ recencyDays: 60, orders: 4, monetary: 110 });
    expect(result.ignoredAfterAsOf).toBe(1);
    expect(result.ignoredFullyRefunded).toBe(1);
  });

  it("scores quintiles (5 customers: score = rank; B and D tie on frequency)", () => {
    // Recency days A2 B5 E60 C100 D300 -> R 5 4 3 2 1. Orders E4 A3 C2 B1 D1 -> F 5 4 3 1 1
    // (the B/D tie has mid-rank 1.5 -> ceil(5 * 1 / 5) = 1).
    // Money D20 B40 E110 A200 C600 -> M 1 2 3 4 5.
    expect(Object.fromEntries(result.customers.map((c) => [c.customerId, c.code]))).toEqual({
      A: "544",
      B: "412",
      C: "235",
      D: "111",
      E: "353",
    });
  });

  it("names segments by the rule table", () => {
    expect(byId.A.segment).toBe("Champions"); // R5, FM 4
    expect(byId.B.segment).toBe("New"); // R4, one order
    expect(byId.C.segment).toBe("At risk"); // R2, FM round(4) = 4
    expect(byId.D.segment).toBe("Lost"); // R1, FM 1
    expect(byId.E.segment).toBe("Loyal"); // R3, FM 4
  });

  it("reports segment sizes and revenue for every segment", () => {
    expect(result.segments.map((s) => s.segment)).toEqual(SEGMENT_RULES.map((r) => r.segment));
    const champions = result.segments.find((s) => s.segment === "Champions")!;
    expect(champions).toMatchObject({ customers: 1, revenue: 200 });
    expect(champions.shareOfRevenue).toBeCloseTo(200 / 970, 10);
    expect(result.segments.reduce((s, x) => s + x.customers, 0)).toBe(5);
    expect(result.segments.find((s) => s.segment === "Hibernating")!.customers).toBe(0);
  });
});

describe("segment rules", () => {
  it("assign exactly one segment to every score combination", () => {
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++)
        for (let m = 1; m <= 5; m++)
          for (const orders of [1, 2, 5]) expect(() => segmentFor({ r, f, m, orders })).not.toThrow();
  });
  it("use recency to separate the best customers from those slipping away", () => {
    expect(segmentFor({ r: 5, f: 5, m: 5, orders: 9 })).toBe("Champions");
    expect(segmentFor({ r: 1, f: 5, m: 5, orders: 9 })).toBe("Can't lose them");
    expect(segmentFor({ r: 2, f: 1, m: 2, orders: 1 })).toBe("Hibernating");
    expect(segmentFor({ r: 5, f: 3, m: 2, orders: 2 })).toBe("Potential loyalists");
  });
});

describe("computeRfm input errors", () => {
  it("rejects malformed orders with a message saying what to send", () => {
    expect(() => computeRfm([{ customerId: "A", createdAt: "yesterday", total: 1 }], asOf)).toThrow(/ISO 8601/);
    expect(() => computeRfm([{ customerId: "A", createdAt: asOf, total: 10, refunded: -1 }], asOf)).toThrow(
      /refunded must be a finite number >= 0/,
    );
    expect(() => computeRfm([{ customerId: "", createdAt: asOf, total: 1 }], asOf)).toThrow(/customerId/);
    expect(() => computeRfm([], "not a date")).toThrow(/asOf/);
  });

  it("counts a refund above the order total (shipping, rounding) as a fully refunded order", () => {
    const result = computeRfm(
      [
        { customerId: "A", createdAt: "2025-06-01T10:00:00Z", total: 10, refunded: 10.01 },
        { customerId: "A", createdAt: "2025-06-02T10:00:00Z", total: 20, refunded: 5 },
        { customerId: "B", createdAt: "2025-06-03T10:00:00Z", total: 30, refunded: 31 },
      ],
      asOf,
    );
    expect(result.ignoredFullyRefunded).toBe(2);
    expect(result.customers.map((c) => [c.customerId, c.orders, c.monetary])).toEqual([["A", 1, 15]]);
  });
});
