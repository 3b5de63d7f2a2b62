// Inventory math on top of the demand forecast: days of cover, expected stockout date, safety
// stock, reorder point, order-up-to level and purchase-order suggestions grouped per vendor.
//
// Policy: continuous review (s, S). s = reorder point = expected demand over the lead time L +
// safety stock; S = order-up-to = expected demand over L + review period R + safety stock for
// L + R. When inventory position (on hand + on order − backordered) is at or below s, order
// S − position, raised to the MOQ and rounded up to whole case packs. Safety stock = z · σ of the
// *summed* forecast error over the period (cumulativeSd: successive days' errors share shocks,
// so this is wider than adding daily variances), z from the vendor's service level.
import { cumulativeSd } from "./intervals";
import { normalQuantile } from "./stats";
import { ForecastInputError, type ForecastOutcome, type ForecastResult } from "./types";
import { parseIsoDay } from "./validate";
import { roundMoney } from "../core/money";
import { fromEpochDay } from "../core/time";

export interface VendorTerms {
  vendorId: string;
  name?: string;
  /** Days from placing an order to stock on the shelf (integer >= 0). */
  leadTimeDays: number;
  /** Days until the next chance to order; the cover an order should buy beyond the lead time. Default 7. */
  reviewPeriodDays?: number;
  /** Cycle service level in (0, 1), e.g. 0.95. Ignored when z is given. Default 0.95. */
  serviceLevel?: number;
  /** Safety factor directly (overrides serviceLevel). */
  z?: number;
}

export interface InventoryItem {
  sku: string;
  vendorId: string;
  onHand: number;
  onOrder?: number;
  backordered?: number;
  unitCost?: number;
  /** Units per case; order quantities are rounded up to whole cases. */
  casePack?: number;
  /** Vendor's minimum order quantity for this SKU. */
  moq?: number;
  forecast: ForecastOutcome;
}

export interface ReorderOptions {
  /** ISO date of forecast day 1, used when the forecast carries no dates. */
  firstForecastDate?: string;
}

export interface CoverEstimate {
  /** Fractional days the stock lasts at forecast demand (Infinity when demand is zero). */
  days: number;
  /** False when stock outlasts the forecast horizon and the tail uses the horizon's mean rate. */
  withinHorizon: boolean;
}

export function daysOfCover(onHand: number, forecast: number[]): CoverEstimate {
  if (!(onHand > 0)) return { days: 0, withinHorizon: true };
  let remaining = onHand;
  for (let j = 0; j < forecast.length; j++) {
    if (forecast[j] >= remaining) return { days: j + remaining / forecast[j], withinHorizon: true };
    remaining -= forecast[j];
  }
  const mean = forecast.reduce((a, b) => a + b, 0) / Math.max(1, forecast.length);
  return { days: mean > 0 ? forecast.length + remaining / mean : Infinity, withinHorizon: false };
}

/** The day stock is expected to run out: forecast day floor(cover) (day 0 = first forecast day). */
export function expectedStockoutDate(cover: CoverEstimate, firstForecastDate: string): string | null {
  if (!Number.isFinite(cover.days)) return null;
  return fromEpochDay(parseIsoDay(firstForecastDate, "firstForecastDate") + Math.floor(cover.days));
}

export function safetyStock(forecast: ForecastResult, days: number, z: number): { sigma: number; safetyStock: number } {
  const sigma = cumulativeSd(forecast.errorModel, days);
  return { sigma, safetyStock: Math.max(0, z * sigma) };
}

export function roundOrderQuantity(raw: number, moq = 0, casePack = 1): number {
  if (!(raw > 0)) return 0;
  const atLeast = Math.max(raw, moq);
  return Math.ceil(atLeast / casePack - 1e-9) * casePack;
}

export interface ItemPlan {
  sku: string;
  vendorId: string;
  action: "order" | "ok";
  model: string;
  onHand: number;
  onOrder: number;
  backordered: number;
  inventoryPosition: number;
  leadTimeDays: number;
  reviewPeriodDays: number;
  z: number;
  serviceLevel: number | null;
  leadTimeDemand: number;
  leadTimeSigma: number;
  safetyStock: number;
  reorderPoint: number;
  protectionDemand: number;
  protectionSigma: number;
  orderUpTo: number;
  daysOfCover: number;
  coverWithinHorizon: boolean;
  stockoutDate: string | null;
  rawQuantity: number;
  quantity: number;
  unitCost: number | null;
  lineCost: number | null;
  /** Human-readable explanation with the numbers. */
  reason: string;
}

export interface VendorOrder {
  vendorId: string;
  name?: string;
  leadTimeDays: number;
  lines: ItemPlan[];
  totalUnits: number;
  /** Sum of line costs with a unit cost. */
  totalCost: number;
  /** False when some line has no unit cost (totalCost then undercounts). */
  costComplete: boolean;
}

export interface ReorderPlan {
  orders: VendorOrder[];
  /** Every assessed SKU, ordering or not, with its numbers. */
  items: ItemPlan[];
  skipped: { sku: string; reason: string; message: string }[];
}

function nonNegative(value: unknown, field: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new ForecastInputError(field, `must be a number >= 0, got ${String(value)}`);
  return value;
}

function resolveVendor(
  v: VendorTerms,
  i: number,
): { z: number; serviceLevel: number | null; lead: number; review: number } {
  const field = `vendors[${i}]`;
  if (typeof v?.vendorId !== "string" || v.vendorId === "")
    throw new ForecastInputError(`${field}.vendorId`, "must be a non-empty string");
  const lead = nonNegative(v.leadTimeDays, `${field}.leadTimeDays`);
  if (!Number.isInteger(lead))
    throw new ForecastInputError(`${field}.leadTimeDays`, `must be a whole number of days, got ${lead}`);
  const review = nonNegative(v.reviewPeriodDays, `${field}.reviewPeriodDays`, 7);
  if (!Number.isInteger(review))
    throw new ForecastInputError(`${field}.reviewPeriodDays`, `must be a whole number of days, got ${review}`);
  if (v.z !== undefined) {
    if (typeof v.z !== "number" || !Number.isFinite(v.z))
      throw new ForecastInputError(`${field}.z`, `must be a finite number such as 1.65, got ${String(v.z)}`);
    return { z: v.z, serviceLevel: null, lead, review };
  }
  const sl = v.serviceLevel ?? 0.95;
  if (typeof sl !== "number" || !(sl > 0 && sl < 1))
    throw new ForecastInputError(
      `${field}.serviceLevel`,
      `must be a probability strictly between 0 and 1 such as 0.95, got ${String(sl)}`,
    );
  return { z: normalQuantile(sl), serviceLevel: sl, lead, review };
}

export function reorderPlan(items: InventoryItem[], vendors: VendorTerms[], opts: ReorderOptions = {}): ReorderPlan {
  if (!Array.isArray(items)) throw new ForecastInputError("items", "must be an array of inventory items");
  if (!Array.isArray(vendors)) throw new ForecastInputError("vendors", "must be an array of vendor terms");
  const terms = new Map<string, { name?: string } & ReturnType<typeof resolveVendor>>();
  vendors.forEach((v, i) => {
    const resolved = resolveVendor(v, i);
    if (terms.has(v.vendorId))
      throw new ForecastInputError(
        `vendors[${i}].vendorId`,
        `duplicate vendor ${JSON.stringify(v.vendorId)}; send each vendor once`,
      );
    terms.set(v.vendorId, { name: v.name, ...resolved });
  });
  if (opts.firstForecastDate !== undefined) parseIsoDay(opts.firstForecastDate, "opts.firstForecastDate");

  const plans: ItemPlan[] = [];
  const skipped: ReorderPlan["skipped"] = [];
  items.forEach((item, i) => {
    const field = `items[${i}]`;
    if (typeof item?.sku !== "string" || item.sku === "")
      throw new ForecastInputError(`${field}.sku`, "must be a non-empty string");
    const vendor = terms.get(item.vendorId);
    if (!vendor)
      throw new ForecastInputError(
        `${field}.vendorId`,
        `unknown vendor ${JSON.stringify(item.vendorId)}; add it to vendors with its lead time`,
      );
    const onHand = nonNegative(item.onHand, `${field}.onHand`);
    const onOrder = nonNegative(item.onOrder, `${field}.onOrder`, 0);
    const backordered = nonNegative(item.backordered, `${field}.backordered`, 0);
    const moq = nonNegative(item.moq, `${field}.moq`, 0);
    const casePack = nonNegative(item.casePack, `${field}.casePack`, 1);
    if (!Number.isInteger(casePack) || casePack < 1)
      throw new ForecastInputError(`${field}.casePack`, `must be a whole number of units >= 1, got ${casePack}`);
    const unitCost = item.unitCost === undefined ? null : nonNegative(item.unitCost, `${field}.unitCost`);
    const fc = item.forecast;
    if (!fc || typeof fc !== "object")
      throw new ForecastInputError(`${field}.forecast`, "must be the result of forecastSeries()");
    if (!fc.ok) {
      skipped.push({ sku: item.sku, reason: fc.reason, message: fc.message });
      return;
    }
    const protection = vendor.lead + vendor.review;
    if (protection > fc.horizon) {
      throw new ForecastInputError(
        `${field}.forecast`,
        `horizon is ${fc.horizon} days but lead time + review period is ${protection}; forecast at least ${protection} days`,
      );
    }
    const sum = (days: number): number => fc.forecast.slice(0, days).reduce((a, b) => a + b, 0);
    const leadTimeDemand = sum(vendor.lead);
    const lt = safetyStock(fc, vendor.lead, vendor.z);
    const reorderPoint = leadTimeDemand + lt.safetyStock;
    const protectionDemand = sum(protection);
    const pt = safetyStock(fc, protection, vendor.z);
    const orderUpTo = protectionDemand + pt.safetyStock;
    const inventoryPosition = onHand + onOrder - backordered;
    const cover = daysOfCover(onHand - backordered, fc.forecast);
    const firstDate = fc.dates?.[0] ?? opts.firstForecastDate;
    const stockoutDate = firstDate ? expectedStockoutDate(cover, firstDate) : null;
    const needsOrder = inventoryPosition <= reorderPoint;
    const rawQuantity = needsOrder ? Math.max(0, orderUpTo - inventoryPosition) : 0;
    const quantity = roundOrderQuantity(rawQuantity, moq, casePack);
    const action = quantity > 0 ? "order" : "ok";
    const coverText = Number.isFinite(cover.days)
      ? `${cover.days.toFixed(1)} days of cover${stockoutDate ? ` (stockout ~${stockoutDate})` : ""}`
      : "no forecast demand";
    const reason =
      action === "order"
        ? `position ${roundMoney(inventoryPosition)} <= reorder point ${roundMoney(reorderPoint)} (lead-time demand ${roundMoney(leadTimeDemand)} + safety ${roundMoney(lt.safetyStock)} at z=${vendor.z.toFixed(2)} over ${vendor.lead}d); order up to ${roundMoney(orderUpTo)} covering ${protection}d -> ${roundMoney(rawQuantity)} raw, ${quantity} after MOQ ${moq}/case ${casePack}; ${coverText}`
        : `position ${roundMoney(inventoryPosition)} above reorder point ${roundMoney(reorderPoint)}; ${coverText}`;
    plans.push({
      sku: item.sku,
      vendorId: item.vendorId,
      action,
      model: fc.model,
      onHand,
      onOrder,
      backordered,
      inventoryPosition,
      leadTimeDays: vendor.lead,
      reviewPeriodDays: vendor.review,
      z: vendor.z,
      serviceLevel: vendor.serviceLevel,
      leadTimeDemand,
      leadTimeSigma: lt.sigma,
      safetyStock: lt.safetyStock,
      reorderPoint,
      protectionDemand,
      protectionSigma: pt.sigma,
      orderUpTo,
      daysOfCover: cover.days,
      coverWithinHorizon: cover.withinHorizon,
      stockoutDate,
      rawQuantity,
      quantity,
      unitCost,
      lineCost: unitCost === null ? null : roundMoney(quantity * unitCost),
      reason,
    });
  });

  const orders: VendorOrder[] = [];
  for (const [vendorId, v] of terms) {
    const lines = plans.filter((p) => p.vendorId === vendorId && p.action === "order");
    if (lines.length === 0) continue;
    orders.push({
      vendorId,
      name: v.name,
      leadTimeDays: v.lead,
      lines,
      totalUnits: lines.reduce((a, l) => a + l.quantity, 0),
      totalCost: roundMoney(lines.reduce((a, l) => a + (l.lineCost ?? 0), 0)),
      costComplete: lines.every((l) => l.lineCost !== null),
    });
  }
  return { orders, items: plans, skipped };
}
