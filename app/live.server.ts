// The web process's side of the live "store changed" events: one coalescing notifier per process
// (agents/runtime/store-changes.ts) over the app's Redis connection. Webhooks that changed the
// mirror and ticket changes go through it; open pages reload the figures they show.
import { changedArea } from "../agents/mirror/changes";
import type { StoreArea } from "../agents/runtime/event-types";
import { createStoreChangeNotifier, type StoreChangeNotifier } from "../agents/runtime/store-changes";
import { logger } from "./logger.server";
import { redis } from "./redis.server";

declare global {
  var __royalEquipsStoreChanges: StoreChangeNotifier | undefined;
}

function notifier(): StoreChangeNotifier {
  return (globalThis.__royalEquipsStoreChanges ??= createStoreChangeNotifier(redis, {
    onError: (error) => logger.warn({ err: error.message }, "could not announce a store change to open pages"),
  }));
}

/** Announces a change of the shop's data to its open pages; never throws (live updates are best effort). */
export function announceStoreChange(shop: string, areas: StoreArea[]): Promise<void> {
  return notifier().changed(shop, areas);
}

/** After a webhook was processed: announces it when it changed the store mirror. */
export async function announceWebhook(shop: string, topic: string, outcome: unknown): Promise<void> {
  const area = changedArea(topic, outcome);
  if (area) await announceStoreChange(shop, [area]);
}
