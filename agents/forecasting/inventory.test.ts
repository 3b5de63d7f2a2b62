import { describe, expect, it } from "vitest";
import {
  cumulativeSd,
  daysOfCover,
  expectedStockoutDate,
  forecastSeries,
  ForecastInputError,
  reorderPlan,
  roundOrderQuantity,
  type ForecastResult,
} from "./index";
import { normal, rng } from "./testing/synthetic";

function steadySeries(seed: number, level: number, days = 120): number[] {
  const rand = rng(seed);
  return Array.from({ length: days }, () => Math.max(0, level + 0.1 * level * normal(rand)));
}

function fc(seed: number, level: number, horizon = 42): ForecastResult {
  const r = forecastSeries(steadySeries(seed, level), { horizon, startDate: "2025-01-01" });
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe("days of cover and stockout date", () => {
  it("walks the daily forecast with fractional days", () => {
    expect(daysOfCover(25, [10, 10, 10, 10])).toEqual({ days: 2.5, withinHorizon: true });
    expect(daysOfCover(0, [10, 10])).toEqual({ days: 0, withinHorizon: true });
    expect(expectedStockoutDate({ days: 2.5, withinHorizon: true }, "2025-03-30")).toBe("2025-04-01");
  });

  it("extrapolates past the horizon at the mean rate and says so", () => {
    expect(daysOfCover(100, [10, 10, 10, 10])).toEqual({ days: 10, withinHorizon: false });
    expect(daysOfCover(5, [0, 0]).days).toBe(Infinity);
    expect(expectedStockoutDate({ days: Infinity, withinHorizon: false }, "2025-01-01")).toBeNull();
  });
});

describe("order quantity rounding", () => {
  it("applies the MOQ then whole case packs", () => {
    expect(roundOrderQuantity(13, 0, 12)).toBe(24);
    expect(roundOrderQuantity(12, 0, 12)).toBe(12);
    expect(roundOrderQuantity(5, 50, 12)).toBe(60);
    expect(roundOrderQuantity(0, 50, 12)).toBe(0);
  });
});

describe("reorderPlan", () => {
  const widgets = fc(1, 20); // ~20/day
  const gadgets = fc(2, 5); // ~5/day
  const slow = fc(3, 2);
  const plan = reorderPlan(
    [
      { sku: "WID", vendorId: "acme", onHand: 150, onOrder: 0, unitCost: 3.5, casePack: 12, forecast: widgets },
      { sku: "GAD", vendorId: "acme", onHand: 500, unitCost: 10, forecast: gadgets },
      { sku: "SLO", vendorId: "zen", onHand: 10, moq: 100, forecast: slow },
      { sku: "NEW", vendorId: "zen", onHand: 3, forecast: forecastSeries([1, 2], { horizon: 42 }) },
    ],
    [
      { vendorId: "acme", name: "Acme", leadTimeDays: 10, reviewPeriodDays: 7, serviceLevel: 0.95 },
      { vendorId: "zen", leadTimeDays: 21, z: 2 },
    ],
  );

  it("computes safety stock, reorder point and order-up-to from the forecast and its error model", () => {
    const wid = plan.items.find((p) => p.sku === "WID")!;
    const leadDemand = widgets.forecast.slice(0, 10).reduce((a, b) => a + b, 0);
    expect(wid.leadTimeDemand).toBeCloseTo(leadDemand, 9);
    expect(wid.z).toBeCloseTo(1.6449, 3);
    expect(wid.leadTimeSigma).toBeCloseTo(cumulativeSd(widgets.errorModel, 10), 9);
    expect(wid.safetyStock).toBeCloseTo(wid.z * wid.leadTimeSigma, 9);
    expect(wid.reorderPoint).toBeCloseTo(leadDemand + wid.safetyStock, 9);
    expect(wid.orderUpTo).toBeGreaterThan(wid.reorderPoint);
    // ~20/day × 10 days > 150 on hand → order, rounded to cases of 12.
    expect(wid.action).toBe("order");
    expect(wid.quantity % 12).toBe(0);
    expect(wid.quantity).toBeGreaterThanOrEqual(wid.orderUpTo - wid.inventoryPosition);
    expect(wid.quantity - (wid.orderUpTo - wid.inventoryPosition)).toBeLessThan(12);
    expect(wid.lineCost).toBeCloseTo(wid.quantity * 3.5, 2);
    expect(wid.daysOfCover).toBeGreaterThan(6);
    expect(wid.daysOfCover).toBeLessThan(9);
    expect(wid.stockoutDate).toMatch(/^2025-05-0\d$/); // history 120 days from 2025-01-01 → forecast starts 2025-05-01
    expect(wid.reason).toMatch(/reorder point/);
  });

  it("does not order stock that covers the lead time, and groups orders per vendor with totals", () => {
    expect(plan.items.find((p) => p.sku === "GAD")!.action).toBe("ok");
    const acme = plan.orders.find((o) => o.vendorId === "acme")!;
    expect(acme.lines.map((l) => l.sku)).toEqual(["WID"]);
    expect(acme.totalUnits).toBe(acme.lines[0].quantity);
    expect(acme.totalCost).toBeCloseTo(acme.lines[0].lineCost!, 2);
    expect(acme.costComplete).toBe(true);
    const zen = plan.orders.find((o) => o.vendorId === "zen")!;
    expect(zen.lines[0].quantity).toBeGreaterThanOrEqual(100);
    expect(zen.costComplete).toBe(false);
    expect(plan.skipped).toEqual([expect.objectContaining({ sku: "NEW", reason: "insufficient_history" })]);
  });

  it("rejects a forecast shorter than lead time + review period, naming the item", () => {
    const short = fc(4, 10, 14);
    expect(() =>
      reorderPlan([{ sku: "X", vendorId: "v", onHand: 5, forecast: short }], [{ vendorId: "v", leadTimeDays: 10 }]),
    ).toThrow(/items\[0\]\.forecast: horizon is 14 days but lead time \+ review period is 17/);
  });

  it("rejects bad numbers with the field name", () => {
    const call = (): unknown =>
      reorderPlan([{ sku: "X", vendorId: "v", onHand: -1, forecast: widgets }], [{ vendorId: "v", leadTimeDays: 3 }]);
    expect(call).toThrow(ForecastInputError);
    expect(call).toThrow(/items\[0\]\.onHand/);
    expect(() => reorderPlan([], [{ vendorId: "v", leadTimeDays: 3, serviceLevel: 1.2 }])).toThrow(
      /vendors\[0\]\.serviceLevel/,
    );
    expect(() => reorderPlan([{ sku: "X", vendorId: "nope", onHand: 1, forecast: widgets }], [])).toThrow(
      /unknown vendor/,
    );
  });
});
