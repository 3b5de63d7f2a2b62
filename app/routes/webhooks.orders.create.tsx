import { applyOrderWebhook } from "../../agents/mirror/webhooks";
import db from "../db.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// A new order: into the mirror with its line items and refunds. Keeps the store mirror current between syncs; a replay changes nothing.
export const action = webhookAction("orders/create", async ({ shop, payload }) => applyOrderWebhook(db, shop, payload));
