// The tool context of a request, for one shop and one actor. Heavy analysis tools answer from
// their stored results and ask the worker for new ones through the app's runtime (ADR 0015): pages
// do not wait (they show when it is ready), AIRA waits a little for a first answer.
import type { Actor, ToolContext } from "../agents/core/context";
import { adminFor } from "./admin.server";
import db from "./db.server";
import { announceStoreChange } from "./live.server";
import { logger } from "./logger.server";
import { appRuntime } from "./runtime.server";

/** How long a request waits for an analysis that has never been worked out for this shop. */
const WAIT_MS: Record<Actor["kind"], number> = { merchant: 0, aira: 20_000, mcp: 20_000, schedule: 0, system: 0 };

export async function toolContext(shop: string, actor: Actor): Promise<ToolContext> {
  return {
    shop,
    db,
    admin: await adminFor(shop),
    logger: logger.child({ shop, actor: `${actor.kind}:${actor.id}` }),
    actor,
    runner: appRuntime(),
    results: { mode: "serve", waitMs: WAIT_MS[actor.kind] },
    storeChanged: (areas) => announceStoreChange(shop, areas),
    now: () => new Date(),
  };
}
