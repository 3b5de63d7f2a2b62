// node(id) / nodes(ids) over every GID type the emulator stores.
import type { EmulatorStore } from "../store/store";
import {
  loadCollection,
  loadInventoryItem,
  loadInventoryLevelByGid,
  loadLocation,
  loadProduct,
  loadVariant,
  shopView,
} from "./catalog";
import { discountNodeView } from "./discounts";
import { loadCustomer, loadFulfillmentOrder, loadLineItem, loadOrder, loadRefund } from "./orders";
import { metafieldView, ownerView } from "./metafields";
import { bulkOperationView } from "./bulk-view";
import { webhookSubscriptionView } from "./webhook-subscriptions";
import { parseGid, type GraphQLContext, type Resolvers } from "./util";

export function loadNode(ctx: GraphQLContext, value: string): unknown {
  const p = parseGid(value);
  if (!p) return null;
  const store: EmulatorStore = ctx.store;
  switch (p.type) {
    case "Product":
      return loadProduct(store, p.id);
    case "ProductVariant":
      return loadVariant(store, p.id);
    case "InventoryItem":
      return loadInventoryItem(store, p.id);
    case "InventoryLevel":
      return loadInventoryLevelByGid(store, value);
    case "Location":
      return loadLocation(store, p.id);
    case "Collection":
      return loadCollection(store, p.id);
    case "Order":
      return loadOrder(store, p.id);
    case "LineItem":
      return loadLineItem(store, p.id);
    case "Refund":
      return loadRefund(store, p.id);
    case "FulfillmentOrder":
      return loadFulfillmentOrder(store, p.id);
    case "Customer":
      return loadCustomer(store, p.id);
    case "Shop":
      return p.id === 1 ? shopView(store.shop()) : null;
    case "DiscountCodeNode": {
      const row = store.one("SELECT * FROM discount_codes WHERE id = ?", p.id);
      return row ? discountNodeView(row, store) : null;
    }
    case "Metafield": {
      const row = store.one("SELECT * FROM metafields WHERE id = ?", p.id);
      return row ? metafieldView(row) : null;
    }
    case "BulkOperation": {
      const row = store.one("SELECT * FROM bulk_operations WHERE id = ?", p.id);
      return row ? bulkOperationView(row, ctx.baseUrl) : null;
    }
    case "WebhookSubscription": {
      const row = store.one("SELECT * FROM webhook_subscriptions WHERE id = ?", p.id);
      return row ? webhookSubscriptionView(row, ctx.apiVersion) : null;
    }
    default:
      return null;
  }
}

export const nodeResolvers: Resolvers = {
  QueryRoot: {
    node: { args: ["id"], resolve: (_p, a, ctx) => loadNode(ctx, a.id) },
    nodes: { args: ["ids"], resolve: (_p, a, ctx) => (a.ids as string[]).map((id) => loadNode(ctx, id)) },
  },
  Metafield: {
    owner: (m, _a, ctx) => ownerView(ctx.store, m._row.owner_type, Number(m._row.owner_id), (g) => loadNode(ctx, g)),
  },
};
