import { applyRefundWebhook } from "../../agents/mirror/webhooks";
import db from "../db.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// A refund: recorded, and its order's refunded total recomputed. Keeps the store mirror current between syncs; a replay changes nothing.
export const action = webhookAction("refunds/create", async ({ shop, payload }) =>
  applyRefundWebhook(db, shop, payload),
);
