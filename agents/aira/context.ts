// What the offline model needs to resolve the merchant's words: the shop's catalog (for fuzzy
// product and SKU matching), today, and the agents it may run. Cached briefly per shop so that
// a conversation does not reload a large catalog on every turn.
import { loadCatalog } from "../data/catalog";
import type { Db } from "../db/client";
import type { CatalogEntry, UnderstandContext } from "./offline/understand";

const TTL_MS = 30_000;
const cache = new Map<string, { at: number; catalog: CatalogEntry[] }>();

export async function understandContextFor(
  db: Db,
  shop: string,
  options: { now: Date; agents: string[] },
): Promise<UnderstandContext> {
  const cached = cache.get(shop);
  let catalog = cached && Date.now() - cached.at < TTL_MS ? cached.catalog : null;
  if (!catalog) {
    catalog = (await loadCatalog(db, shop)).map((v) => ({
      productId: v.productId,
      variantId: v.variantId,
      sku: v.sku,
      title: v.productTitle,
      variantTitle: v.variantTitle,
      price: v.price,
      inventory: v.onHand,
    }));
    cache.set(shop, { at: Date.now(), catalog });
  }
  return { now: options.now, catalog, agents: options.agents };
}

/** After a store change the catalog is stale (prices, stock): forget it. */
export function forgetCatalog(shop: string) {
  cache.delete(shop);
}
