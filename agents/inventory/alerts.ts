// Stockout alerts, one per variant: raised by the inventory-forecasting run for each variant that
// runs out within the lead time, and resolved automatically once it no longer does.
//
// One alert per variant (not one per run listing them) because each is a separate purchase
// decision: the merchant snoozes, resolves or opens the product one at a time, and each resolves
// itself when its own stock arrives. An alert is an episode (security/episodes.ts): refreshed in
// place while the variant stays at risk; after it resolved, a new risk is a new alert.
//
// The self-resolving rule, cheap enough for every inventory webhook: when raised, the alert records
// the variant's demand over the lead time (daily demand x lead-time days, the stock it needs to
// last until a reorder arrives). Stock on hand (all locations, from the mirror) above that need
// means the risk has cleared: no new forecast is needed. The next forecasting run re-checks every
// open alert against a fresh forecast and resolves the variants it no longer ranks at risk.
import { pacer } from "../core/pace";
import { inChunks } from "../db/chunk";
import type { Db } from "../db/client";
import { resolveAlertsAutomatically } from "../ops/alerts";
import { episodePrefix, raiseEpisode } from "../security/episodes";

export const STOCKOUT_KIND = "stockout_risk";

export interface StockoutRisk {
  sku: string | null;
  variantId: string;
  product: string;
  onHand: number;
  dailyDemand: number;
  daysOfCover: number;
  stockoutDate: string | null;
}

/** What a stockout alert's details hold (older alerts, one per day, held `risks: [...]` instead). */
export interface StockoutDetails {
  variantId: string;
  productId: string | null;
  inventoryItemId: string | null;
  product: string;
  variantTitle: string | null;
  sku: string | null;
  onHand: number;
  dailyDemand: number;
  daysOfCover: number;
  stockoutDate: string | null;
  leadTimeDays: number;
  /** Units needed to last the lead time at the forecast demand: stock above this clears the risk. */
  leadTimeDemand: number;
}

const BY = "schedule:inventory-forecasting";

/** "Trail Boots — 42 (SKU TB-42)": the product first, the variant and SKU after it. */
export function variantLabel(d: Pick<StockoutDetails, "product" | "variantTitle" | "sku">) {
  const variant = d.variantTitle && d.variantTitle !== "Default Title" ? ` — ${d.variantTitle}` : "";
  return `${d.product}${variant}${d.sku ? ` (SKU ${d.sku})` : ""}`;
}

const leadTimeDemand = (dailyDemand: number, leadTimeDays: number) => Math.ceil(dailyDemand * leadTimeDays);

/** Raises (or refreshes) one alert per variant at risk; returns how many alerts were new. */
export async function raiseStockoutAlerts(
  db: Db,
  shop: string,
  now: Date,
  risks: StockoutRisk[],
  leadTimeDays: number,
): Promise<number> {
  if (risks.length === 0) return 0;
  const variants = await inChunks(
    risks.map((r) => r.variantId),
    (chunk) =>
      db.mirrorVariant.findMany({
        where: { shop, id: { in: chunk } },
        select: { id: true, productId: true, title: true, inventoryItemId: true },
      }),
  );
  const byId = new Map(variants.map((v) => [v.id, v]));
  let created = 0;
  // With SQLite every Prisma call runs synchronously and an awaited chain of them never lets a timer
  // in: 100 alerts (a few statements each) held the worker ~1.5 s in one go on a big store.
  const pace = pacer();
  for (const risk of risks) {
    await pace();
    const variant = byId.get(risk.variantId);
    const details: StockoutDetails = {
      variantId: risk.variantId,
      productId: variant?.productId ?? null,
      inventoryItemId: variant?.inventoryItemId ?? null,
      product: risk.product,
      variantTitle: variant?.title ?? null,
      sku: risk.sku,
      onHand: risk.onHand,
      dailyDemand: risk.dailyDemand,
      daysOfCover: risk.daysOfCover,
      stockoutDate: risk.stockoutDate,
      leadTimeDays,
      leadTimeDemand: leadTimeDemand(risk.dailyDemand, leadTimeDays),
    };
    const days = Math.max(0, Math.floor(risk.daysOfCover));
    const result = await raiseEpisode(db, shop, now, {
      kind: STOCKOUT_KIND,
      subject: risk.variantId,
      severity: risk.onHand <= 0 || days <= 3 ? "critical" : "warning",
      title:
        risk.onHand <= 0
          ? `${variantLabel(details)} is out of stock`
          : days < 1
            ? `${variantLabel(details)} may run out within a day`
            : `${variantLabel(details)} may run out in ${days} day${days === 1 ? "" : "s"}`,
      details: { ...details },
      gapMs: Number.MAX_SAFE_INTEGER, // one alert for as long as the variant stays at risk
    });
    if (result.created) created++;
  }
  return created;
}

interface OpenStockout {
  id: string;
  details: StockoutDetails;
}

async function openStockouts(db: Db, shop: string, variantIds?: string[]): Promise<OpenStockout[]> {
  const rows = await db.alert.findMany({
    where: {
      shop,
      kind: STOCKOUT_KIND,
      resolvedAt: null,
      ...(variantIds
        ? { OR: variantIds.map((id) => ({ dedupeKey: { startsWith: episodePrefix(STOCKOUT_KIND, id) } })) }
        : {}),
    },
    select: { id: true, details: true },
  });
  return rows
    .map((r) => ({ id: r.id, details: r.details as unknown as StockoutDetails }))
    .filter((r) => typeof r.details?.variantId === "string" && typeof r.details.leadTimeDemand === "number");
}

/** Stock on hand per variant, all locations, from the mirror. */
async function stockOnHand(db: Db, shop: string, alerts: OpenStockout[]) {
  // Every open stockout of a big store can be thousands of variants: read in slices.
  const variants = await inChunks(
    alerts.map((a) => a.details.variantId),
    (chunk) =>
      db.mirrorVariant.findMany({ where: { shop, id: { in: chunk } }, select: { id: true, inventoryItemId: true } }),
  );
  const items = variants.map((v) => v.inventoryItemId).filter((i): i is string => Boolean(i));
  const levels = await inChunks(items, (chunk) =>
    db.mirrorInventoryLevel.groupBy({
      by: ["inventoryItemId"],
      where: { shop, inventoryItemId: { in: chunk } },
      _sum: { available: true },
    }),
  );
  const byItem = new Map(levels.map((l) => [l.inventoryItemId, l._sum.available ?? 0]));
  return new Map(variants.map((v) => [v.id, v.inventoryItemId ? (byItem.get(v.inventoryItemId) ?? 0) : 0]));
}

/** Resolves the alerts whose variant now holds more stock than it needs over the lead time. */
async function resolveRestocked(db: Db, shop: string, now: Date, alerts: OpenStockout[], by: string) {
  if (alerts.length === 0) return 0;
  const onHand = await stockOnHand(db, shop, alerts);
  let resolved = 0;
  for (const alert of alerts) {
    const stock = onHand.get(alert.details.variantId) ?? 0;
    if (stock <= alert.details.leadTimeDemand) continue;
    resolved += await resolveAlertsAutomatically(
      db,
      shop,
      { id: alert.id },
      {
        reason: `stock received (${stock} on hand, more than the ${alert.details.leadTimeDemand} needed over the ${alert.details.leadTimeDays}-day lead time)`,
        by,
        now,
      },
    );
  }
  return resolved;
}

/**
 * After stock changed for an inventory item (inventory_levels/update webhook, an applied inventory
 * adjustment): resolves the open stockout alerts of its variants that are now stocked enough.
 */
export async function resolveStockoutsAfterStockChange(
  db: Db,
  shop: string,
  inventoryItemId: string,
  now: Date,
): Promise<number> {
  const variants = await db.mirrorVariant.findMany({ where: { shop, inventoryItemId }, select: { id: true } });
  if (variants.length === 0) return 0;
  const alerts = await openStockouts(
    db,
    shop,
    variants.map((v) => v.id),
  );
  return resolveRestocked(db, shop, now, alerts, "system:inventory-webhook");
}

/**
 * After a forecasting run: variants the run no longer ranks at risk resolve ("no longer at risk"),
 * when the run's list is complete (`complete`: fewer risks than the limit); otherwise only the stock
 * rule applies. Old one-per-day alerts are resolved too: per-variant alerts replace them.
 */
export async function resolveClearedStockouts(
  db: Db,
  shop: string,
  now: Date,
  run: { atRisk: string[]; complete: boolean; leadTimeDays: number },
): Promise<number> {
  const atRisk = new Set(run.atRisk);
  const cleared = (await openStockouts(db, shop)).filter((a) => !atRisk.has(a.details.variantId));
  let resolved = await resolveAlertsAutomatically(
    db,
    shop,
    { kind: STOCKOUT_KIND, dedupeKey: { startsWith: "stockout:" } },
    { reason: "replaced by one alert per product at risk", by: BY, now },
  );
  if (!run.complete) return resolved + (await resolveRestocked(db, shop, now, cleared, BY));
  const pace = pacer();
  for (const alert of cleared) {
    await pace();
    resolved += await resolveAlertsAutomatically(
      db,
      shop,
      { id: alert.id },
      {
        reason: `no longer at risk (the latest forecast gives ${variantLabel(alert.details)} more than ${run.leadTimeDays} days of stock)`,
        by: BY,
        now,
      },
    );
  }
  return resolved;
}
