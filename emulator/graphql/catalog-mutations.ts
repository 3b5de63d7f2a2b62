// Inventory, product and variant mutations with Shopify-like userErrors.
import type { Row } from "../store/store";
import { loadProduct, loadVariant, loadInventoryItem, loadLocation } from "./catalog";
import { metafieldsSet } from "./metafields";
import { decimalToCents, gid, idOf, notImplemented, rejectUnknownInput, type Resolvers, type UserError } from "./util";
import type { Loose } from "../loose";

/** Reasons Shopify accepts on inventory changes. */
export const INVENTORY_REASONS = [
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_created",
  "movement_updated",
  "movement_received",
  "movement_canceled",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
];
const QUANTITY_LIMIT = 1_000_000_000;

function adjustmentGroup(
  ctx: Loose,
  reason: string,
  referenceDocumentUri: string | null,
  changes: { itemId: number; locationId: number; name: string; delta: number; after: number }[],
) {
  return {
    __typename: "InventoryAdjustmentGroup",
    id: gid("InventoryAdjustmentGroup", Date.now()),
    createdAt: ctx.store.now(),
    reason,
    referenceDocumentUri,
    app: null,
    staffMember: null,
    _changes: changes,
  };
}

export const catalogMutations: Resolvers = {
  Mutation: {
    inventorySetQuantities: {
      args: ["input"],
      resolve: (_p, { input }, ctx) => {
        rejectUnknownInput(input, "InventorySetQuantitiesInput", [
          "name",
          "reason",
          "quantities",
          "referenceDocumentUri",
        ]);
        const userErrors: UserError[] = [];
        if (!["available", "on_hand"].includes(input.name)) {
          userErrors.push({
            field: ["input", "name"],
            message: "The quantity name must be either 'available' or 'on_hand'.",
            code: "INVALID_NAME",
          });
        }
        if (!INVENTORY_REASONS.includes(input.reason)) {
          userErrors.push({
            field: ["input", "reason"],
            message: `The reason is invalid; use one of ${INVENTORY_REASONS.join(", ")}.`,
            code: "INVALID_REASON",
          });
        }
        const seen = new Set<string>();
        const planned = (input.quantities as Loose[]).map((q, i) => {
          rejectUnknownInput(q, "InventoryQuantityInput", [
            "inventoryItemId",
            "locationId",
            "quantity",
            "changeFromQuantity",
          ]);
          const path = (f: string) => ["input", "quantities", String(i), f];
          const itemId = idOf(q.inventoryItemId, "InventoryItem");
          const locationId = idOf(q.locationId, "Location");
          if (itemId == null || !loadInventoryItem(ctx.store, itemId)) {
            userErrors.push({
              field: path("inventoryItemId"),
              message: "The specified inventory item could not be found.",
              code: "INVALID_INVENTORY_ITEM",
            });
          }
          if (locationId == null || !loadLocation(ctx.store, locationId)) {
            userErrors.push({
              field: path("locationId"),
              message: "The specified location could not be found.",
              code: "INVALID_LOCATION",
            });
          }
          if (q.quantity < 0) {
            userErrors.push({
              field: path("quantity"),
              message: "The quantity can't be negative.",
              code: "INVALID_QUANTITY_NEGATIVE",
            });
          } else if (q.quantity > QUANTITY_LIMIT) {
            userErrors.push({
              field: path("quantity"),
              message: `The quantity can't be higher than ${QUANTITY_LIMIT}.`,
              code: "INVALID_QUANTITY_TOO_HIGH",
            });
          }
          const key = `${itemId}:${locationId}`;
          if (seen.has(key)) {
            userErrors.push({
              field: path("inventoryItemId"),
              message: "The combination of inventoryItemId and locationId must be unique.",
              code: "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
            });
          }
          seen.add(key);
          const level: Row | undefined =
            itemId != null && locationId != null ? ctx.store.inventoryLevel(itemId, locationId) : undefined;
          const current = level ? Number(level[input.name]) : 0;
          if (q.changeFromQuantity != null && q.changeFromQuantity !== current) {
            userErrors.push({
              field: path("changeFromQuantity"),
              message: `The current quantity is ${current}, not ${q.changeFromQuantity}.`,
              code: "CHANGE_FROM_QUANTITY_STALE",
            });
          }
          return { itemId: itemId!, locationId: locationId!, quantity: Number(q.quantity), current };
        });
        if (userErrors.length) return { inventoryAdjustmentGroup: null, userErrors };
        const changes = ctx.store.transaction(() =>
          planned.map((p) => {
            const after = ctx.store.setInventory(p.itemId, p.locationId, input.name, p.quantity);
            return {
              itemId: p.itemId,
              locationId: p.locationId,
              name: input.name,
              delta: p.quantity - p.current,
              after: Number(after[input.name]),
            };
          }),
        );
        return {
          inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, input.referenceDocumentUri ?? null, changes),
          userErrors,
        };
      },
    },
    inventoryAdjustQuantities: {
      args: ["input"],
      resolve: (_p, { input }, ctx) => {
        rejectUnknownInput(input, "InventoryAdjustQuantitiesInput", [
          "name",
          "reason",
          "changes",
          "referenceDocumentUri",
        ]);
        const userErrors: UserError[] = [];
        if (!["available", "on_hand"].includes(input.name)) {
          userErrors.push({
            field: ["input", "name"],
            message: "The quantity name must be either 'available' or 'on_hand'.",
            code: "INVALID_QUANTITY_NAME",
          });
        }
        if (!INVENTORY_REASONS.includes(input.reason)) {
          userErrors.push({
            field: ["input", "reason"],
            message: `The reason is invalid; use one of ${INVENTORY_REASONS.join(", ")}.`,
            code: "INVALID_REASON",
          });
        }
        const planned = (input.changes as Loose[]).map((c, i) => {
          rejectUnknownInput(c, "InventoryChangeInput", [
            "inventoryItemId",
            "locationId",
            "delta",
            "changeFromQuantity",
            "ledgerDocumentUri",
          ]);
          if (c.ledgerDocumentUri != null) throw notImplemented("Input field 'InventoryChangeInput.ledgerDocumentUri'");
          const path = (f: string) => ["input", "changes", String(i), f];
          const itemId = idOf(c.inventoryItemId, "InventoryItem");
          const locationId = idOf(c.locationId, "Location");
          if (itemId == null || !loadInventoryItem(ctx.store, itemId)) {
            userErrors.push({
              field: path("inventoryItemId"),
              message: "The specified inventory item could not be found.",
              code: "INVALID_INVENTORY_ITEM",
            });
          }
          if (locationId == null || !loadLocation(ctx.store, locationId)) {
            userErrors.push({
              field: path("locationId"),
              message: "The specified location could not be found.",
              code: "INVALID_LOCATION",
            });
          }
          const level: Row | undefined =
            itemId != null && locationId != null ? ctx.store.inventoryLevel(itemId, locationId) : undefined;
          const current = level ? Number(level[input.name]) : 0;
          if (Math.abs(current + c.delta) > QUANTITY_LIMIT) {
            userErrors.push({
              field: path("delta"),
              message: `The resulting quantity must stay within ±${QUANTITY_LIMIT}.`,
              code: c.delta > 0 ? "INVALID_QUANTITY_TOO_HIGH" : "INVALID_QUANTITY_TOO_LOW",
            });
          }
          if (c.changeFromQuantity != null && c.changeFromQuantity !== current) {
            userErrors.push({
              field: path("changeFromQuantity"),
              message: `The current quantity is ${current}, not ${c.changeFromQuantity}.`,
              code: "CHANGE_FROM_QUANTITY_STALE",
            });
          }
          return { itemId: itemId!, locationId: locationId!, delta: Number(c.delta) };
        });
        if (userErrors.length) return { inventoryAdjustmentGroup: null, userErrors };
        const changes = ctx.store.transaction(() =>
          planned.map((p) => {
            const after = ctx.store.adjustInventory(p.itemId, p.locationId, p.delta);
            return { ...p, name: input.name, after: Number(after[input.name]) };
          }),
        );
        return {
          inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, input.referenceDocumentUri ?? null, changes),
          userErrors,
        };
      },
    },
    productUpdate: {
      args: ["product", "input"],
      resolve: (_p, a, ctx) => {
        const input = a.product ?? a.input;
        if (!input)
          return {
            product: null,
            userErrors: [{ field: ["product"], message: "Send the product fields in `product: ProductUpdateInput`." }],
          };
        const typeName = a.product ? "ProductUpdateInput" : "ProductInput";
        // deleteConflictingConstrainedMetafields has a schema default (false); only `true` asks for something we lack.
        if (input.deleteConflictingConstrainedMetafields)
          throw notImplemented(`Input field '${typeName}.deleteConflictingConstrainedMetafields'`);
        rejectUnknownInput(input, typeName, [
          "id",
          "title",
          "handle",
          "descriptionHtml",
          "vendor",
          "productType",
          "tags",
          "status",
          "seo",
          "metafields",
          "deleteConflictingConstrainedMetafields",
        ]);
        const id = input.id ? idOf(input.id, "Product") : null;
        const existing = id == null ? undefined : ctx.store.one("SELECT id FROM products WHERE id = ?", id);
        if (!existing) return { product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] };
        const userErrors: UserError[] = [];
        if (input.title != null && !String(input.title).trim())
          userErrors.push({ field: ["title"], message: "Title can't be blank" });
        if (input.handle != null) {
          const clash = ctx.store.one("SELECT id FROM products WHERE handle = ? AND id != ?", input.handle, id);
          if (clash)
            userErrors.push({
              field: ["handle"],
              message: `Handle '${input.handle}' already in use. Please provide a new handle.`,
            });
        }
        if (userErrors.length) return { product: null, userErrors };
        if (input.metafields?.length) {
          const res = metafieldsSet(
            ctx.store,
            input.metafields.map((m: Loose) => {
              rejectUnknownInput(m, "MetafieldInput", ["namespace", "key", "type", "value"]);
              return { ...m, ownerId: gid("Product", id!) };
            }),
          );
          if (res.userErrors.length)
            return {
              product: null,
              userErrors: res.userErrors.map((e) => ({
                field: ["metafields", ...(e.field ?? []).slice(1)],
                message: e.message,
              })),
            };
        }
        const fields: Record<string, string> = {};
        if (input.title != null) fields.title = input.title;
        if (input.handle != null) fields.handle = input.handle;
        if (input.descriptionHtml != null) fields.description_html = input.descriptionHtml;
        if (input.vendor != null) fields.vendor = input.vendor;
        if (input.productType != null) fields.product_type = input.productType;
        if (input.tags != null) fields.tags = JSON.stringify(input.tags);
        if (input.status != null) fields.status = input.status;
        if (input.seo) {
          rejectUnknownInput(input.seo, "SEOInput", ["title", "description"]);
          if (input.seo.title !== undefined) fields.seo_title = input.seo.title;
          if (input.seo.description !== undefined) fields.seo_description = input.seo.description;
        }
        ctx.store.updateProduct(id!, fields);
        return { product: loadProduct(ctx.store, id!), userErrors };
      },
    },
    productVariantsBulkUpdate: {
      args: ["productId", "variants", "allowPartialUpdates"],
      resolve: (_p, a, ctx) => {
        const userErrors: UserError[] = [];
        const productId = idOf(a.productId, "Product");
        if (productId == null || !ctx.store.one("SELECT id FROM products WHERE id = ?", productId)) {
          return {
            product: null,
            productVariants: null,
            userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }],
          };
        }
        const planned = (a.variants as Loose[]).map((v, i) => {
          rejectUnknownInput(v, "ProductVariantsBulkInput", ["id", "price", "compareAtPrice", "inventoryItem"]);
          const path = (...f: string[]) => ["variants", String(i), ...f];
          const before = userErrors.length;
          const id = v.id ? idOf(v.id, "ProductVariant") : null;
          const row = id == null ? undefined : ctx.store.one("SELECT product_id FROM variants WHERE id = ?", id);
          if (!v.id)
            userErrors.push({
              field: path("id"),
              message: "Product variant is missing ID attribute",
              code: "PRODUCT_VARIANT_ID_MISSING",
            });
          else if (!row)
            userErrors.push({
              field: path("id"),
              message: "Product variant does not exist",
              code: "PRODUCT_VARIANT_DOES_NOT_EXIST",
            });
          else if (Number(row.product_id) !== productId)
            userErrors.push({
              field: path("id"),
              message: "Product variant does not belong to the product",
              code: "MUST_BE_FOR_THIS_PRODUCT",
            });
          const fields: {
            price_cents?: number;
            compare_at_price_cents?: number | null;
            unit_cost_cents?: number | null;
            sku?: string;
          } = {};
          if (v.price !== undefined) {
            const cents = v.price === null ? null : decimalToCents(v.price);
            if (cents == null)
              userErrors.push({
                field: path("price"),
                message: `Price must be a number, got ${JSON.stringify(v.price)}`,
                code: "INVALID_INPUT",
              });
            else if (cents < 0)
              userErrors.push({
                field: path("price"),
                message: "Price must be greater than or equal to 0",
                code: "NEGATIVE_PRICE_VALUE",
              });
            else fields.price_cents = cents;
          }
          if (v.compareAtPrice !== undefined) {
            const cents = v.compareAtPrice === null ? null : decimalToCents(v.compareAtPrice);
            if (v.compareAtPrice !== null && cents == null)
              userErrors.push({
                field: path("compareAtPrice"),
                message: `Compare at price must be a number, got ${JSON.stringify(v.compareAtPrice)}`,
                code: "INVALID_INPUT",
              });
            else if (cents != null && cents < 0)
              userErrors.push({
                field: path("compareAtPrice"),
                message: "Compare at price must be greater than or equal to 0",
                code: "NEGATIVE_PRICE_VALUE",
              });
            else fields.compare_at_price_cents = cents;
          }
          if (v.inventoryItem) {
            rejectUnknownInput(v.inventoryItem, "InventoryItemInput", ["cost", "sku", "tracked"]);
            if (v.inventoryItem.tracked === false)
              throw notImplemented("Untracked inventory (InventoryItemInput.tracked = false)");
            if (v.inventoryItem.cost !== undefined) {
              const cents = v.inventoryItem.cost === null ? null : decimalToCents(v.inventoryItem.cost);
              if (v.inventoryItem.cost !== null && (cents == null || cents < 0)) {
                userErrors.push({
                  field: path("inventoryItem", "cost"),
                  message: "Cost must be a non-negative number",
                  code: "INVALID_INPUT",
                });
              } else fields.unit_cost_cents = cents;
            }
            if (v.inventoryItem.sku !== undefined) fields.sku = v.inventoryItem.sku ?? "";
          }
          return { id: id!, fields, ok: userErrors.length === before };
        });
        const toApply = a.allowPartialUpdates ? planned.filter((p) => p.ok) : userErrors.length ? [] : planned;
        ctx.store.transaction(() => toApply.forEach((p) => ctx.store.updateVariant(p.id, p.fields)));
        if (toApply.length) ctx.store.announceProductUpdate(productId);
        return {
          product: loadProduct(ctx.store, productId),
          productVariants: toApply.length
            ? toApply.map((p) => loadVariant(ctx.store, p.id))
            : userErrors.length
              ? null
              : [],
          userErrors,
        };
      },
    },
    metafieldsSet: { args: ["metafields"], resolve: (_p, a, ctx) => metafieldsSet(ctx.store, a.metafields) },
  },
  InventoryAdjustmentGroup: {
    changes: {
      args: ["inventoryItemIds", "locationIds", "quantityNames"],
      resolve: (g, a, ctx) =>
        (g._changes as Loose[])
          .filter((c) => !a.inventoryItemIds || a.inventoryItemIds.includes(gid("InventoryItem", c.itemId)))
          .filter((c) => !a.locationIds || a.locationIds.includes(gid("Location", c.locationId)))
          .filter((c) => !a.quantityNames || a.quantityNames.includes(c.name))
          .map((c) => ({
            name: c.name,
            delta: c.delta,
            quantityAfterChange: c.after,
            ledgerDocumentUri: null,
            item: loadInventoryItem(ctx.store, c.itemId),
            location: loadLocation(ctx.store, c.locationId),
          })),
    },
  },
};
