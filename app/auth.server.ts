// Who is asking: every admin route calls requireAdmin() first. Embedded in Shopify's admin this is
// the session token (authenticate.admin); in local mode it is the one local shop, served only on
// the loopback interface (docs/decisions/0005-local-mode.md).
// The answer is the request's one context: the shop, the merchant's Actor (built here, never
// re-parsed from a string), the tool context for that merchant, and the audit log in their name.
// A page's layout and page loaders share it: one authentication per HTTP request, and no write to
// the Shop row unless it changed (app/shops.server.ts).
import { audit, type AuditEntry } from "../agents/core/audit";
import type { Actor, ToolContext } from "../agents/core/context";
import { toolContext } from "./tools.server";
import db from "./db.server";
import { env } from "../config/env.server";
import { authenticate } from "./shopify.server";
import { ensureShop } from "./shops.server";

export interface AdminContext {
  shop: string;
  mode: "embedded" | "local";
  /** Who acts: the audit log writes `merchant:<id>` (actorLabel). */
  actor: Actor;
  /** The tool context for this shop and merchant; built on first use, then shared by the request. */
  toolContext(): Promise<ToolContext>;
}

/** Local mode's merchant, and an embedded session's when Shopify names no user (offline token). */
const LOCAL_ID = "local";
const OWNER_ID = "owner";

/** Per HTTP request: Remix hands the same Request to every loader of a page (layout and page). */
const perRequest = new WeakMap<Request, Promise<AdminContext>>();

export function requireAdmin(request: Request): Promise<AdminContext> {
  let admin = perRequest.get(request);
  if (!admin) {
    admin = authenticateAdmin(request);
    perRequest.set(request, admin);
  }
  // A thrown Response (redirect, bounce page, 401) reaches each loader as its own copy: Remix
  // reads the body of every loader's thrown Response, and a body can be read once.
  return admin.catch((thrown: unknown) => {
    throw thrown instanceof Response ? thrown.clone() : thrown;
  });
}

async function authenticateAdmin(request: Request): Promise<AdminContext> {
  const config = env();
  if (config.localMode) {
    await ensureShop(config.LOCAL_SHOP);
    return adminContext(config.LOCAL_SHOP, "local", LOCAL_ID);
  }
  const { session } = await authenticate.admin(request);
  await ensureShop(session.shop, session.scope ?? "");
  const user = session.onlineAccessInfo?.associated_user?.id;
  return adminContext(session.shop, "embedded", user ? String(user) : OWNER_ID);
}

function adminContext(shop: string, mode: AdminContext["mode"], merchantId: string): AdminContext {
  const actor: Actor = { kind: "merchant", id: merchantId };
  let tools: Promise<ToolContext> | undefined;
  return { shop, mode, actor, toolContext: () => (tools ??= toolContext(shop, actor)) };
}

/** An audit row for something the merchant did outside a tool call (run an agent, cancel a run). */
export function auditMerchant(admin: Pick<AdminContext, "shop" | "actor">, entry: AuditEntry) {
  return audit({ db, shop: admin.shop, actor: admin.actor }, entry);
}
