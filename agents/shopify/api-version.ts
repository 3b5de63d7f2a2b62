// The one Admin API version used everywhere: the app's client, the emulator, codegen and
// shopify.app.toml ([webhooks] api_version). The newest version that both @shopify/shopify-api 15
// and the Admin schema shipped in @shopify/dev-mcp know. A test checks the toml agrees.
export const ADMIN_API_VERSION = "2026-10" as const;
export type AdminApiVersion = typeof ADMIN_API_VERSION;
