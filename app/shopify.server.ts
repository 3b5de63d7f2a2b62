// Shopify app configuration: one shopifyApp() for the whole app, as in Shopify's template.
// In local mode the same library runs with local credentials: webhooks from the emulator are
// verified with the same HMAC check, and admin pages use the local session (app/auth.server.ts).
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { ADMIN_API_VERSION } from "../agents/shopify/api-version";
import db from "./db.server";
import { EncryptedSessionStorage } from "./session-storage.server";
import { env } from "../config/env.server";
import { APP_SCOPES } from "./scopes";
import { recordInstall } from "./shops.server";

// The one Admin API version, typed for the library; a test checks it equals ADMIN_API_VERSION.
export const apiVersion = ApiVersion.October26;
if (apiVersion !== ADMIN_API_VERSION)
  throw new Error(`apiVersion ${apiVersion} != ADMIN_API_VERSION ${ADMIN_API_VERSION}`);

const config = env();

const shopify = shopifyApp({
  apiKey: config.localMode ? "local-dev-app" : config.SHOPIFY_API_KEY!,
  apiSecretKey: config.localMode ? config.appSecret : config.SHOPIFY_API_SECRET!,
  apiVersion,
  scopes: (config.SCOPES ?? APP_SCOPES).split(","),
  appUrl: config.localMode ? `http://localhost:${config.PORT}` : config.SHOPIFY_APP_URL!,
  authPathPrefix: "/auth",
  // Tokens encrypted at rest (TOKEN_ENCRYPTION_KEY, ADR 0024).
  sessionStorage: new EncryptedSessionStorage(db),
  distribution: AppDistribution.AppStore,
  hooks: {
    // After an install or any new offline session (token exchange): the Shop row says installed,
    // with the session's scopes. Page views do not write it (app/shops.server.ts).
    afterAuth: async ({ session }) => recordInstall(session.shop, session.scope ?? ""),
  },
  logger: {
    level:
      config.LOG_LEVEL === "silent"
        ? LogSeverity.Error
        : config.LOG_LEVEL === "debug" || config.LOG_LEVEL === "trace"
          ? LogSeverity.Debug
          : LogSeverity.Warning,
  },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
