// Public API of the Shopify Admin API emulator.
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { loadAdminSchema, supportedAdminVersions } from "./schema";
export { loadSeedStore, seedInto, type LoadStats } from "./store/load";
export { openStoreDb } from "./store/db";
export { EmulatorStore, WEBHOOK_TOPICS, type WebhookTopic, type StoreChange } from "./store/store";
export { simulate, type SimulateOptions, type SimulateResult } from "./simulate";
export { signWebhook, SHOPIFY_RETRY_SCHEDULE_MS } from "./webhooks/dispatcher";
export { DEFAULT_BUCKET, type BucketOptions } from "./graphql/bucket";
