// The one Admin API version the emulator speaks (the schema dump it validates against, the only
// version in its GraphQL route). The app pins its own constant (agents/shopify/api-version.ts);
// tests/config.test.ts checks the two agree.
export const EMULATOR_API_VERSION = "2026-10" as const;
