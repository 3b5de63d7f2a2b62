import { applyProductWebhook } from "../../agents/mirror/webhooks";
import db from "../db.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// A product or its variants changed (prices, SKUs, variants added or removed). Keeps the store mirror current between syncs; a replay changes nothing.
export const action = webhookAction("products/update", async ({ shop, payload }) =>
  applyProductWebhook(db, shop, payload),
);
