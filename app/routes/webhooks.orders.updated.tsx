import { applyOrderWebhook } from "../../agents/mirror/webhooks";
import db from "../db.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// An order changed (payment, fulfillment, cancellation, edits): the mirror follows. Keeps the store mirror current between syncs; a replay changes nothing.
export const action = webhookAction("orders/updated", async ({ shop, payload }) =>
  applyOrderWebhook(db, shop, payload),
);
