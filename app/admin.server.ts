// The Admin API client and the tool context for a request. Local mode talks to the bundled
// emulator, a real shop through its offline session: the same client either way.
import type { Actor, ToolContext } from "../agents/core/context";
import { adminClientFor, appCredentials } from "../agents/shopify/local";
import db from "./db.server";
import { env } from "../config/env.server";
import { logger } from "./logger.server";

export function localEmulator() {
  const config = env();
  return config.localMode
    ? { emulatorUrl: config.EMULATOR_URL, emulatorAccessToken: config.EMULATOR_ACCESS_TOKEN }
    : null;
}

export async function adminFor(shop: string) {
  return adminClientFor(db, shop, localEmulator(), { logger }, appCredentials(env()));
}

/** Everything a tool handler needs, for one shop and one actor. */
export async function toolContext(shop: string, actor: Actor): Promise<ToolContext> {
  return {
    shop,
    db,
    admin: await adminFor(shop),
    logger: logger.child({ shop, actor: `${actor.kind}:${actor.id}` }),
    actor,
    now: () => new Date(),
  };
}
