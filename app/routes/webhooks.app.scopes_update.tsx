import db from "../db.server";
import { webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// The merchant granted or revoked scopes: keep the sessions and the shop row in step.
export const action = webhookAction("app/scopes_update", async ({ shop, payload }) => {
  const current = Array.isArray(payload.current) ? (payload.current as string[]).join(",") : "";
  const sessions = await db.session.updateMany({ where: { shop }, data: { scope: current } });
  await db.shop.updateMany({ where: { domain: shop }, data: { scopes: current } });
  return { scopes: current, sessionsUpdated: sessions.count };
});
