import { describe, expect, it } from "vitest";
import {
  DEFAULT_ASSUMPTIONS,
  expectedEffect,
  measureCampaigns,
  proposeCampaigns,
  redemptionRateFromResults,
  type DiscountedOrder,
} from "./campaigns";
import { computeRfm } from "./rfm";
import type { CustomerOrder } from "./orders";

const asOf = "2025-06-30T00:00:00.000Z";
const daysAgo = (d: number) => new Date(Date.parse(asOf) - d * 86_400_000).toISOString();

// Ten customers spread over recency/frequency/spend so that several segments are populated.
const history: CustomerOrder[] = [];
const shapes: [string, number, number, number][] = [
  // id, days since last order, orders, value per order
  ["champ1", 1, 6, 90],
  ["champ2", 3, 5, 80],
  ["loyal", 40, 5, 70],
  ["new1", 2, 1, 30],
  ["risk1", 200, 3, 50],
  ["risk2", 220, 3, 45],
  ["cant", 250, 8, 120],
  ["hib1", 150, 1, 10],
  ["lost1", 400, 1, 12],
  ["mid", 60, 2, 35],
];
for (const [id, last, n, value] of shapes) {
  for (let k = 0; k < n; k++) history.push({ customerId: id, createdAt: daysAgo(last + k * 20), total: value });
}
const rfm = computeRfm(history, asOf);
const segmentOf = Object.fromEntries(rfm.customers.map((c) => [c.customerId, c.segment]));

describe("proposeCampaigns", () => {
  it("proposes win-back and VIP campaigns targeting exactly the segment members", () => {
    const proposals = proposeCampaigns({ rfm });
    const vip = proposals.find((p) => p.kind === "vip")!;
    const champions = rfm.customers.filter((c) => c.segment === "Champions").map((c) => c.customerId);
    expect(champions.length).toBeGreaterThan(0);
    expect(vip.customerIds).toEqual(champions);
    expect(vip.audienceSize).toBe(champions.length);
    expect(vip.suggestedDiscountPct).toBe(10);

    const winBacks = proposals.filter((p) => p.kind === "win_back");
    expect(winBacks.length).toBeGreaterThan(0);
    for (const p of winBacks) {
      expect(p.segments).toHaveLength(1);
      for (const id of p.customerIds) expect(segmentOf[id]).toBe(p.segments[0]);
      expect(["At risk", "Can't lose them", "Hibernating"]).toContain(p.segments[0]);
    }
    // No empty campaigns.
    for (const p of proposals) expect(p.audienceSize).toBeGreaterThan(0);
  });

  it("computes the expected effect from the stated assumptions", () => {
    const proposals = proposeCampaigns({ rfm, assumptions: { vip: { redemptionRate: 0.5 } }, discounts: { vip: 20 } });
    const vip = proposals.find((p) => p.kind === "vip")!;
    const members = rfm.customers.filter((c) => c.segment === "Champions");
    const aov = members.reduce((s, c) => s + c.monetary, 0) / members.reduce((s, c) => s + c.orders, 0);
    expect(vip.baselineOrderValue).toBeCloseTo(aov, 10);
    expect(vip.assumptions).toEqual({
      redemptionRate: 0.5,
      incrementalShare: DEFAULT_ASSUMPTIONS.vip.incrementalShare,
    });
    const redemptions = members.length * 0.5;
    expect(vip.expected.redemptions).toBeCloseTo(redemptions, 10);
    expect(vip.expected.discountCost).toBeCloseTo(redemptions * aov * 0.2, 10);
    expect(vip.expected.revenue).toBeCloseTo(redemptions * aov * 0.8, 10);
    expect(vip.assumptionText).toMatch(/50\.0% of the \d+ targeted customers redeem/);
    // Hand check of the net-incremental formula: 100 customers, 10% redeem, value 50, 20% off, 40% incremental.
    expect(expectedEffect(100, 50, 20, { redemptionRate: 0.1, incrementalShare: 0.4 })).toEqual({
      redemptions: 10,
      revenue: 400,
      discountCost: 100,
      netIncrementalRevenue: 0.4 * 400 - 0.6 * 100,
    });
  });

  it("targets slow movers and bundles at the right buyers when purchase data is given", () => {
    const purchases = [
      { customerId: "champ1", productId: "P-A" },
      { customerId: "champ2", productId: "P-A" },
      { customerId: "champ2", productId: "P-B" },
      { customerId: "risk1", productId: "P-B" },
      { customerId: "lost1", productId: "P-A" },
      { customerId: "loyal", productId: "P-DEAD" },
    ];
    const proposals = proposeCampaigns({
      rfm,
      purchases,
      slowMovers: [{ productId: "P-DEAD", stockStatus: "dead" }],
      bundlePairs: [{ productA: "P-A", productB: "P-B", timesBoughtTogether: 12 }],
    });
    const bundle = proposals.find((p) => p.kind === "bundle")!;
    // Exactly one of the pair: champ1 (A only) and risk1 (B only); champ2 has both, lost1 is Lost.
    expect([...bundle.customerIds].sort()).toEqual(["champ1", "risk1"]);
    expect(bundle.rationale).toMatch(/12 times/);
    const dead = proposals.find((p) => p.id === "dead-stock")!;
    expect(dead.suggestedDiscountPct).toBe(30);
    expect(dead.customerIds).not.toContain("loyal"); // already bought it
    for (const id of dead.customerIds)
      expect(["Champions", "Loyal", "Potential loyalists", "New", "Need attention"]).toContain(segmentOf[id]);
    expect(proposals.some((p) => p.id === "slow-stock")).toBe(false);
  });

  it("rejects bad parameters", () => {
    expect(() => proposeCampaigns({ rfm, discounts: { vip: 150 } })).toThrow(/percentage/);
    expect(() => proposeCampaigns({ rfm, assumptions: { bundle: { redemptionRate: 2 } } })).toThrow(/fraction/);
    expect(() => proposeCampaigns({ rfm, discounts: { bogus: 5 } as never })).toThrow(/unknown discount key/);
  });
});

describe("measureCampaigns", () => {
  const orders: DiscountedOrder[] = [
    // Before the campaign: x and y are existing customers.
    { orderId: "1", customerId: "x", createdAt: "2025-05-01T10:00:00Z", total: 40 },
    { orderId: "2", customerId: "y", createdAt: "2025-05-02T10:00:00Z", total: 60 },
    // During the campaign (June): three orders with SUMMER10 (one lower-case), two without any code, one with another code.
    {
      orderId: "3",
      customerId: "x",
      createdAt: "2025-06-03T10:00:00Z",
      total: 90,
      discountCodes: ["SUMMER10"],
      discountAmount: 10,
    },
    {
      orderId: "4",
      customerId: "z",
      createdAt: "2025-06-04T10:00:00Z",
      total: 45,
      discountCodes: ["summer10"],
      discountAmount: 5,
    },
    {
      orderId: "5",
      customerId: "z",
      createdAt: "2025-06-10T10:00:00Z",
      total: 72,
      refunded: 12,
      discountCodes: ["SUMMER10"],
      discountAmount: 8,
    },
    { orderId: "6", customerId: "y", createdAt: "2025-06-05T10:00:00Z", total: 50 },
    { orderId: "7", customerId: "w", createdAt: "2025-06-06T10:00:00Z", total: 30 },
    {
      orderId: "8",
      customerId: "v",
      createdAt: "2025-06-07T10:00:00Z",
      total: 200,
      discountCodes: ["VIP"],
      discountAmount: 20,
    },
    // After the window: not counted.
    {
      orderId: "9",
      customerId: "q",
      createdAt: "2025-07-15T10:00:00Z",
      total: 99,
      discountCodes: ["SUMMER10"],
      discountAmount: 11,
    },
  ];
  const [summer] = measureCampaigns(orders, [
    { code: "SUMMER10", startsAt: "2025-06-01T00:00:00Z", endsAt: "2025-06-30T23:59:59Z", targetedCustomers: 20 },
  ]);

  it("counts orders, revenue, discount cost and AOV against the no-code baseline", () => {
    expect(summer.orders).toBe(3);
    expect(summer.revenue).toBe(90 + 45 + 60);
    expect(summer.discountCost).toBe(23);
    expect(summer.aov).toBeCloseTo(65, 10);
    expect(summer.baselineOrders).toBe(2); // orders 6 and 7; order 8 used another code
    expect(summer.baselineAov).toBe(40);
    expect(summer.aovChange).toBeCloseTo(0.625, 10);
  });

  it("splits customers into new and returning using the full history", () => {
    expect(summer.customers).toBe(2);
    expect(summer.newCustomers).toBe(1); // z's first order was a campaign order
    expect(summer.returningCustomers).toBe(1); // x ordered in May
    expect(summer.redemptionRate).toBeCloseTo(0.1, 10);
    expect(redemptionRateFromResults([summer])).toBeCloseTo(0.1, 10);
  });

  it("reports zero orders (not an error) for an unused code and requires discountAmount on coded orders", () => {
    const [unused] = measureCampaigns(orders, [{ code: "NOPE" }]);
    expect(unused).toMatchObject({ orders: 0, revenue: 0, aovChange: null, newCustomers: 0 });
    expect(() =>
      measureCampaigns(
        [{ orderId: "a", customerId: "x", createdAt: "2025-06-01T00:00:00Z", total: 5, discountCodes: ["X"] }],
        [{ code: "X" }],
      ),
    ).toThrow(/discountAmount/);
  });
});
