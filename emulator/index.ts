// Public API of the Shopify Admin API emulator (package @royal-equips/emulator):
//   "@royal-equips/emulator"          the server, its store, seeding into it, simulate, webhook payloads
//   "@royal-equips/emulator/seed"     the seed generator, CSV/Olist importers and the SeedStore types (./seed/index.ts)
//   "@royal-equips/emulator/testing"  an in-memory seeded emulator and a synthetic store for tests (./testing/index.ts)
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { EMULATOR_API_VERSION } from "./version";
export { loadAdminSchema, supportedAdminVersions } from "./schema";
export { loadSeedStore, seedInto, type LoadStats } from "./store/load";
export { openStoreDb } from "./store/db";
export { EmulatorStore, WEBHOOK_TOPICS, type WebhookTopic, type StoreChange } from "./store/store";
export { simulate, type SimulateOptions, type SimulateResult } from "./simulate";
export { signWebhook, SHOPIFY_RETRY_SCHEDULE_MS } from "./webhooks/dispatcher";
export { payloadFor, orderPayload } from "./webhooks/payloads";
export { DEFAULT_BUCKET, type BucketOptions } from "./graphql/bucket";
export type { Loose } from "./loose";
