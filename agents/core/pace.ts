// Long loops in analyses (a forecast per variant, an elasticity fit per variant, millions of packed
// rows) run for seconds on a big store. Run in one go they hold the event loop for all of it: the
// worker's BullMQ lock renewals, live events and health answers wait behind them ("job stalled",
// issue #19). A pacer lets such a loop give the event loop a turn whenever it has run for a slice
// of time, so nothing waits longer than about one slice, at the cost of one setImmediate per slice.
import { setImmediate as nextTurn } from "node:timers/promises";

/** How long a loop runs before it lets other work in (ms): well under a 50 ms request budget. */
export const SLICE_MS = 20;

/**
 * A function to await inside a long loop: it returns at once (a resolved promise, no turn) until the
 * loop has run `sliceMs` since the last turn, then waits for the next turn of the event loop.
 * Call it often (every item); it costs a clock read when it does not yield.
 */
export function pacer(sliceMs = SLICE_MS): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return nextTurn().then(() => {
      since = performance.now();
    });
  };
}

/**
 * A long computation written once as steps: a generator that yields (nothing) wherever it may let
 * other work in. `runSteps` runs it to the end at once (the same result, for callers and tests that
 * want a plain function); `runPaced` gives the event loop a turn at a yield once a slice has passed.
 * Both do the very same arithmetic in the same order, so their results are identical.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs steps to their end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs steps to their end, pausing (pacer) at their yields: no block much longer than a slice between yields. */
export async function runPaced<T>(steps: Steps<T>, pace = pacer()): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    const turn = pace();
    if (turn) await turn;
  }
}

/** `items.filter(keep)` with the pacer's turns: a few hundred thousand items are ~0.1 s in one go. */
export async function pacedFilter<T>(items: readonly T[], keep: (item: T) => boolean, pace = pacer()): Promise<T[]> {
  const kept: T[] = [];
  for (const item of items) {
    const turn = pace();
    if (turn) await turn;
    if (keep(item)) kept.push(item);
  }
  return kept;
}

/** `new Map(items.map(entry))` (later keys win) with the pacer's turns. */
export async function pacedMap<T, K, V>(
  items: readonly T[],
  entry: (item: T, index: number) => readonly [K, V],
  pace = pacer(),
): Promise<Map<K, V>> {
  const map = new Map<K, V>();
  for (let i = 0; i < items.length; i++) {
    const turn = pace();
    if (turn) await turn;
    const [key, value] = entry(items[i], i);
    map.set(key, value);
  }
  return map;
}
