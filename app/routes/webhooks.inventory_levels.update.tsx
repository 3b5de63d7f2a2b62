import { applyInventoryLevelWebhook } from "../../agents/mirror/webhooks";
import db from "../db.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// Stock at one location changed. Keeps the store mirror current between syncs; a replay changes nothing.
export const action = webhookAction("inventory_levels/update", async ({ shop, payload }) =>
  applyInventoryLevelWebhook(db, shop, payload),
);
