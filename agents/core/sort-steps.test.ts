import { describe, expect, it } from "vitest";
import { runPaced, runSteps } from "./pace";
import { sortSteps } from "./sort-steps";
import { seededRandom } from "../pricing/simulate";

describe("sortSteps", () => {
  it("gives the order of Array.prototype.sort, ties kept in input order (stable)", () => {
    const rand = seededRandom(7);
    // Few distinct keys, so most comparisons are ties that only a stable sort keeps in order.
    const items = Array.from({ length: 10_001 }, (_, i) => ({ key: Math.floor(rand() * 50), i }));
    const byKeyDesc = (a: { key: number }, b: { key: number }) => b.key - a.key;
    const sorted = runSteps(sortSteps(items, byKeyDesc));
    expect(sorted).toEqual([...items].sort(byKeyDesc));
    expect(sorted.map((x) => x.i)).not.toEqual(items.map((x) => x.i));
    expect(items[0].i).toBe(0); // the input is not changed
  });

  it("handles empty and single-element lists, and yields on a long list", async () => {
    expect(runSteps(sortSteps([], (a: number, b: number) => a - b))).toEqual([]);
    expect(runSteps(sortSteps([3], (a: number, b: number) => a - b))).toEqual([3]);
    const steps = sortSteps(
      Array.from({ length: 5_000 }, (_, i) => 5_000 - i),
      (a, b) => a - b,
    );
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    expect(yields).toBeGreaterThan(10);
    expect(step.value.slice(0, 3)).toEqual([1, 2, 3]);
    const paced = await runPaced(sortSteps([5, 1, 4, 1], (a, b) => a - b));
    expect(paced).toEqual([1, 1, 4, 5]);
  });
});
