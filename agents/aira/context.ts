// What the offline model needs to resolve the merchant's words: the shop's catalog (for fuzzy
// product and SKU matching), today, and the agents it may run. The catalog comes from the short
// per-shop cache in agents/data/catalog.ts, which store changes clear.
import { cachedCatalog } from "../data/catalog";
import type { Db } from "../db/client";
import { shopTimeZone } from "../mirror/local-days";
import type { UnderstandContext } from "./offline/understand";

export async function understandContextFor(
  db: Db,
  shop: string,
  options: { now: Date; agents: string[] },
): Promise<UnderstandContext> {
  const timeZone = await shopTimeZone(db, shop);
  const catalog = (await cachedCatalog(db, shop)).map((v) => ({
    productId: v.productId,
    variantId: v.variantId,
    sku: v.sku,
    title: v.productTitle,
    variantTitle: v.variantTitle,
    price: v.price,
    inventory: v.onHand,
  }));
  return { now: options.now, timeZone, catalog, agents: options.agents };
}
