// Background work (agent runs, MCP) uses the shop's offline session. With expiring offline tokens
// (the app's `expiringOfflineAccessTokens` flag) that token lives an hour: the web app's library
// refreshes it when a merchant opens the app, but a worker at 3 a.m. must refresh it itself. This
// is Shopify's refresh-token grant (what @shopify/shopify-api's `refreshToken` does), written here
// because agents/ does not load the Remix app.
import { tokenCipherOf, type Db } from "../db/client";
import { AdminApiError } from "./admin-client";
import { reencryptRow } from "./session-tokens";

export interface AppCredentials {
  apiKey: string;
  apiSecret: string;
  /** Where the shop answers, in place of https://<shop> (the emulator in tests). */
  baseUrl?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

interface OfflineRow {
  id: string;
  /** The access token as stored (encrypted): the guard of a write over this row. */
  storedAccessToken: string;
  shop: string;
  accessToken: string;
  scope: string | null;
  expires: Date | null;
  refreshToken: string | null;
  refreshTokenExpires: Date | null;
}

/** Refresh this long before the token expires: a request started just before expiry still succeeds. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The shop's offline session (what background work uses), its tokens decrypted; a clear error when
 * the app is not installed. Tokens stored in clear or under a previous key are re-encrypted now.
 */
export async function loadOffline(db: Db, shop: string): Promise<OfflineRow> {
  const row = await db.session.findFirst({ where: { shop, isOnline: false }, orderBy: { expires: "desc" } });
  if (!row?.accessToken)
    throw new AdminApiError(
      `No offline session for ${shop}: the app is not installed there (install it, or run in local mode)`,
      { code: "NO_SESSION" },
    );
  const cipher = tokenCipherOf(db);
  const decrypted = {
    ...row,
    storedAccessToken: row.accessToken,
    accessToken: cipher.decrypt(row.accessToken),
    refreshToken: row.refreshToken === null ? null : cipher.decrypt(row.refreshToken),
  };
  // Guarded on the values read; a refresh after this read is guarded on what is stored now.
  const rewritten = await reencryptRow(db, cipher, row).catch(() => null);
  return rewritten ? { ...decrypted, storedAccessToken: rewritten.accessToken } : decrypted;
}

const fresh = (row: OfflineRow, now: number) => !row.expires || row.expires.getTime() - now > REFRESH_MARGIN_MS;

/**
 * A function returning a current access token for the shop's offline session: the stored one while
 * it has more than five minutes left, else a refreshed one (stored for every process). Concurrent
 * calls share one refresh; a refresh another process already made is picked up from the database.
 */
export function offlineAccessToken(db: Db, shop: string, app: AppCredentials): () => Promise<string> {
  const now = app.now ?? Date.now;
  let current: OfflineRow | null = null;
  let refreshing: Promise<OfflineRow> | null = null;

  const refresh = async (row: OfflineRow): Promise<OfflineRow> => {
    if (!row.refreshToken || (row.refreshTokenExpires && row.refreshTokenExpires.getTime() <= now())) {
      throw new AdminApiError(
        `The offline access token for ${shop} expired and cannot be refreshed (no valid refresh token): open the app in Shopify admin to renew it`,
        { code: "TOKEN_EXPIRED" },
      );
    }
    const base = (app.baseUrl ?? `https://${shop}`).replace(/\/+$/, "");
    const response = await (app.fetch ?? fetch)(`${base}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_id: app.apiKey,
        client_secret: app.apiSecret,
        grant_type: "refresh_token",
        refresh_token: row.refreshToken,
      }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      refresh_token?: string;
      refresh_token_expires_in?: number;
      scope?: string;
      error_description?: string;
      error?: string;
    };
    if (!response.ok || !body.access_token) {
      // Refresh tokens are single-use: another process may have spent this one first.
      const reread = await loadOffline(db, shop);
      if (reread.accessToken !== row.accessToken && fresh(reread, now())) return reread;
      throw new AdminApiError(
        `Refreshing the offline access token for ${shop} failed (${response.status}): ${body.error_description ?? body.error ?? "no reason given"}`,
        { status: response.status, code: "TOKEN_REFRESH_FAILED" },
      );
    }
    const at = now();
    const data = {
      accessToken: body.access_token,
      expires: body.expires_in ? new Date(at + body.expires_in * 1000) : null,
      refreshToken: body.refresh_token ?? row.refreshToken,
      refreshTokenExpires: body.refresh_token_expires_in
        ? new Date(at + body.refresh_token_expires_in * 1000)
        : row.refreshTokenExpires,
      ...(body.scope ? { scope: body.scope } : {}),
    };
    // Only over the token we refreshed: a concurrent writer's newer token is not overwritten.
    const cipher = tokenCipherOf(db);
    const stored = {
      ...data,
      accessToken: cipher.encrypt(data.accessToken),
      refreshToken: data.refreshToken === null ? null : cipher.encrypt(data.refreshToken),
    };
    await db.session.updateMany({ where: { id: row.id, accessToken: row.storedAccessToken }, data: stored });
    return { ...row, ...data, storedAccessToken: stored.accessToken };
  };

  return async () => {
    if (current && fresh(current, now())) return current.accessToken;
    if (!refreshing) {
      refreshing = (async () => {
        const row = await loadOffline(db, shop);
        return fresh(row, now()) ? row : refresh(row);
      })().finally(() => {
        refreshing = null;
      });
    }
    current = await refreshing;
    return current.accessToken;
  };
}
