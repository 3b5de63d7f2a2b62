import db from "../db.server";
import { webhookAction } from "../webhooks.server";

// The shop removed the app: its sessions are void. Its data stays until shop/redact (48 h later),
// so a reinstall within that window finds its history.
export const action = webhookAction("app/uninstalled", async ({ shop }) => {
  const sessions = await db.session.deleteMany({ where: { shop } });
  await db.shop.updateMany({ where: { domain: shop }, data: { uninstalledAt: new Date() } });
  return { sessionsDeleted: sessions.count };
});
