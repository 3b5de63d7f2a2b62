// The inventory.set store change: on-hand quantities per item and location, set through approval.
import { z } from "zod";
import { ActionFailed, checkUserErrors, gid, type ActionKind } from "../actions/kind";

const inventoryValues = z.object({
  reason: z.string().default("correction"),
  items: z.array(
    z.object({
      inventoryItemId: z.string(),
      locationId: z.string(),
      sku: z.string().nullable().optional(),
      quantity: z.number().int(),
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
  describe: (before, after) =>
    after.items.map(
      (i, n) =>
        `${i.sku ?? before.items[n]?.sku ?? i.inventoryItemId} at location ${i.locationId}: on hand ${before.items[n]?.quantity} -> ${i.quantity}`,
    ),
};
