// What an applied change did: the affected items' sales before and after the change, side by side
// over equal windows, from the store mirror (orders, line items, variants' unit costs). A change
// measured too soon or on too few orders says so instead of reading noise as a result.
import type { Action } from "@prisma/client";
import { inChunks } from "../db/chunk";
import type { Db } from "../db/client";
import { roundMoney, roundTo } from "../core/money";
import { DAY_MS } from "../core/time";
import { numericId } from "../mirror/rows";

/** The kinds whose effect shows in sales; text changes and holds have no before/after to compare. */
export const MEASURED_KINDS = ["price.update", "inventory.set", "discount.create"] as const;
type MeasuredKind = (typeof MEASURED_KINDS)[number];

/** Fewer days after the change than this: too early to tell. */
export const MIN_DAYS_AFTER = 7;
/** Fewer orders than this on either side: too few to tell. */
export const MIN_ORDERS = 5;
/** Windows are at most this long: a change is judged on the weeks around it, not on last year. */
export const MAX_WINDOW_DAYS = 28;

export interface SideFigures {
  /** Days of sales data this side covers (the window, or less when the history is shorter). */
  days: number;
  orders: number;
  units: number;
  revenue: number;
  /** Revenue minus unit cost of the units sold; null when a variant has no unit cost. */
  margin: number | null;
  perDay: { orders: number; units: number; revenue: number; margin: number | null };
}

export interface ChangeOutcome {
  actionId: string;
  kind: MeasuredKind;
  summary: string;
  status: string;
  appliedAt: string;
  /** The affected products or the discount code, in the merchant's words. */
  subject: string;
  /** Length of each window in days (equal on both sides). */
  windowDays: number;
  daysSinceChange: number;
  before: SideFigures;
  after: SideFigures;
  /** Discount codes: the orders in the after window that used the code. */
  code: { code: string; orders: number; revenue: number; discountGiven: number } | null;
  verdict: "too_early" | "too_few_orders" | "better" | "worse" | "about_the_same";
  note: string;
}

interface Window {
  from: Date;
  to: Date;
}

export function isMeasured(kind: string): kind is MeasuredKind {
  return (MEASURED_KINDS as readonly string[]).includes(kind);
}

/** The outcome of one applied (or since reverted) change; null for kinds that sales do not measure. */
export async function changeOutcome(db: Db, action: Action, now: Date): Promise<ChangeOutcome | null> {
  if (!isMeasured(action.kind) || !action.appliedAt) return null;
  const changedAt = action.appliedAt;
  // A reverted change is judged only on the time it was live.
  const end = action.revertedAt && action.revertedAt < now ? action.revertedAt : now;
  const daysSinceChange = Math.max(0, Math.floor((end.getTime() - changedAt.getTime()) / DAY_MS));
  const windowDays = Math.min(Math.max(daysSinceChange, 1), MAX_WINDOW_DAYS);
  const after: Window = { from: changedAt, to: new Date(changedAt.getTime() + windowDays * DAY_MS) };
  const before: Window = { from: new Date(changedAt.getTime() - windowDays * DAY_MS), to: changedAt };
  const historyDays = await daysOfHistory(db, action.shop, before);
  const base = {
    actionId: action.id,
    kind: action.kind,
    summary: action.summary,
    status: action.status,
    appliedAt: changedAt.toISOString(),
    windowDays,
    daysSinceChange,
  };

  if (action.kind === "discount.create") {
    const code = String((action.after as { code?: unknown }).code ?? "");
    const [b, a, used] = await Promise.all([
      shopSales(db, action.shop, before),
      shopSales(db, action.shop, after),
      codeSales(db, action.shop, code, after),
    ]);
    const outcome = {
      ...base,
      kind: action.kind,
      subject: `code ${code}`,
      before: side(b, Math.min(historyDays, windowDays)),
      after: side(a, Math.min(daysSinceChange, windowDays)),
      code: used,
    };
    return { ...outcome, ...judge(outcome, "revenue") };
  }

  const variantIds = await affectedVariants(db, action);
  const [b, a, subject] = await Promise.all([
    variantSales(db, action.shop, variantIds, before),
    variantSales(db, action.shop, variantIds, after),
    subjectOf(db, action.shop, variantIds),
  ]);
  const outcome = {
    ...base,
    kind: action.kind,
    subject,
    before: side(b, Math.min(historyDays, windowDays)),
    after: side(a, Math.min(daysSinceChange, windowDays)),
    code: null,
  };
  return {
    ...outcome,
    ...judge(outcome, outcome.before.margin != null && outcome.after.margin != null ? "margin" : "revenue"),
  };
}

/** Outcomes of the shop's most recent applied or reverted changes that sales can measure, newest first. */
export async function recentOutcomes(
  db: Db,
  shop: string,
  now: Date,
  options: { actionId?: string; kinds?: string[]; limit?: number } = {},
): Promise<ChangeOutcome[]> {
  const kinds = (options.kinds ?? [...MEASURED_KINDS]).filter(isMeasured);
  const actions = await db.action.findMany({
    where: {
      shop,
      kind: { in: kinds },
      appliedAt: { not: null },
      status: { in: ["applied", "reverted"] },
      ...(options.actionId ? { id: options.actionId } : {}),
    },
    orderBy: [{ appliedAt: "desc" }, { id: "desc" }],
    take: options.limit ?? 10,
  });
  const outcomes = await Promise.all(actions.map((a) => changeOutcome(db, a, now)));
  return outcomes.filter((o): o is ChangeOutcome => o !== null);
}

interface Totals {
  orders: number;
  units: number;
  revenue: number;
  margin: number | null;
}

function side(t: Totals, days: number): SideFigures {
  const per = (n: number) => (days > 0 ? n / days : 0);
  return {
    days,
    orders: t.orders,
    units: t.units,
    revenue: roundMoney(t.revenue),
    margin: t.margin == null ? null : roundMoney(t.margin),
    perDay: {
      orders: roundTo(per(t.orders), 2),
      units: roundTo(per(t.units), 2),
      revenue: roundMoney(per(t.revenue)),
      margin: t.margin == null ? null : roundMoney(per(t.margin)),
    },
  };
}

type Judged = Pick<ChangeOutcome, "verdict" | "note">;

function judge(o: Pick<ChangeOutcome, "daysSinceChange" | "before" | "after">, measure: "margin" | "revenue"): Judged {
  if (o.daysSinceChange < MIN_DAYS_AFTER)
    return {
      verdict: "too_early",
      note: `Too early to tell: ${o.daysSinceChange === 1 ? "1 day" : `${o.daysSinceChange} days`} since the change (wait for ${MIN_DAYS_AFTER}).`,
    };
  if (o.before.orders < MIN_ORDERS || o.after.orders < MIN_ORDERS)
    return {
      verdict: "too_few_orders",
      note: `Too few orders to tell: ${o.before.orders} before and ${o.after.orders} after the change.`,
    };
  const was = measure === "margin" ? (o.before.perDay.margin ?? 0) : o.before.perDay.revenue;
  const is = measure === "margin" ? (o.after.perDay.margin ?? 0) : o.after.perDay.revenue;
  const change = was === 0 ? (is > 0 ? 1 : 0) : (is - was) / Math.abs(was);
  const label = measure === "margin" ? "Margin" : "Revenue";
  const over = `over ${o.after.days} days each side`;
  // Within 5% either way is within the day-to-day noise of a small shop's sales.
  if (Math.abs(change) < 0.05) return { verdict: "about_the_same", note: `${label} per day about the same ${over}.` };
  const pct = `${Math.round(Math.abs(change) * 100)}%`;
  return change > 0
    ? { verdict: "better", note: `${label} per day up ${pct} ${over}.` }
    : { verdict: "worse", note: `${label} per day down ${pct} ${over}.` };
}

/** Days of sales history in the before window: a shop younger than the window has fewer. */
async function daysOfHistory(db: Db, shop: string, before: Window): Promise<number> {
  const first = await db.mirrorOrder.findFirst({
    where: { shop },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (!first) return 0;
  const from = Math.max(first.createdAt.getTime(), before.from.getTime());
  return Math.max(0, Math.round((before.to.getTime() - from) / DAY_MS));
}

async function affectedVariants(db: Db, action: Action): Promise<string[]> {
  if (action.kind === "price.update") {
    const variants = (action.after as { variants?: { variantId: string }[] }).variants ?? [];
    return variants.map((v) => numericId(v.variantId, "variant id"));
  }
  const items = (action.after as { items?: { inventoryItemId: string }[] }).items ?? [];
  const itemIds = items.map((i) => numericId(i.inventoryItemId, "inventory item id"));
  const variants = await inChunks(itemIds, (chunk) =>
    db.mirrorVariant.findMany({ where: { shop: action.shop, inventoryItemId: { in: chunk } }, select: { id: true } }),
  );
  return variants.map((v) => v.id);
}

/** Units, revenue and margin of these variants in orders of the window that were not cancelled. */
async function variantSales(db: Db, shop: string, variantIds: string[], w: Window): Promise<Totals> {
  const lines = await inChunks(variantIds, (chunk) =>
    db.mirrorLineItem.findMany({
      where: { shop, variantId: { in: chunk }, createdAt: { gte: w.from, lt: w.to } },
      select: { orderId: true, variantId: true, quantity: true, unitPrice: true },
    }),
  );
  const [cancelled, variants] = await Promise.all([
    // A line item's createdAt is its order's: the window's cancelled orders are a set, not a list of ids.
    db.mirrorOrder.findMany({
      where: { shop, cancelledAt: { not: null }, createdAt: { gte: w.from, lt: w.to } },
      select: { id: true },
    }),
    inChunks(variantIds, (chunk) =>
      db.mirrorVariant.findMany({ where: { shop, id: { in: chunk } }, select: { id: true, unitCost: true } }),
    ),
  ]);
  const skip = new Set(cancelled.map((o) => o.id));
  const cost = new Map(variants.map((v) => [v.id, v.unitCost]));
  // Margin only when every affected variant has a unit cost: a partial margin would read as a drop.
  const costed = variants.length > 0 && variants.every((v) => v.unitCost != null);
  const totals: Totals = { orders: 0, units: 0, revenue: 0, margin: costed ? 0 : null };
  const orders = new Set<string>();
  for (const line of lines) {
    if (skip.has(line.orderId)) continue;
    orders.add(line.orderId);
    totals.units += line.quantity;
    totals.revenue += line.quantity * line.unitPrice;
    const unitCost = line.variantId ? cost.get(line.variantId) : null;
    totals.margin =
      totals.margin == null || unitCost == null ? null : totals.margin + line.quantity * (line.unitPrice - unitCost);
  }
  totals.orders = orders.size;
  return totals;
}

/** The whole shop's orders and revenue in the window (what a shop-wide discount moves). */
async function shopSales(db: Db, shop: string, w: Window): Promise<Totals> {
  const [orders, units] = await Promise.all([
    db.mirrorOrder.aggregate({
      where: { shop, cancelledAt: null, createdAt: { gte: w.from, lt: w.to } },
      _count: { _all: true },
      _sum: { total: true },
    }),
    db.mirrorLineItem.aggregate({
      where: { shop, createdAt: { gte: w.from, lt: w.to } },
      _sum: { quantity: true },
    }),
  ]);
  return { orders: orders._count._all, units: units._sum.quantity ?? 0, revenue: orders._sum.total ?? 0, margin: null };
}

/** Orders in the window that used the code (codes are stored comma-separated per order). */
async function codeSales(db: Db, shop: string, code: string, w: Window): Promise<NonNullable<ChangeOutcome["code"]>> {
  const candidates = await db.mirrorOrder.findMany({
    where: { shop, cancelledAt: null, createdAt: { gte: w.from, lt: w.to }, discountCodes: { contains: code } },
    select: { discountCodes: true, total: true, totalDiscounts: true },
  });
  const wanted = code.toLowerCase();
  const used = candidates.filter((o) =>
    o.discountCodes
      .split(",")
      .map((c) => c.trim().toLowerCase())
      .includes(wanted),
  );
  return {
    code,
    orders: used.length,
    revenue: roundMoney(used.reduce((sum, o) => sum + o.total, 0)),
    discountGiven: roundMoney(used.reduce((sum, o) => sum + o.totalDiscounts, 0)),
  };
}

/** "Trail Boots" or "Trail Boots and 2 more": product titles, not ids. */
async function subjectOf(db: Db, shop: string, variantIds: string[]): Promise<string> {
  const variants = await inChunks(variantIds, (chunk) =>
    db.mirrorVariant.findMany({ where: { shop, id: { in: chunk } }, select: { productId: true } }),
  );
  const products = (
    await inChunks(
      variants.map((v) => v.productId),
      (chunk) => db.mirrorProduct.findMany({ where: { shop, id: { in: chunk } }, select: { title: true } }),
    )
  ).sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
  if (products.length === 0) {
    // Deleted from the store since: named by what their line items were sold as.
    const sold = await inChunks(variantIds, (chunk) =>
      db.mirrorLineItem.groupBy({
        by: ["variantId"],
        where: { shop, variantId: { in: chunk } },
        _max: { title: true },
      }),
    );
    const titles = [...new Set(sold.map((l) => l._max.title).filter((t): t is string => Boolean(t)))].sort();
    if (titles.length) return titles.length === 1 ? titles[0] : `${titles[0]} and ${titles.length - 1} more`;
    return variantIds.length === 1 ? "1 variant" : `${variantIds.length} variants`;
  }
  return products.length === 1 ? products[0].title : `${products[0].title} and ${products.length - 1} more`;
}
