import { describe, expect, it } from "vitest";
import { DEFAULT_RISK_WEIGHTS, scoreOrderRisk, type RiskContext, type RiskFactorId, type RiskOrder } from "./risk";

const context: RiskContext = { shopAov: 50, typicalQuantityBySku: { TEE: 1, SOCK: 3 }, recentOrders: [] };

// A clean returning-customer order: no factor should fire.
const clean: RiskOrder = {
  id: "1001",
  createdAt: "2025-06-30T12:00:00Z",
  customerId: "cust-1",
  email: "ann@example.com",
  totalPrice: 60,
  previousOrders: 4,
  billingAddress: { countryCode: "US", zip: "10001-1234" },
  shippingAddress: { countryCode: "US", zip: "10001" },
  lineItems: [{ sku: "TEE", quantity: 1 }],
  shippingTitles: ["Standard"],
  riskAssessments: [{ riskLevel: "LOW", facts: [{ description: "Card verified", sentiment: "POSITIVE" }] }],
};

const fired = (order: RiskOrder, ctx: RiskContext = context) =>
  scoreOrderRisk(order, ctx)
    .factors.filter((f) => f.fired)
    .map((f) => f.id)
    .sort();

const sumOfContributions = (order: RiskOrder, ctx: RiskContext = context) => {
  const result = scoreOrderRisk(order, ctx);
  return { result, sum: result.factors.reduce((s, f) => s + f.contribution, 0) };
};

describe("scoreOrderRisk", () => {
  it("fires nothing for a clean returning-customer order (ZIP+4 equals ZIP)", () => {
    const result = scoreOrderRisk(clean, context);
    expect(result.score).toBe(0);
    expect(result.level).toBe("low");
    expect(result.recommendation.action).toBe("fulfill");
    expect(result.factors).toHaveLength(9);
  });

  const cases: [string, Partial<RiskOrder>, RiskContext | undefined, RiskFactorId[], number][] = [
    ["Shopify HIGH", { riskAssessments: [{ riskLevel: "HIGH", facts: [] }] }, undefined, ["shopify_risk_level"], 60],
    [
      "Shopify MEDIUM among several providers",
      {
        riskAssessments: [
          { riskLevel: "LOW", facts: [] },
          { riskLevel: "MEDIUM", facts: [] },
        ],
      },
      undefined,
      ["shopify_risk_level"],
      25,
    ],
    [
      "negative facts, capped at 3",
      {
        riskAssessments: [
          {
            riskLevel: "LOW",
            facts: ["a", "b", "c", "d"].map((d) => ({ description: d, sentiment: "NEGATIVE" as const })),
          },
        ],
      },
      undefined,
      ["shopify_negative_facts"],
      9,
    ],
    ["high-value first order", { previousOrders: 0, totalPrice: 151 }, undefined, ["high_value_first_order"], 20],
    [
      "country mismatch",
      { shippingAddress: { countryCode: "NG", zip: "100001" } },
      undefined,
      ["country_mismatch"],
      15,
    ],
    ["zip mismatch", { shippingAddress: { countryCode: "US", zip: "94105" } }, undefined, ["zip_mismatch"], 5],
    [
      "velocity by email",
      {},
      {
        ...context,
        recentOrders: [
          { id: "990", createdAt: "2025-06-30T02:00:00Z", email: "ANN@example.com" },
          { id: "991", createdAt: "2025-06-29T13:00:00Z", customerId: "cust-1" },
          { id: "1001", createdAt: "2025-06-30T12:00:00Z", customerId: "cust-1" }, // the order itself
        ],
      },
      ["velocity"],
      15,
    ],
    ["unusual quantity", { lineItems: [{ sku: "SOCK", quantity: 15 }] }, undefined, ["unusual_quantity"], 10],
    [
      "new customer + expedited",
      { previousOrders: 0, shippingTitles: ["Express (1-2 days)"] },
      undefined,
      ["new_customer_expedited"],
      10,
    ],
    ["disposable email (subdomain)", { email: "x@inbox.mailinator.com" }, undefined, ["disposable_email"], 15],
  ];
  for (const [name, patch, ctx, expected, points] of cases) {
    it(`fires only ${expected.join(", ")} for: ${name}`, () => {
      const order = { ...clean, ...patch };
      expect(fired(order, ctx)).toEqual(expected);
      const { result, sum } = sumOfContributions(order, ctx);
      expect(result.score).toBeCloseTo(points, 10);
      expect(sum).toBeCloseTo(result.score, 10);
      expect(result.factors.find((f) => f.id === expected[0])!.evidence.length).toBeGreaterThan(0);
    });
  }

  it("does not fire near-misses", () => {
    expect(fired({ ...clean, previousOrders: 0, totalPrice: 150 })).toEqual([]); // exactly 3x AOV is not above
    expect(fired({ ...clean, previousOrders: 1, totalPrice: 500 })).toEqual([]); // not a first order
    expect(fired({ ...clean, lineItems: [{ sku: "SOCK", quantity: 14 }] })).toEqual([]); // < 5 x 3
    expect(fired({ ...clean, lineItems: [{ sku: "NEW-SKU", quantity: 40 }] })).toEqual([]); // no history
    expect(fired({ ...clean, shippingTitles: ["Express"] })).toEqual([]); // returning customer
    const oneOther = {
      ...context,
      recentOrders: [{ id: "9", createdAt: "2025-06-30T11:00:00Z", customerId: "cust-1" }],
    };
    expect(fired(clean, oneOther)).toEqual([]); // one other order < threshold 2
    const stale = {
      ...context,
      recentOrders: [1, 2].map((k) => ({ id: `s${k}`, createdAt: "2025-06-29T11:00:00Z", customerId: "cust-1" })),
    };
    expect(fired(clean, stale)).toEqual([]); // 25 h ago: outside the window
    expect(fired({ ...clean, shippingAddress: { countryCode: "CA", zip: null } })).toEqual(["country_mismatch"]); // zip not compared across countries
  });

  it("adds factors, holds above the threshold and scales contributions to sum to 100 when capped", () => {
    const medium: RiskOrder = { ...clean, previousOrders: 0, totalPrice: 400, email: "a@yopmail.com" };
    const m = scoreOrderRisk(medium, context);
    expect(m.score).toBe(20 + 15); // high-value first order + disposable email
    expect(m.level).toBe("medium");
    expect(m.recommendation.action).toBe("review");

    const bad: RiskOrder = {
      ...medium,
      shippingAddress: { countryCode: "NG", zip: "1" },
      shippingTitles: ["Overnight"],
      lineItems: [{ sku: "TEE", quantity: 10 }],
      riskAssessments: [{ riskLevel: "HIGH", facts: [{ description: "IP far from billing", sentiment: "NEGATIVE" }] }],
    };
    const b = scoreOrderRisk(bad, context);
    const raw = 60 + 3 + 20 + 15 + 10 + 10 + 15;
    expect(b.rawPoints).toBe(raw);
    expect(b.score).toBeCloseTo(100, 10);
    expect(b.factors.reduce((s, f) => s + f.contribution, 0)).toBeCloseTo(100, 10);
    expect(b.factors.find((f) => f.id === "shopify_risk_level")!.contribution).toBeCloseTo((60 * 100) / raw, 10);
    expect(b.level).toBe("high");
    expect(b.recommendation.action).toBe("hold");
    expect(b.recommendation.reason).toMatch(/^score 100 >= 60: hold/);
  });

  it("holds on Shopify HIGH alone (Shopify itself recommends cancelling those)", () => {
    const result = scoreOrderRisk({ ...clean, riskAssessments: [{ riskLevel: "HIGH", facts: [] }] }, context);
    expect(result.recommendation.action).toBe("hold");
  });

  it("uses configured weights and thresholds", () => {
    const order = { ...clean, email: "a@mailinator.com" };
    expect(scoreOrderRisk(order, context, { weights: { disposableEmail: 70 } }).recommendation.action).toBe("hold");
    expect(scoreOrderRisk(order, context, { thresholds: { reviewAt: 10 } }).level).toBe("medium");
    expect(
      scoreOrderRisk({ ...clean, email: "a@burner.test" }, context, { extraDisposableDomains: ["burner.test"] }).score,
    ).toBe(DEFAULT_RISK_WEIGHTS.disposableEmail);
  });

  it("rejects bad input with a message saying what to send", () => {
    expect(() => scoreOrderRisk(clean, { shopAov: 0 })).toThrow(/shopAov/);
    expect(() => scoreOrderRisk({ ...clean, previousOrders: -1 }, context)).toThrow(/previousOrders/);
    expect(() => scoreOrderRisk(clean, context, { thresholds: { reviewAt: 80, holdAt: 60 } })).toThrow(
      /reviewAt <= holdAt/,
    );
  });
});
