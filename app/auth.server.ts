// Who is asking: every admin route calls requireAdmin() first. Embedded in Shopify's admin this is
// the session token (authenticate.admin); in local mode it is the one local shop, served only on
// the loopback interface (docs/decisions/0005-local-mode.md).
import db from "./db.server";
import { env } from "../config/env.server";
import { authenticate } from "./shopify.server";

export interface AdminContext {
  shop: string;
  mode: "embedded" | "local";
  /** Who acts, for the audit log. */
  actor: string;
}

export async function requireAdmin(request: Request): Promise<AdminContext> {
  const config = env();
  if (config.localMode) {
    await ensureShop(config.LOCAL_SHOP);
    return { shop: config.LOCAL_SHOP, mode: "local", actor: "merchant:local" };
  }
  const { session } = await authenticate.admin(request);
  await ensureShop(session.shop, session.scope ?? "");
  const user = session.onlineAccessInfo?.associated_user?.id;
  return { shop: session.shop, mode: "embedded", actor: user ? `merchant:${user}` : "merchant" };
}

async function ensureShop(domain: string, scopes?: string) {
  await db.shop.upsert({
    where: { domain },
    create: { domain, scopes: scopes ?? "" },
    update: { uninstalledAt: null, ...(scopes !== undefined ? { scopes } : {}) },
  });
}
