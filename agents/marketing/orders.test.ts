import { describe, expect, it } from "vitest";
import { HistoryBuilder, summarizeCustomers, TotalsBuilder, validateOrder } from "./orders";

describe("history builders", () => {
  it("sort every column by customer id, whatever order rows come in and however big the guess", () => {
    // A shuffled permutation of 1,000 customers, each row's fields derived from its id.
    const ids = Array.from({ length: 1000 }, (_, i) => `c${String((i * 7919) % 1000).padStart(4, "0")}`);
    for (const expected of [1, 1000, 5000]) {
      const builder = new HistoryBuilder(expected);
      for (const id of ids) {
        const k = Number(id.slice(1));
        builder.add({
          customerId: id,
          netRevenue: k + 0.25,
          purchaseDays: k + 1,
          firstDay: k + 2,
          lastDay: k + 3,
          netOnFirstDay: k / 4,
        });
      }
      const h = builder.finish(new Date(0), 0);
      expect(h.size).toBe(1000);
      expect(h.customerIds).toEqual([...ids].sort());
      h.customerIds.forEach((id, i) => {
        const k = Number(id.slice(1));
        expect(h.netRevenue[i]).toBe(k + 0.25);
        expect([h.purchaseDays[i], h.firstDay[i], h.lastDay[i], h.netOnFirstDay[i]]).toEqual([
          k + 1,
          k + 2,
          k + 3,
          k / 4,
        ]);
      });
      expect(h.purchaseDays.length).toBe(1000);
    }
    const totals = new TotalsBuilder(2);
    totals.add({ customerId: "b", orders: 2, netRevenue: 0.1 + 0.2, firstOrderAt: 5, lastOrderAt: 6 });
    totals.add({ customerId: "a", orders: 1, netRevenue: 1, firstOrderAt: 3, lastOrderAt: 3 });
    const t = totals.finish(new Date(0));
    expect([t.customerIds, [...t.orders], [...t.netRevenue]]).toEqual([
      ["a", "b"],
      [1, 2],
      [1, 0.3],
    ]);
  });

  it("summarize order rows per customer and day, a refund above the total counting as a full refund", () => {
    const h = summarizeCustomers(
      [
        { customerId: "x", createdAt: "2026-03-01T23:30:00Z", total: 10 },
        { customerId: "x", createdAt: "2026-03-02T01:00:00Z", total: 20, refunded: 5 },
        { customerId: "x", createdAt: "2026-03-05T12:00:00Z", total: 30, refunded: 30.01 },
      ],
      "2026-03-10T00:00:00Z",
    );
    expect([h.orders[0], h.netRevenue[0], h.purchaseDays[0], h.netOnFirstDay[0], h.ignoredFullyRefunded]).toEqual([
      2, 25, 2, 10, 1,
    ]);
    // In New York both orders fall on March 1st: one purchase day; asOf is March 9th there.
    const ny = summarizeCustomers(
      [
        { customerId: "x", createdAt: "2026-03-01T23:30:00Z", total: 10 },
        { customerId: "x", createdAt: "2026-03-02T01:00:00Z", total: 20, refunded: 5 },
      ],
      "2026-03-10T00:00:00Z",
      "America/New_York",
    );
    expect([ny.purchaseDays[0], ny.netOnFirstDay[0], ny.asOfDay - ny.firstDay[0]]).toEqual([1, 25, 8]);
    expect(
      validateOrder({ customerId: "x", createdAt: "2026-03-01T00:00:00Z", total: 9.99, refunded: 10 }, 0).net,
    ).toBe(0);
  });
});
