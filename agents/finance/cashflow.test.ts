import { describe, expect, it } from "vitest";
import { DEFAULT_PAYMENT_FEE, computeCashFlow } from "./cashflow";

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
const order = (id: string, day: string, total: number, tax = 0, shipping = 0) => ({
  id,
  createdAt: at(day),
  total,
  totalTax: tax,
  totalShipping: shipping,
});

describe("computeCashFlow", () => {
  // 2026-06-03 is a Wednesday: the period covers the end of one week and the start of the next.
  const base = {
    from: "2026-06-03",
    to: "2026-06-09",
    orders: [
      order("1", "2026-06-03", 100, 8, 5),
      order("2", "2026-06-07", 50),
      order("3", "2026-06-08", 200, 16),
      order("0", "2026-06-10", 999),
    ],
    refunds: [
      { orderId: "9", createdAt: at("2026-06-08"), amount: 30 },
      { orderId: "1", createdAt: at("2026-06-20"), amount: 100 },
    ],
    lines: [
      { orderId: "1", createdAt: at("2026-06-03"), quantity: 2, unitPrice: 40, unitCost: 15 },
      { orderId: "2", createdAt: at("2026-06-07"), quantity: 1, unitPrice: 50, unitCost: 20 },
      { orderId: "3", createdAt: at("2026-06-08"), quantity: 4, unitPrice: 45, unitCost: null },
    ],
  };

  it("adds up recorded inflows and refunds by their own dates, and estimates cost of goods and fees", () => {
    const flow = computeCashFlow(base);
    expect(flow.inflows.sales).toMatchObject({ amount: 350, estimated: false });
    expect(flow.inflows.taxCollected).toBe(24);
    expect(flow.inflows.shippingCollected).toBe(5);
    // The refund dated in the period counts even though its order is older; the later one does not.
    expect(flow.outflows.refunds).toMatchObject({ amount: 30, estimated: false });
    expect(flow.outflows.costOfGoodsKnown).toMatchObject({ amount: 50, estimated: true });
    // Known cost ratio 50 / 130; the 180 of uncosted item sales are costed at it.
    expect(flow.outflows.costOfGoodsExtrapolated?.amount).toBeCloseTo((180 * 50) / 130, 2);
    expect(flow.outflows.costOfGoodsExtrapolated?.basis).toMatch(/Estimated: 180 of item sales have no unit cost/);
    const fees = 350 * DEFAULT_PAYMENT_FEE.rate + 3 * DEFAULT_PAYMENT_FEE.fixedPerOrder;
    expect(flow.outflows.paymentFees.amount).toBeCloseTo(fees, 2);
    expect(flow.outflows.paymentFees.basis).toMatch(/2\.9% \+ 0\.30 per order/);
    expect(flow.costCoverage).toBeCloseTo(130 / 310, 4);
    const out = 30 + 50 + (180 * 50) / 130 + fees;
    expect(flow.totals).toEqual({
      inflows: 350,
      outflows: Math.round(out * 100) / 100,
      net: Math.round((350 - out) * 100) / 100,
      orders: 3,
    });
  });

  it("splits the period into Monday weeks clipped to the period, which add up to the totals", () => {
    const flow = computeCashFlow(base);
    expect(flow.weeks.map((w) => [w.weekStart, w.from, w.to, w.days, w.orders])).toEqual([
      ["2026-06-01", "2026-06-03", "2026-06-07", 5, 2],
      ["2026-06-08", "2026-06-08", "2026-06-09", 2, 1],
    ]);
    expect(flow.weeks[0].inflows).toBe(150);
    expect(flow.weeks[1].refunds).toBe(30);
    expect(flow.weeks[1].costOfGoods).toBeCloseTo((180 * 50) / 130, 2);
    const sum = (key: "inflows" | "outflows" | "net") => flow.weeks.reduce((s, w) => s + w[key], 0);
    expect(sum("inflows")).toBeCloseTo(flow.totals.inflows, 1);
    expect(sum("outflows")).toBeCloseTo(flow.totals.outflows, 1);
    expect(sum("net")).toBeCloseTo(flow.totals.net, 1);
  });

  it("says cost of goods is unknown when no sold item has a cost, instead of counting it as zero", () => {
    const flow = computeCashFlow({ ...base, lines: base.lines.map((l) => ({ ...l, unitCost: null })) });
    expect(flow.costCoverage).toBe(0);
    expect(flow.outflows.costOfGoodsExtrapolated).toMatchObject({ amount: 0, estimated: true });
    expect(flow.outflows.costOfGoodsExtrapolated?.basis).toMatch(/^Unknown: .*net cash flow is overstated/);
  });

  it("has no extrapolated line when every item has a cost, and an empty period is all zeros", () => {
    const costed = computeCashFlow({ ...base, lines: base.lines.slice(0, 2) });
    expect(costed.outflows.costOfGoodsExtrapolated).toBeNull();
    expect(costed.costCoverage).toBe(1);
    const empty = computeCashFlow({ from: "2026-01-01", to: "2026-01-01", orders: [], refunds: [], lines: [] });
    expect(empty.totals).toEqual({ inflows: 0, outflows: 0, net: 0, orders: 0 });
    expect(empty.weeks).toHaveLength(1);
  });

  it("rejects bad periods with a message naming the field", () => {
    expect(() => computeCashFlow({ ...base, from: "2026-06-10", to: "2026-06-01" })).toThrow(/on or before/);
    expect(() => computeCashFlow({ ...base, from: "2026-02-30" })).toThrow(/from must be a calendar day/);
  });
});
