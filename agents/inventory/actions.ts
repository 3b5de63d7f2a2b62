// The inventory.set store change: on-hand quantities per item and location, set through approval.
import { z } from "zod";
import { ActionFailed, checkUserErrors, gid, settle, sides, type ActionKind } from "../actions/kind";

const inventoryValues = z.object({
  reason: z.string().default("correction"),
  items: z.array(
    z.object({
      inventoryItemId: z.string(),
      locationId: z.string(),
      sku: z.string().nullable().optional(),
      quantity: z.number().int(),
      /** For the merchant's eyes: the product (and variant) and the location by name. */
      name: z.string().optional(),
      locationName: z.string().optional(),
    }),
  ),
});
type InventoryValues = z.infer<typeof inventoryValues>;

const INVENTORY_LEVELS = /* GraphQL */ `#graphql
  query ActionInventoryLevel($inventoryItemId: ID!, $locationId: ID!) {
    inventoryItem(id: $inventoryItemId) {
      id
      sku
      inventoryLevel(locationId: $locationId) { quantities(names: ["on_hand"]) { name quantity } }
    }
  }
`;

const SET_QUANTITIES = /* GraphQL */ `#graphql
  mutation ActionSetQuantities($input: InventorySetQuantitiesInput!) {
    inventorySetQuantities(input: $input) {
      inventoryAdjustmentGroup { id reason }
      userErrors { field message code }
    }
  }
`;

export const inventorySet: ActionKind<InventoryValues> = {
  kind: "inventory.set",
  values: inventoryValues,
  async readCurrent(ctx, after) {
    const items = [];
    for (const item of after.items) {
      const data = await ctx.admin.graphql(INVENTORY_LEVELS, {
        inventoryItemId: gid("InventoryItem", item.inventoryItemId),
        locationId: gid("Location", item.locationId),
      });
      if (!data.inventoryItem)
        throw new ActionFailed(`Inventory item ${item.inventoryItemId} does not exist in the store`);
      if (!data.inventoryItem.inventoryLevel)
        throw new ActionFailed(`Inventory item ${item.inventoryItemId} is not stocked at location ${item.locationId}`);
      const onHand = data.inventoryItem.inventoryLevel.quantities.find((q) => q.name === "on_hand")?.quantity ?? 0;
      items.push({ ...item, sku: data.inventoryItem.sku, quantity: onHand });
    }
    return { reason: after.reason, items };
  },
  async apply(ctx, values) {
    const data = await ctx.admin.graphql(SET_QUANTITIES, {
      input: {
        name: "on_hand",
        reason: values.reason,
        referenceDocumentUri: `gid://royal-equips/Action/${ctx.shop}`,
        // No compare-and-swap: the approval showed the before value moments ago, and a revert must
        // restore it even if sales moved stock meanwhile.
        quantities: values.items.map((i) => ({
          inventoryItemId: gid("InventoryItem", i.inventoryItemId),
          locationId: gid("Location", i.locationId),
          quantity: i.quantity,
          changeFromQuantity: null,
        })),
      },
    });
    checkUserErrors("inventorySetQuantities", data.inventorySetQuantities);
    return null;
  },
  async check(ctx, change, direction) {
    const { target, other } = sides(change, direction);
    const current = await inventorySet.readCurrent(ctx, target);
    return {
      state: settle(
        current.items.map((now, i) => ({
          target: now.quantity === target.items[i]?.quantity,
          other: now.quantity === other.items[i]?.quantity,
        })),
      ),
    };
  },
  // Product title first, SKU second, the location by name (ids only when the names are unknown).
  describe: (before, after) =>
    after.items.map((i, n) => {
      const sku = i.sku ?? before.items[n]?.sku;
      const item = i.name ? `${i.name}${sku ? ` (SKU ${sku})` : ""}` : (sku ?? i.inventoryItemId);
      const where = i.locationName ?? `location ${i.locationId}`;
      return `${item} at ${where}: on hand ${before.items[n]?.quantity} -> ${i.quantity}`;
    }),
};

// The inventory.adjust store change: ADDS units at a location (a received delivery), never sets a
// total, so sales made between proposal and approval are not overwritten. Before and after carry the
// same deltas; `available` is the quantity then (before) and the one expected after it (after).
const adjustValues = z.object({
  reason: z.string().default("received"),
  /** Where the units came from, e.g. "gid://royal-equips/PurchaseOrder/<id>". */
  referenceDocumentUri: z.string().optional(),
  items: z.array(
    z.object({
      inventoryItemId: z.string(),
      locationId: z.string(),
      locationName: z.string().optional(),
      sku: z.string().nullable().optional(),
      title: z.string().optional(),
      delta: z.number().int(),
      available: z.number().int().optional(),
    }),
  ),
});
type AdjustValues = z.infer<typeof adjustValues>;

const ADJUST_LEVEL = /* GraphQL */ `#graphql
  query ActionAdjustLevel($inventoryItemId: ID!, $locationId: ID!) {
    inventoryItem(id: $inventoryItemId) {
      id
      sku
      inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
    }
  }
`;

const ADJUST_QUANTITIES = /* GraphQL */ `#graphql
  mutation ActionAdjustQuantities($input: InventoryAdjustQuantitiesInput!) {
    inventoryAdjustQuantities(input: $input) {
      inventoryAdjustmentGroup { id reason }
      userErrors { field message code }
    }
  }
`;

async function adjust(ctx: Parameters<ActionKind<AdjustValues>["apply"]>[0], values: AdjustValues, sign: 1 | -1) {
  const data = await ctx.admin.graphql(ADJUST_QUANTITIES, {
    input: {
      name: "available",
      reason: sign === 1 ? values.reason : "correction",
      referenceDocumentUri: values.referenceDocumentUri ?? `gid://royal-equips/Action/${ctx.shop}`,
      changes: values.items.map((i) => ({
        inventoryItemId: gid("InventoryItem", i.inventoryItemId),
        locationId: gid("Location", i.locationId),
        delta: sign * i.delta,
      })),
    },
  });
  checkUserErrors("inventoryAdjustQuantities", data.inventoryAdjustQuantities);
  return null;
}

export const inventoryAdjust: ActionKind<AdjustValues> = {
  kind: "inventory.adjust",
  values: adjustValues,
  async readCurrent(ctx, after) {
    const items = [];
    for (const item of after.items) {
      const data = await ctx.admin.graphql(ADJUST_LEVEL, {
        inventoryItemId: gid("InventoryItem", item.inventoryItemId),
        locationId: gid("Location", item.locationId),
      });
      const label = item.title ?? item.sku ?? item.inventoryItemId;
      if (!data.inventoryItem) throw new ActionFailed(`${label} no longer exists in the store`);
      if (!data.inventoryItem.inventoryLevel)
        throw new ActionFailed(`${label} is not stocked at ${item.locationName ?? `location ${item.locationId}`}`);
      const available = data.inventoryItem.inventoryLevel.quantities.find((q) => q.name === "available")?.quantity;
      items.push({ ...item, sku: data.inventoryItem.sku ?? item.sku, available: available ?? 0 });
    }
    return { ...after, items };
  },
  apply: (ctx, values) => adjust(ctx, values, 1),
  // A relative change leaves no mark but the quantity: available as it was (plus the delta when
  // applied) tells; sales or receipts since then make it "unknown", never a guess.
  async check(ctx, change, direction) {
    const current = await inventoryAdjust.readCurrent(ctx, change.after);
    return {
      state: settle(
        current.items.map((now, i) => {
          const was = change.before.items[i]?.available;
          const delta = change.after.items[i]?.delta ?? 0;
          if (was === undefined) return { target: false, other: false };
          const applied = now.available === was + delta;
          const untouched = now.available === was;
          return direction === "apply" ? { target: applied, other: untouched } : { target: untouched, other: applied };
        }),
      ),
    };
  },
  // Undo subtracts the same units: stock sold since then stays sold.
  revert: (ctx, before) => adjust(ctx, before, -1),
  describe: (before, after) =>
    after.items.map((i, n) => {
      const was = before.items[n]?.available;
      const where = i.locationName ?? `location ${i.locationId}`;
      const what = i.title ?? i.sku ?? before.items[n]?.sku ?? i.inventoryItemId;
      return `${what} at ${where}: available ${was ?? "?"} -> ${was == null ? "?" : was + i.delta} (${i.delta >= 0 ? "+" : ""}${i.delta})`;
    }),
};
