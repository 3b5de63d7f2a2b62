// "The shop's data changed" on the shop's live event log, coalesced: a burst of 500 order webhooks
// becomes one event at once and then at most one per window while the burst lasts, not 500 (every
// open page reloads its data on each one).
//
// A throttle with a leading and a trailing edge, shared through Redis by every process that sees
// changes (web processes behind a load balancer receive webhooks independently):
// - each change adds itself to the shop's pending hash (area -> count) and tries to take the
//   shop's gate (SET NX); the process that takes it announces at once (leading edge) and becomes
//   the announcer: every window it moves what is pending into one event (trailing edges), and
//   when a window passes with nothing pending it gives the gate up (atomically with finding the
//   hash empty, so no change can slip between a last look and the gate going away);
// - a change that finds the gate taken only adds to the hash: the announcer picks it up within a
//   window.
// If the announcer's process dies, its gate expires after ten windows and the next change takes it
// over, announcing what was left pending.
import type { Redis } from "../infra/redis";
import { STORE_AREAS, type StoreArea, type StoreChangedEvent } from "./event-types";
import { publishEvent } from "./events";
import { DEFAULT_PREFIX, storeChangesGate, storeChangesPending } from "./names";

/** Default window: the longest a change waits to be announced during a burst. */
export const STORE_CHANGE_WINDOW_MS = 1_500;

// KEYS: pending hash, gate. ARGV: gate ttl (ms), now (ms), areas...
// Returns 1 when this call took the gate (it announces now and keeps announcing), else 0.
const NOTE = `
redis.call('HINCRBY', KEYS[1], '_n', 1)
redis.call('HSETNX', KEYS[1], '_since', ARGV[2])
for i = 3, #ARGV do redis.call('HINCRBY', KEYS[1], ARGV[i], 1) end
redis.call('PEXPIRE', KEYS[1], 86400000)
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return 1 end
return 0
`;

// KEYS: pending hash, gate. ARGV: gate ttl (ms). Takes what is pending and keeps the gate; with
// nothing pending, gives the gate up. Returns the hash's fields and values (empty: gate released).
const TAKE = `
local pending = redis.call('HGETALL', KEYS[1])
if #pending == 0 then
  redis.call('DEL', KEYS[2])
  return pending
end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return pending
`;

export interface StoreChangeNotifier {
  /** Records a change of the shop's data; announced now or within a window. Never throws. */
  changed(shop: string, areas: readonly StoreArea[]): Promise<void>;
  /** Announces what this process holds the gate for and stops its timers (process shutdown, tests). */
  close(): Promise<void>;
}

export interface StoreChangeOptions {
  windowMs?: number;
  prefix?: string;
  /** A failed Redis call: live updates are best effort, the change itself already happened. */
  onError?: (error: Error) => void;
  now?: () => number;
}

const AREAS = new Set<string>(STORE_AREAS);

/** The event a taken hash stands for (fields: areas with counts, `_n` changes, `_since` oldest ms). */
export function eventFromPending(fields: string[]): StoreChangedEvent | null {
  const values = new Map<string, number>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i], Number(fields[i + 1]));
  const areas = STORE_AREAS.filter((area) => (values.get(area) ?? 0) > 0);
  const changes = values.get("_n") ?? 0;
  if (changes === 0 || areas.length === 0) return null;
  return { type: "store.changed", areas, changes, since: values.get("_since") ?? Date.now() };
}

export function createStoreChangeNotifier(redis: Redis, options: StoreChangeOptions = {}): StoreChangeNotifier {
  const windowMs = options.windowMs ?? STORE_CHANGE_WINDOW_MS;
  const gateTtlMs = Math.max(windowMs * 10, 5_000);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const now = options.now ?? Date.now;
  const report = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));
  // The shops this process announces for, and its next trailing edge for each.
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  async function announce(shop: string): Promise<boolean> {
    const taken = (await redis.eval(
      TAKE,
      2,
      storeChangesPending(shop, prefix),
      storeChangesGate(shop, prefix),
      gateTtlMs,
    )) as string[];
    const event = eventFromPending(taken);
    if (event) await publishEvent(redis, shop, event, prefix);
    return taken.length > 0;
  }

  function scheduleNext(shop: string) {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(shop);
      announce(shop).then(
        (more) => (more ? scheduleNext(shop) : undefined),
        (error) => {
          report(error);
          // Keep the gate's holder alive: the next window tries again (the gate still expires
          // on its own if Redis stays away).
          scheduleNext(shop);
        },
      );
    }, windowMs);
    timer.unref?.();
    timers.set(shop, timer);
  }

  return {
    async changed(shop, areas) {
      const known = areas.filter((area) => AREAS.has(area));
      if (known.length === 0) return;
      try {
        const leader = await redis.eval(
          NOTE,
          2,
          storeChangesPending(shop, prefix),
          storeChangesGate(shop, prefix),
          gateTtlMs,
          now(),
          ...known,
        );
        if (leader !== 1) return;
        await announce(shop);
        scheduleNext(shop);
      } catch (error) {
        report(error);
      }
    },
    async close() {
      closed = true;
      const shops = [...timers.keys()];
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      // What is still pending goes out now; the gates are released by the empty take that follows.
      for (const shop of shops) {
        try {
          if (await announce(shop)) await announce(shop);
        } catch (error) {
          report(error);
        }
      }
    },
  };
}
