// Building the Admin client for the two kinds of store the app talks to: the local emulator (local
// mode) and a real shop through its offline session. Both go through createAdminClient, so every
// caller gets the same throttling, retries and circuit breaker.
import type { Db } from "../db/client";
import { AdminApiError } from "./admin-client";
import { createAdminClient, type AdminClientOptions, type ShopifyAdminClient } from "./graphql-client";
import { loadOffline, offlineAccessToken, type AppCredentials } from "./offline-token";

export type { AppCredentials } from "./offline-token";

type ExtraOptions = Omit<AdminClientOptions, "shop" | "accessToken" | "endpoint">;

/** Local mode: the emulator at `emulatorUrl` (its base URL), with the token it was started with. */
export function localAdminClient(
  config: { shop: string; emulatorUrl: string; emulatorAccessToken: string },
  extra: ExtraOptions = {},
): ShopifyAdminClient {
  if (!/^https?:\/\//.test(config.emulatorUrl)) {
    throw new AdminApiError(
      `EMULATOR_URL must be an http(s) URL such as http://127.0.0.1:4010, not "${config.emulatorUrl}"`,
      { code: "BAD_OPTIONS" },
    );
  }
  return createAdminClient({
    ...extra,
    shop: config.shop,
    accessToken: config.emulatorAccessToken,
    endpoint: config.emulatorUrl,
  });
}

/** A real shop, from an offline session's access token (e.g. one loaded by offlineSession()). */
export function shopAdminClient(
  session: { shop: string; accessToken: string },
  extra: ExtraOptions = {},
): ShopifyAdminClient {
  return createAdminClient({ ...extra, shop: session.shop, accessToken: session.accessToken });
}

/** The shop's offline session (what background jobs use); a clear error when the app is not installed. */
export async function offlineSession(
  db: Db,
  shop: string,
): Promise<{ shop: string; accessToken: string; scope: string | null }> {
  const session = await loadOffline(db, shop);
  return { shop: session.shop, accessToken: session.accessToken, scope: session.scope };
}

/** The app's credentials for refreshing offline tokens: none in local mode, or without both values. */
export function appCredentials(config: {
  localMode: boolean;
  SHOPIFY_API_KEY?: string;
  SHOPIFY_API_SECRET?: string;
}): AppCredentials | undefined {
  return !config.localMode && config.SHOPIFY_API_KEY && config.SHOPIFY_API_SECRET
    ? { apiKey: config.SHOPIFY_API_KEY, apiSecret: config.SHOPIFY_API_SECRET }
    : undefined;
}

/**
 * The client for a shop in either mode: the emulator when `local` is given, else the shop's offline
 * session; with the app's credentials an expiring offline token is refreshed as it nears expiry.
 */
export async function adminClientFor(
  db: Db,
  shop: string,
  /** The local dev store and its one shop: required, so no caller can forget the WRONG_SHOP guard. */
  local: { emulatorUrl: string; emulatorAccessToken: string; shop: string } | null,
  extra: ExtraOptions = {},
  app?: AppCredentials,
): Promise<ShopifyAdminClient> {
  if (local) {
    // The local dev store is one shop: a job for another one came through a Redis shared with another setup.
    if (shop !== local.shop)
      throw new AdminApiError(
        `Local mode serves only ${local.shop}, not ${shop}: the request or job came from another setup (a shared Redis, another database's token)`,
        { code: "WRONG_SHOP" },
      );
    return localAdminClient(
      { shop, emulatorUrl: local.emulatorUrl, emulatorAccessToken: local.emulatorAccessToken },
      extra,
    );
  }
  if (!app) return shopAdminClient(await offlineSession(db, shop), extra);
  const accessToken = offlineAccessToken(db, shop, app);
  await accessToken(); // no session, or one that cannot be refreshed: a clear error now, not mid-run
  return createAdminClient({ ...extra, shop, accessToken, ...(app.baseUrl ? { endpoint: app.baseUrl } : {}) });
}
