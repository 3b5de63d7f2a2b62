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
