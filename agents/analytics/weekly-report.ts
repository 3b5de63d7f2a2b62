// The weekly report: the last complete week (Monday to Sunday, on the shop's own days) against the
// week before and the same week a year earlier (52 weeks back, so weekdays line up), with the one
// metric code every page uses (salesMetrics), the products that moved most, what is out of stock,
// and the store changes applied through the app with their measured outcomes. Computed by the
// weekly-report agent in the worker and kept as its run's result; the page and its CSV read it.
import { stringify } from "csv-stringify/sync";
import { recentOutcomes, type ChangeOutcome } from "../actions/outcomes";
import { roundMoney } from "../core/money";
import { addDays, dayStart, localDay, type IsoDay } from "../core/time";
import { loadCatalog } from "../data/catalog";
import { inChunks } from "../db/chunk";
import type { Db } from "../db/client";
import { shopTimeZone } from "../mirror/local-days";
import { changeText, metricLabel, REPORT_METRICS, verdictText } from "./weekly-words";
import { compareMetrics, salesMetrics, todayIn, windowLabel, type MetricChange, type SalesMetrics } from "./window";

export interface ReportWeek {
  from: IsoDay;
  to: IsoDay;
  label: string;
}

export interface ProductMove {
  productId: string;
  title: string;
  revenue: number;
  previousRevenue: number;
  change: number;
  units: number;
  previousUnits: number;
}

export interface Stockout {
  variantId: string;
  product: string;
  variant: string;
  sku: string | null;
  /** Units of it sold in the report's week (what its absence may cost). */
  soldThisWeek: number;
}

export interface WeeklyReport {
  generatedAt: string;
  timeZone: string;
  currency: string | null;
  week: ReportWeek;
  previousWeek: ReportWeek;
  lastYearWeek: ReportWeek;
  metrics: SalesMetrics;
  previous: SalesMetrics;
  lastYear: SalesMetrics;
  vsPrevious: Record<keyof SalesMetrics, MetricChange>;
  /** Null when the mirror holds no orders that far back (a comparison with nothing is not one). */
  vsLastYear: Record<keyof SalesMetrics, MetricChange> | null;
  movers: { up: ProductMove[]; down: ProductMove[] };
  stockouts: { count: number; items: Stockout[] };
  /** Store changes applied through the app, newest first, with what they did to sales. */
  changes: { appliedThisWeek: number; outcomes: ChangeOutcome[] };
}

/** Products listed per direction, and stockouts listed (the count covers them all). */
const MOVERS = 5;
const STOCKOUTS = 50;

/** The last complete Monday-to-Sunday week before today in the shop's time zone. */
export function lastCompleteWeek(now: Date, timeZone: string): { from: IsoDay; to: IsoDay } {
  const today = todayIn(now, timeZone);
  const weekday = dayStart(today).getUTCDay(); // 0 = Sunday
  const to = addDays(today, weekday === 0 ? -7 : -weekday);
  return { from: addDays(to, -6), to };
}

const week = (from: IsoDay, to: IsoDay, today: IsoDay): ReportWeek => ({
  from,
  to,
  label: windowLabel(from, to, today),
});

export async function buildWeeklyReport(db: Db, shop: string, now: Date): Promise<WeeklyReport> {
  const timeZone = await shopTimeZone(db, shop);
  const today = todayIn(now, timeZone);
  const { from, to } = lastCompleteWeek(now, timeZone);
  const previousWeek = week(addDays(from, -7), addDays(to, -7), today);
  const lastYearWeek = week(addDays(from, -364), addDays(to, -364), today);
  const [metrics, previous, lastYear, firstOrder, shopRow] = await Promise.all([
    salesMetrics(db, shop, { from, to }),
    salesMetrics(db, shop, previousWeek),
    salesMetrics(db, shop, lastYearWeek),
    db.mirrorOrder.findFirst({ where: { shop }, orderBy: { localDay: "asc" }, select: { localDay: true } }),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
  ]);
  const [movers, stockouts, outcomes] = await Promise.all([
    productMoves(db, shop, { from, to }, previousWeek),
    outOfStock(db, shop, { from, to }),
    recentOutcomes(db, shop, now, { limit: 20 }),
  ]);
  return {
    generatedAt: now.toISOString(),
    timeZone,
    currency: shopRow?.currencyCode ?? null,
    week: week(from, to, today),
    previousWeek,
    lastYearWeek,
    metrics,
    previous,
    lastYear,
    vsPrevious: compareMetrics(metrics, previous),
    vsLastYear: firstOrder && firstOrder.localDay <= lastYearWeek.to ? compareMetrics(metrics, lastYear) : null,
    movers,
    stockouts,
    changes: {
      appliedThisWeek: outcomes.filter((o) => {
        const day = localDay(new Date(o.appliedAt), timeZone);
        return day >= from && day <= to;
      }).length,
      outcomes,
    },
  };
}

/** Revenue per product in each week (cancelled orders left out, as salesMetrics does). */
async function productMoves(
  db: Db,
  shop: string,
  current: { from: IsoDay; to: IsoDay },
  previous: { from: IsoDay; to: IsoDay },
): Promise<WeeklyReport["movers"]> {
  const [lines, cancelled] = await Promise.all([
    db.mirrorLineItem.findMany({
      where: { shop, localDay: { gte: previous.from, lte: current.to } },
      select: { orderId: true, productId: true, quantity: true, unitPrice: true, localDay: true, title: true },
    }),
    db.mirrorOrder.findMany({
      where: { shop, localDay: { gte: previous.from, lte: current.to }, cancelledAt: { not: null } },
      select: { id: true },
    }),
  ]);
  const skip = new Set(cancelled.map((o) => o.id));
  const byProduct = new Map<
    string,
    { revenue: number; previousRevenue: number; units: number; previousUnits: number; title: string }
  >();
  for (const line of lines) {
    if (skip.has(line.orderId) || !line.productId) continue;
    const row = byProduct.get(line.productId) ?? {
      revenue: 0,
      previousRevenue: 0,
      units: 0,
      previousUnits: 0,
      title: line.title,
    };
    const amount = line.quantity * line.unitPrice;
    if (line.localDay >= current.from) {
      row.revenue += amount;
      row.units += line.quantity;
    } else if (line.localDay <= previous.to) {
      row.previousRevenue += amount;
      row.previousUnits += line.quantity;
    }
    byProduct.set(line.productId, row);
  }
  const titles = new Map(
    (
      await inChunks([...byProduct.keys()], (chunk) =>
        db.mirrorProduct.findMany({ where: { shop, id: { in: chunk } }, select: { id: true, title: true } }),
      )
    ).map((p) => [p.id, p.title]),
  );
  const moves: ProductMove[] = [...byProduct].map(([productId, row]) => ({
    productId,
    title: titles.get(productId) ?? row.title,
    revenue: roundMoney(row.revenue),
    previousRevenue: roundMoney(row.previousRevenue),
    change: roundMoney(row.revenue - row.previousRevenue),
    units: row.units,
    previousUnits: row.previousUnits,
  }));
  const byChange = (a: ProductMove, b: ProductMove) => b.change - a.change || (a.productId < b.productId ? -1 : 1);
  return {
    up: moves
      .filter((m) => m.change > 0)
      .sort(byChange)
      .slice(0, MOVERS),
    down: moves
      .filter((m) => m.change < 0)
      .sort((a, b) => byChange(b, a))
      .slice(0, MOVERS),
  };
}

/** Tracked variants with nothing available at any location now, best sellers of the week first. */
async function outOfStock(
  db: Db,
  shop: string,
  current: { from: IsoDay; to: IsoDay },
): Promise<WeeklyReport["stockouts"]> {
  const catalog = await loadCatalog(db, shop);
  const out = catalog.filter((v) => v.inventoryItemId && v.stockByLocation.length > 0 && v.onHand <= 0);
  const sold = new Map<string, number>();
  const lines = await inChunks(
    out.map((v) => v.variantId),
    (chunk) =>
      db.mirrorLineItem.findMany({
        where: { shop, variantId: { in: chunk }, localDay: { gte: current.from, lte: current.to } },
        select: { variantId: true, quantity: true },
      }),
  );
  for (const line of lines)
    if (line.variantId) sold.set(line.variantId, (sold.get(line.variantId) ?? 0) + line.quantity);
  const items = out
    .map((v) => ({
      variantId: v.variantId,
      product: v.productTitle,
      variant: v.variantTitle,
      sku: v.sku,
      soldThisWeek: sold.get(v.variantId) ?? 0,
    }))
    .sort((a, b) => b.soldThisWeek - a.soldThisWeek || a.product.localeCompare(b.product));
  return { count: items.length, items: items.slice(0, STOCKOUTS) };
}

// Store text (product titles) must not run as a formula in a spreadsheet (CSV injection).
const neutralise = (value: string | number | null) =>
  typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;

/** The report as one CSV: a section column, then the item and its figures. */
export function weeklyReportCsv(report: WeeklyReport): string {
  const rows: (string | number | null)[][] = [];
  for (const key of REPORT_METRICS) {
    rows.push([
      "Sales",
      metricLabel(key),
      report.metrics[key],
      report.previous[key],
      changeText(report.vsPrevious[key]),
      report.vsLastYear ? report.lastYear[key] : null,
      changeText(report.vsLastYear?.[key]),
      null,
    ]);
  }
  for (const [section, list] of [
    ["Selling more", report.movers.up],
    ["Selling less", report.movers.down],
  ] as const)
    for (const m of list)
      rows.push([
        section,
        m.title,
        m.revenue,
        m.previousRevenue,
        `${m.change > 0 ? "+" : ""}${m.change}`,
        null,
        null,
        `${m.units} units (was ${m.previousUnits})`,
      ]);
  for (const s of report.stockouts.items)
    rows.push([
      "Out of stock",
      s.variant && s.variant !== "Default Title" ? `${s.product} (${s.variant})` : s.product,
      s.soldThisWeek,
      null,
      null,
      null,
      null,
      s.sku ? `SKU ${s.sku}` : null,
    ]);
  for (const o of report.changes.outcomes)
    rows.push([
      "Applied change",
      o.summary,
      o.after.revenue,
      o.before.revenue,
      verdictText(o.verdict),
      null,
      null,
      o.note,
    ]);
  return stringify(
    rows.map((row) => row.map(neutralise)),
    {
      header: true,
      columns: [
        "Section",
        "Item",
        `This week (${report.week.label})`,
        `Previous week (${report.previousWeek.label})`,
        "Change",
        `Same week last year (${report.lastYearWeek.label})`,
        "Change vs last year",
        "Note",
      ],
    },
  );
}

export function weeklySummary(report: WeeklyReport, money: (n: number) => string): string {
  const lastYear = report.vsLastYear ? `, ${changeText(report.vsLastYear.revenue)} vs the same week last year` : "";
  return `Week of ${report.week.label}: ${money(report.metrics.revenue)} revenue from ${report.metrics.orders} orders (${changeText(report.vsPrevious.revenue)} vs the week before${lastYear}); ${report.stockouts.count} variants out of stock`;
}

/** A stored report: one weekly-report run's result, read back for the page and the CSV. */
export interface StoredWeeklyReport {
  runId: string;
  finishedAt: string | null;
  report: WeeklyReport;
}

/**
 * The shop's weekly reports, newest first: the succeeded weekly-report runs' results (`runId` picks
 * one; null when it is not this shop's or not a report).
 */
export async function storedWeeklyReports(
  db: Db,
  shop: string,
  options: { runId?: string | null; limit?: number } = {},
): Promise<StoredWeeklyReport[]> {
  const runs = await db.agentRun.findMany({
    where: { shop, agent: "weekly-report", status: "succeeded", ...(options.runId ? { id: options.runId } : {}) },
    orderBy: { finishedAt: "desc" },
    take: options.limit ?? 12,
    select: { id: true, finishedAt: true, result: true },
  });
  const out: StoredWeeklyReport[] = [];
  for (const run of runs) {
    const raw = typeof run.result === "string" ? safeJson(run.result) : run.result;
    const report = (raw as { report?: WeeklyReport } | null)?.report;
    if (report?.week && report.metrics)
      out.push({ runId: run.id, finishedAt: run.finishedAt?.toISOString() ?? null, report });
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
