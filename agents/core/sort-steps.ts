// Sorting a few hundred thousand objects with a comparator holds the event loop for a few hundred ms
// (234k dead-stock rows of a 100k-product store). sortSteps sorts as steps (agents/core/pace.ts): a
// bottom-up merge sort that yields every few thousand moves. Like Array.prototype.sort it is stable
// (on ties the left run's element goes first), so it gives exactly the order `.sort(compare)` gives.
import type { Steps } from "./pace";

/** Element moves between yields. */
const STEP_EVERY = 2_000;

/** A sorted copy of `items` (stable, the order of `[...items].sort(compare)`), as steps. */
export function* sortSteps<T>(items: readonly T[], compare: (a: T, b: T) => number): Steps<T[]> {
  let from = items.slice();
  let to = new Array<T>(from.length);
  const n = from.length;
  let moves = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let left = 0; left < n; left += 2 * width) {
      const mid = Math.min(left + width, n);
      const right = Math.min(left + 2 * width, n);
      let i = left;
      let j = mid;
      for (let k = left; k < right; k++) {
        if (++moves % STEP_EVERY === 0) yield;
        // Right only when strictly smaller: equal elements keep their order.
        if (j < right && (i >= mid || compare(from[j], from[i]) < 0)) to[k] = from[j++];
        else to[k] = from[i++];
      }
    }
    [from, to] = [to, from];
  }
  return from;
}
