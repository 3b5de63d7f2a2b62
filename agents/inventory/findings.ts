// What the inventory-forecasting agent records (ADR 0013): a stockout risk per variant that may run
// out within the lead time, and a reorder line per variant the purchase-order plan would reorder.
import { z } from "zod";
import { pacer } from "../core/pace";
import type { CatalogVariant } from "../data/catalog";
import { findingKind } from "../findings/kind";
import type { FoundItem } from "../findings/store";
import { count, plural, shortDay, variantName } from "../findings/words";
import type { ToolOutput } from "../core/registry";
import type { getStockoutRisks, suggestPurchaseOrder } from "./tools";

const product = {
  productId: z.string().nullable(),
  variantId: z.string(),
  product: z.string(),
  variant: z.string().nullable(),
  sku: z.string().nullable(),
};

export const stockoutRisk = findingKind(
  "stockout_risk",
  z.object({
    ...product,
    onHand: z.number(),
    daysOfCover: z.number(),
    stockoutDate: z.string().nullable(),
    dailyDemand: z.number(),
    forecast: z.object({ days: z.number(), units: z.number(), lo80: z.number(), hi80: z.number() }),
  }),
);

export const reorderLine = findingKind(
  "reorder_line",
  z.object({
    ...product,
    vendor: z.string(),
    leadTimeDays: z.number(),
    quantity: z.number(),
    onHand: z.number(),
    reorderPoint: z.number(),
    unitCost: z.number().nullable(),
    lineCost: z.number().nullable(),
    daysOfCover: z.number().nullable(),
    stockoutDate: z.string().nullable(),
    reason: z.string(),
  }),
);

export function stockoutFindings(risks: ToolOutput<typeof getStockoutRisks>["risks"]): FoundItem[] {
  return risks.map((r) => {
    const name = variantName(r.product, r.variant);
    const days = r.daysOfCover < 1 ? "less than a day" : plural(Math.floor(r.daysOfCover), "day");
    const title = r.stockoutDate
      ? `${name} may run out on ${shortDay(r.stockoutDate)} (${days} of stock)`
      : `${name} may run out soon (${days} of stock)`;
    return stockoutRisk.item(
      `variant:${r.variantId}`,
      title,
      {
        productId: r.productId,
        variantId: r.variantId,
        product: r.product,
        variant: r.variant,
        sku: r.sku,
        onHand: r.onHand,
        daysOfCover: r.daysOfCover,
        stockoutDate: r.stockoutDate,
        dailyDemand: r.dailyDemand,
        forecast: r.forecast,
      },
      // Sooner is more urgent.
      -r.daysOfCover,
    );
  });
}

/**
 * A reorder line per ordered variant. Paced (agents/core/pace.ts): a big store's plan has ~11,000
 * lines looked up in a ~300k-variant catalog, which in one go held the worker for ~0.5 s.
 */
export async function reorderFindings(
  orders: ToolOutput<typeof suggestPurchaseOrder>["orders"],
  catalog: CatalogVariant[],
): Promise<FoundItem[]> {
  const pace = pacer();
  const ordered = new Set(orders.flatMap((o) => o.lines.map((l) => l.sku)));
  const bySku = new Map<string, CatalogVariant>();
  for (const v of catalog) {
    const turn = pace();
    if (turn) await turn;
    // The last variant of a SKU, as a Map of the whole catalog had it.
    if (v.sku && ordered.has(v.sku)) bySku.set(v.sku, v);
  }
  const items: FoundItem[] = [];
  for (const order of orders)
    for (const line of order.lines) {
      await pace();
      if (line.quantity <= 0) continue;
      const v = bySku.get(line.sku);
      const name = v ? variantName(v.productTitle, v.variantTitle) : line.sku;
      items.push(
        reorderLine.item(
          `variant:${v?.variantId ?? `sku:${line.sku}`}`,
          `Reorder ${count(line.quantity)} of ${name} from ${order.vendor}`,
          {
            productId: v?.productId ?? null,
            variantId: v?.variantId ?? line.sku,
            product: v?.productTitle ?? line.sku,
            variant: v?.variantTitle ?? null,
            sku: line.sku,
            vendor: order.vendor,
            leadTimeDays: order.leadTimeDays,
            quantity: line.quantity,
            onHand: line.onHand,
            reorderPoint: line.reorderPoint,
            unitCost: line.unitCost,
            lineCost: line.lineCost,
            daysOfCover: line.daysOfCover,
            stockoutDate: line.stockoutDate,
            reason: line.reason,
          },
          // The sooner it runs out, the sooner to order.
          -(line.daysOfCover ?? 1_000),
        ),
      );
    }
  return items;
}

export function inventorySummary(
  atRisk: number,
  withinDays: number,
  orders: ToolOutput<typeof suggestPurchaseOrder>["orders"],
) {
  const vendors = orders.filter((o) => o.totalUnits > 0);
  const units = vendors.reduce((s, o) => s + o.totalUnits, 0);
  const risk =
    atRisk === 0
      ? `No variant is expected to run out within ${withinDays} days`
      : `${plural(atRisk, "variant")} may run out within ${withinDays} days`;
  const reorder =
    vendors.length === 0
      ? "nothing to reorder"
      : `purchase orders for ${plural(vendors.length, "vendor")}, ${count(units)} units`;
  return `${risk}; ${reorder}`;
}
