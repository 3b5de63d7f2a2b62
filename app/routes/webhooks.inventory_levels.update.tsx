import { applyInventoryLevelWebhook } from "../../agents/mirror/webhooks";
import { resolveStockoutsAfterStockChange } from "../../agents/inventory/alerts";
import db from "../db.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// Stock at one location changed. Keeps the store mirror current between syncs; a replay changes
// nothing. Stock received resolves the stockout alerts of the item's variants that now have enough.
export const action = webhookAction("inventory_levels/update", async ({ shop, payload }) => {
  const outcome = await applyInventoryLevelWebhook(db, shop, payload);
  if (outcome.applied && typeof outcome.inventoryItemId === "string") {
    outcome.stockoutAlertsResolved = await resolveStockoutsAfterStockChange(
      db,
      shop,
      outcome.inventoryItemId,
      new Date(),
    );
  }
  return outcome;
});
