import { describe, expect, it } from "vitest";
import { describeResult, formatValue, humanize, toolOutcome, toolTitle } from "./tool-output";

describe("toolOutcome", () => {
  it("unwraps successes and reads failures in both shapes", () => {
    expect(toolOutcome({ ok: true, data: { n: 1 } })).toEqual({ kind: "data", data: { n: 1 } });
    expect(
      toolOutcome({
        ok: false,
        code: "not_found",
        message: "Unknown SKU: X.",
        hint: "Use SKUs exactly as in the catalog.",
      }),
    ).toEqual({
      kind: "failure",
      code: "not_found",
      message: "Unknown SKU: X.",
      hint: "Use SKUs exactly as in the catalog.",
    });
    expect(toolOutcome({ ok: false, error: { code: "rate_limited", message: "Slow down." } })).toEqual({
      kind: "failure",
      code: "rate_limited",
      message: "Slow down.",
    });
    expect(toolOutcome("plain")).toEqual({ kind: "data", data: "plain" });
  });
});

describe("describeResult", () => {
  it("shows a sales summary as figures, a chart of the series and a table of channels", () => {
    const view = describeResult({
      from: "2026-10-01",
      to: "2026-10-03",
      totals: { revenue: 1234.5, orders: 12, averageOrderValue: 102.875, grossMargin: 0.4123, costCoverage: 1 },
      series: [
        { period: "2026-10-01", revenue: 400, orders: 4, refunded: 0 },
        { period: "2026-10-02", revenue: 500.5, orders: 5, refunded: 20 },
        { period: "2026-10-03", revenue: 334, orders: 3, refunded: 0 },
      ],
      byChannel: [
        { channel: "web", revenue: 1000, orders: 10 },
        { channel: "pos", revenue: 234.5, orders: 2 },
      ],
    });
    expect(view.metrics).toEqual([
      { label: "From", value: "2026-10-01" },
      { label: "To", value: "2026-10-03" },
      { label: "Revenue", value: "1,234.50" },
      { label: "Orders", value: "12" },
      { label: "Average order value", value: "102.88" },
      { label: "Gross margin", value: "41.2%" },
      { label: "Cost coverage", value: "100%" },
    ]);
    expect(view.series).toHaveLength(1);
    expect(view.series[0]).toMatchObject({
      key: "series",
      title: "Over time",
      fields: [
        { key: "revenue", label: "Revenue" },
        { key: "orders", label: "Orders" },
        { key: "refunded", label: "Refunded" },
      ],
    });
    expect(view.series[0].points[1]).toEqual({ x: "2026-10-02", values: { revenue: 500.5, orders: 5, refunded: 20 } });
    expect(view.tables).toEqual([
      {
        key: "byChannel",
        title: "By channel",
        columns: [
          { key: "channel", label: "Channel", numeric: false },
          { key: "revenue", label: "Revenue", numeric: true },
          { key: "orders", label: "Orders", numeric: true },
        ],
        rows: [
          ["web", "1,000.00", "10"],
          ["pos", "234.50", "2"],
        ],
      },
    ]);
  });

  it("adds up per-variant daily forecasts into one dated series", () => {
    const view = describeResult({
      firstForecastDate: "2026-11-01",
      horizonDays: 3,
      forecasts: [
        { sku: "SKU-1", product: "Blue Tee", totalUnits: 6, daily: [1, 2, 3] },
        { sku: "SKU-2", product: "Red Cap", totalUnits: 3, daily: [1, 1, 1] },
      ],
      insufficientHistory: [],
    });
    expect(view.tables[0].rows).toEqual([
      ["SKU-1", "Blue Tee", "6", "3 values"],
      ["SKU-2", "Red Cap", "3", "3 values"],
    ]);
    expect(view.series).toEqual([
      {
        key: "forecasts-daily",
        title: "Forecasts: daily total of 2 rows",
        fields: [{ key: "total", label: "Daily total" }],
        points: [
          { x: "2026-11-01", values: { total: 2 } },
          { x: "2026-11-02", values: { total: 3 } },
          { x: "2026-11-03", values: { total: 4 } },
        ],
      },
    ]);
    expect(view.metrics).toContainEqual({ label: "Insufficient history", value: "none" });
  });

  it("marks internal id columns so that tables show them only on request", () => {
    const table = describeResult({ risks: [{ sku: "SKU-1", variantId: "43000001", productId: "9", onHand: 2 }] })
      .tables[0];
    expect(table.columns.map((c) => [c.key, c.secondary ?? false])).toEqual([
      ["sku", false],
      ["variantId", true],
      ["productId", true],
      ["onHand", false],
    ]);
  });

  it("puts long text apart, lists scalars, and handles bare arrays and values", () => {
    const view = describeResult({
      draft: "Hello Ana,\nthanks for your order.",
      tags: ["vip", "returning"],
      flagged: true,
    });
    expect(view.texts).toEqual([{ label: "Draft", text: "Hello Ana,\nthanks for your order." }]);
    expect(view.lists).toEqual([{ label: "Tags", items: ["vip", "returning"] }]);
    expect(view.metrics).toEqual([{ label: "Flagged", value: "yes" }]);
    expect(describeResult([{ a: 1 }]).tables[0]).toMatchObject({ title: "Results", rows: [["1"]] });
    expect(describeResult("done").texts).toEqual([{ label: "", text: "done" }]);
  });
});

describe("formatting", () => {
  it("formats by what the key names", () => {
    expect(formatValue("price", 18)).toBe("18.00");
    expect(formatValue("marginRate", 0.255)).toBe("25.5%");
    expect(formatValue("deviationPct", -12.5)).toBe("-12.5%");
    expect(formatValue("totalUnits", 1234)).toBe("1,234");
    expect(formatValue("z", 0.12345)).toBe("0.123");
  });

  it("turns keys and tool names into labels", () => {
    expect(humanize("averageOrderValue")).toBe("Average order value");
    expect(humanize("sku")).toBe("SKU");
    expect(humanize("on_hand")).toBe("On hand");
    expect(toolTitle("get_sales_summary")).toBe("Sales summary");
    expect(toolTitle("propose_price_change")).toBe("Propose price change");
  });
});
