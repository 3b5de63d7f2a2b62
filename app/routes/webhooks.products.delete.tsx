import { applyProductDeleteWebhook } from "../../agents/mirror/webhooks";
import db from "../db.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// A product was deleted: its variants and their stock leave the mirror. Keeps the store mirror current between syncs; a replay changes nothing.
export const action = webhookAction("products/delete", async ({ shop, payload }) =>
  applyProductDeleteWebhook(db, shop, payload),
);
