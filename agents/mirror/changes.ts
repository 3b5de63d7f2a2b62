// Which part of the shop's data a webhook topic changes, for the live "store changed" events
// (agents/runtime/store-changes.ts): orders and refunds move revenue, products and inventory move
// stock and catalog pages, customers move segments.
import type { StoreArea } from "../runtime/event-types";

const AREA_OF_TOPIC: Record<string, StoreArea> = {
  "orders/create": "orders",
  "orders/updated": "orders",
  "refunds/create": "orders",
  "products/create": "products",
  "products/update": "products",
  "products/delete": "products",
  "inventory_levels/update": "inventory",
  "customers/create": "customers",
  "customers/update": "customers",
};

/**
 * The area a processed webhook changed, or null: topics that keep no mirror data (privacy, app
 * lifecycle), and payloads the mirror ignored as older than what it holds (`applied: false`).
 */
export function changedArea(topic: string, outcome: unknown): StoreArea | null {
  const area = AREA_OF_TOPIC[topic];
  if (!area) return null;
  const applied = outcome && typeof outcome === "object" && "applied" in outcome ? outcome.applied : true;
  return applied === false ? null : area;
}
