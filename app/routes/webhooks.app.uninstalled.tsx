import { appRuntime } from "../agents.server";
import db from "../db.server";
import { logger } from "../logger.server";
import { forgetShop } from "../shops.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// The shop removed the app: its sessions are void and its agents stop running on schedule. Its data
// stays until shop/redact (48 h later), so a reinstall within that window finds its history.
export const action = webhookAction("app/uninstalled", async ({ shop }) => {
  const sessions = await db.session.deleteMany({ where: { shop } });
  await db.shop.updateMany({ where: { domain: shop }, data: { uninstalledAt: new Date() } });
  forgetShop(shop);
  // The worker's reconciler removes them too within a minute; this is only sooner.
  const schedulesRemoved = await appRuntime()
    .unscheduleShop(shop)
    .catch((error: Error) => {
      logger.warn({ shop, err: error.message }, "could not remove schedules now; the worker will");
      return 0;
    });
  return { sessionsDeleted: sessions.count, schedulesRemoved };
});
