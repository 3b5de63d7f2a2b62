// The Admin API client for a shop. Local mode talks to the bundled
// emulator, a real shop through its offline session: the same client either way.
import { adminClientFor, appCredentials } from "../agents/shopify/local";
import db from "./db.server";
import { env } from "../config/env.server";
import { logger } from "./logger.server";
import { redis } from "./redis.server";

export function localEmulator() {
  const config = env();
  return config.localMode
    ? { emulatorUrl: config.EMULATOR_URL, emulatorAccessToken: config.EMULATOR_ACCESS_TOKEN, shop: config.LOCAL_SHOP }
    : null;
}

export async function adminFor(shop: string) {
  // The shop's cost bucket is shared with the workers through Redis (ADR 0025).
  return adminClientFor(db, shop, localEmulator(), { logger, sharedBucket: redis }, appCredentials(env()));
}
