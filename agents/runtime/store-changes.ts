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
import { STORE_AREAS, type StoreArea } from "./event-types";
import { EVENT_LOG_LENGTH, EVENT_LOG_TTL_SECONDS } from "./events";
import { DEFAULT_PREFIX, eventsLog, storeChangesGate, storeChangesPending } from "./names";

/** Default window: the longest a change waits to be announced during a burst. */
export const STORE_CHANGE_WINDOW_MS = 1_500;

// One script for both edges, so a change is announced in one round trip to Redis (a web process
// busy with a burst of webhooks answers each round trip late: fewer is faster).
// KEYS: pending hash, gate, the shop's event log.
// ARGV: gate ttl (ms), now (ms), log length, log ttl (s), "note" | "take", n, the n known areas in
// order, then (note) the areas this change touched.
// note: records the change; when it takes the gate, announces what is pending (leading edge) and
//   returns 1 (this process now announces every window), else 0.
// take: announces what is pending and keeps the gate (1), or, with nothing pending, gives the gate
//   up (0) in the same step, so no change can slip between the last look and the release.
const SCRIPT = `
local n = tonumber(ARGV[6])
if ARGV[5] == 'note' then
  redis.call('HINCRBY', KEYS[1], '_n', 1)
  redis.call('HSETNX', KEYS[1], '_since', ARGV[2])
  for i = 7 + n, #ARGV do redis.call('HINCRBY', KEYS[1], ARGV[i], 1) end
  redis.call('PEXPIRE', KEYS[1], 86400000)
  if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return 0 end
end
local pending = redis.call('HGETALL', KEYS[1])
if #pending == 0 then
  redis.call('DEL', KEYS[2])
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
local values = {}
for i = 1, #pending, 2 do values[pending[i]] = tonumber(pending[i + 1]) end
local areas = {}
for i = 7, 6 + n do
  if (values[ARGV[i]] or 0) > 0 then table.insert(areas, ARGV[i]) end
end
local changes = values['_n'] or 0
if changes > 0 and #areas > 0 then
  local event = cjson.encode({ type = 'store.changed', areas = areas, changes = changes, since = values['_since'] or tonumber(ARGV[2]) })
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', 'event', event)
  redis.call('EXPIRE', KEYS[3], ARGV[4])
end
return 1
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

export function createStoreChangeNotifier(redis: Redis, options: StoreChangeOptions = {}): StoreChangeNotifier {
  const windowMs = options.windowMs ?? STORE_CHANGE_WINDOW_MS;
  const gateTtlMs = Math.max(windowMs * 10, 5_000);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const now = options.now ?? Date.now;
  const report = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));
  // The shops this process announces for, and its next trailing edge for each.
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const run = async (shop: string, mode: "note" | "take", areas: readonly StoreArea[] = []) =>
    (await redis.eval(
      SCRIPT,
      3,
      storeChangesPending(shop, prefix),
      storeChangesGate(shop, prefix),
      eventsLog(shop, prefix),
      gateTtlMs,
      now(),
      EVENT_LOG_LENGTH,
      EVENT_LOG_TTL_SECONDS,
      mode,
      STORE_AREAS.length,
      ...STORE_AREAS,
      ...areas,
    )) === 1;
  /** A trailing edge: true while this process still holds the gate. */
  const announce = (shop: string) => run(shop, "take");

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
        if (await run(shop, "note", known)) scheduleNext(shop);
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
