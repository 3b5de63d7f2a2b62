// The Shop row of each shop the app serves: written when something about it changes, never per
// page view. It is written at install and at every new offline session (shopifyApp's afterAuth, after
// the token exchange), by the app/scopes_update and app/uninstalled webhooks, and by the store sync.
// A request only makes sure, once per process and shop (and scopes), that the row exists and says
// "installed" with the session's scopes; it writes only when it does not.
//
// Why once per process is enough: after app/uninstalled deletes the shop's sessions, Shopify's
// admin only loads the app again after a reinstall, whose token exchange runs afterAuth (a write);
// new scopes arrive with a session whose scopes differ from the ones remembered here (a check).
import db from "./db.server";

/** Shops whose row this process has seen present and installed, with the scopes it had. */
const checked = new Map<string, Promise<void>>();
const key = (domain: string, scopes: string | undefined) => `${domain}\n${scopes ?? "\u0000any"}`;

/**
 * Makes sure the shop's row exists and is marked installed (with `scopes`, when given): reads it the
 * first time this process sees the shop with these scopes and writes only what differs.
 */
export function ensureShop(domain: string, scopes?: string): Promise<void> {
  const k = key(domain, scopes);
  let done = checked.get(k);
  if (!done) {
    done = checkShop(domain, scopes);
    checked.set(k, done);
    // A failed check is not remembered: the next request tries again.
    done.catch(() => checked.delete(k));
  }
  return done;
}

async function checkShop(domain: string, scopes?: string) {
  const row = await db.shop.findUnique({ where: { domain }, select: { scopes: true, uninstalledAt: true } });
  if (row && !row.uninstalledAt && (scopes === undefined || row.scopes === scopes)) return;
  await recordInstall(domain, scopes);
}

/** The shop (re)installed the app or got a new session: its row says installed, with these scopes. */
export async function recordInstall(domain: string, scopes?: string): Promise<void> {
  await db.shop.upsert({
    where: { domain },
    create: { domain, scopes: scopes ?? "" },
    update: { uninstalledAt: null, ...(scopes !== undefined ? { scopes } : {}) },
  });
  for (const k of checked.keys()) if (k.startsWith(`${domain}\n`)) checked.delete(k);
  checked.set(key(domain, scopes), Promise.resolve());
}

/** The shop uninstalled the app or its data was erased: check its row again on its next request. */
export function forgetShop(domain: string): void {
  for (const k of checked.keys()) if (k.startsWith(`${domain}\n`)) checked.delete(k);
}
