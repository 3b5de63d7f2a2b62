import { describe, expect, it } from "vitest";
import { compareMetrics, type SalesMetrics } from "../agents/analytics/window";
import { salesKpiCards } from "./sales-window";

const metrics = (m: Partial<SalesMetrics>): SalesMetrics => ({
  revenue: 0,
  orders: 0,
  averageOrderValue: 0,
  discounts: 0,
  refunds: 0,
  netSales: 0,
  units: 0,
  ...m,
});

describe("salesKpiCards", () => {
  const current = metrics({ revenue: 1250.5, orders: 1200, averageOrderValue: 1.04, refunds: 40 });
  const previous = metrics({ revenue: 1000, orders: 1200, averageOrderValue: 0.83, refunds: 20 });
  const sales = { metrics: current, changes: compareMetrics(current, previous), previous: { label: "Oct 7 – Nov 5" } };

  it("words each card the same way on every page: name, window, the shop's currency, the change", () => {
    const cards = salesKpiCards(sales, ["revenue", "orders", "refunds", "netSales"], "last 30 days", "EUR");
    expect(cards.map((c) => c.label)).toEqual([
      "Revenue (last 30 days)",
      "Orders (last 30 days)",
      "Refunds (last 30 days)",
      "Net sales (last 30 days)",
    ]);
    expect(cards[0].value).toContain("€");
    expect(cards[0].value).toContain("1,250.50");
    expect(cards[1].value).toBe("1,200");
    expect(cards[0].change).toEqual({ text: "+25.1% vs Oct 7 – Nov 5", tone: "success" });
    expect(cards[1].change?.tone).toBe("subdued");
    // More refunds is bad news; a period with none before says so instead of a percentage.
    expect(cards[2].change).toEqual({ text: "+100.0% vs Oct 7 – Nov 5", tone: "critical" });
    expect(cards[3].change).toEqual({ text: "none in Oct 7 – Nov 5 either", tone: "subdued" });
  });
});
