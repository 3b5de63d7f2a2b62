// Answers of reads kept per database version (ADR 0039): the page loaders' memo
// (app/loader-memo.server.ts) and the read tools' (agents/core/registry.ts, ADR 0050) are instances
// of this one class.
//
// The dashboard's loader is a handful of queries whose answer depends on nothing but the database,
// the URL and the clock. Running them costs more CPU than everything else a request does once its
// document is remembered (ADR 0034). So its answer is kept with the database's data version
// (agents/db/data-version.ts) it was read at, and with the instant until which the clock cannot
// change it (the shop's next midnight, the end of the next snooze): a request whose version is the
// same and whose clock is before that instant gets the kept answer. Any commit (a new order from a
// webhook, a run's progress, a setting) changes the version, so the next request reads again:
// nothing is invalidated by hand and nothing can be stale.
//
// The kept answer is deep-frozen: requests share it, so nothing may change it after it is kept.
import { dataVersionOf } from "./client";

export interface Remembered<T> {
  data: T;
  /** Epoch ms from which the clock alone may change the answer (Infinity: never). */
  validUntil: number;
}

interface Entry {
  version: string;
  validUntil: number;
  data: unknown;
}

/** The answers this memo hands out (deep-frozen), so others may remember what they derive from them. */
const sharedAnswers = new WeakSet<object>();
export const isSharedAnswer = (value: unknown): value is object =>
  typeof value === "object" && value !== null && sharedAnswers.has(value);

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  // Dates stay mutable objects either way (their time is an internal slot), which nothing does.
  Object.freeze(value);
  for (const child of Object.values(value as object)) deepFreeze(child);
  return value;
}

/**
 * Remembers the answers of reads by key, for the database version they were read at. Bounded:
 * least recently used out beyond `maxEntries` (a key is a shop and a URL's query).
 */
export class VersionMemo {
  private readonly entries = new Map<string, Entry>();
  /** Reads under way, by key and version: concurrent requests after a change share one. */
  private readonly pending = new Map<string, Promise<unknown>>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 500) {}

  async read<T>(db: unknown, key: string, now: number, read: () => Promise<Remembered<T>>): Promise<T> {
    const version = await dataVersionOf(db)?.current();
    if (!version) {
      this.misses++;
      return (await read()).data;
    }
    const kept = this.entries.get(key);
    if (kept && kept.version === version && now < kept.validUntil) {
      this.hits++;
      this.entries.delete(key); // most recently used last
      this.entries.set(key, kept);
      return kept.data as T;
    }
    this.misses++;
    const pendingKey = `${version}\n${key}`;
    const joined = this.pending.get(pendingKey) as Promise<Remembered<T>> | undefined;
    if (joined) {
      const answer = await joined;
      // Joined a read that started before this request's clock passed its end: read anew.
      return now < answer.validUntil ? answer.data : (await read()).data;
    }
    const reading = read().then((answer) => {
      deepFreeze(answer.data);
      if (typeof answer.data === "object" && answer.data !== null) sharedAnswers.add(answer.data);
      this.entries.delete(key);
      this.entries.set(key, { version, validUntil: answer.validUntil, data: answer.data });
      for (const oldest of this.entries.keys()) {
        if (this.entries.size <= this.maxEntries) break;
        this.entries.delete(oldest);
      }
      return answer;
    });
    this.pending.set(pendingKey, reading);
    const forget = () => this.pending.delete(pendingKey);
    reading.then(forget, forget);
    return (await reading).data;
  }

  get size(): number {
    return this.entries.size;
  }
}
