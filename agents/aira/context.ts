// What the offline model needs to resolve the merchant's words: the shop's catalog (for fuzzy
// product and SKU matching), today, and the agents it may run. The catalog comes from the short
// per-shop cache in agents/data/catalog.ts, which store changes clear; the shop's currency for amounts
// in clarifying questions.
import { cachedCatalog } from "../data/catalog";
import type { Db } from "../db/client";
import { shopTimeZone } from "../mirror/local-days";
import type { UnderstandContext } from "./offline/understand";

export async function understandContextFor(
  db: Db,
  shop: string,
  options: {
    now: Date;
    agents: string[];
    /** The shop's location names by id (read from the store), so AIRA can ask "which location?" by name. */
    locations?: () => Promise<Map<string, string>>;
  },
): Promise<UnderstandContext> {
  const timeZone = await shopTimeZone(db, shop);
  const variants = await cachedCatalog(db, shop);
  const several = variants.some((v) => v.stockByLocation.length > 1);
  const names = several && options.locations ? await options.locations() : new Map<string, string>();
  const catalog = variants.map((v) => ({
    productId: v.productId,
    variantId: v.variantId,
    sku: v.sku,
    title: v.productTitle,
    variantTitle: v.variantTitle,
    price: v.price,
    inventory: v.onHand,
    ...(v.stockByLocation.length > 1
      ? {
          locations: v.stockByLocation.map((l) => ({
            id: l.locationId,
            name: names.get(l.locationId) ?? `Location ${l.locationId}`,
            available: l.available,
          })),
        }
      : {}),
  }));
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } });
  return { now: options.now, timeZone, catalog, agents: options.agents, currency: shopRow?.currencyCode ?? null };
}
