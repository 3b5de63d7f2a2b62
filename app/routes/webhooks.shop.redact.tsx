import { redactShop } from "../../agents/compliance/privacy";
import db from "../db.server";
import { forgetShop } from "../shops.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// 48 hours after uninstall: erase everything we hold for the shop.
export const action = webhookAction("shop/redact", async ({ shop }) => {
  const erased = await redactShop(db, shop);
  forgetShop(shop);
  return erased;
});
