import { applyProductWebhook } from "../../agents/mirror/webhooks";
import db from "../db.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// A new product and its variants. Keeps the store mirror current between syncs; a replay changes nothing.
export const action = webhookAction("products/create", async ({ shop, payload }) =>
  applyProductWebhook(db, shop, payload),
);
