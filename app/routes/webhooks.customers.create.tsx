import { applyCustomerWebhook } from "../../agents/mirror/webhooks";
import db from "../db.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// A new customer. Keeps the store mirror current between syncs; a replay changes nothing.
export const action = webhookAction("customers/create", async ({ shop, payload }) =>
  applyCustomerWebhook(db, shop, payload),
);
