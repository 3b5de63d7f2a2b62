import { describe, expect, it } from "vitest";
import { pacer, runPaced, runSteps, type Steps } from "./pace";

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe("pacer", () => {
  it("lets a timer run during a long loop, within about a slice", async () => {
    const pace = pacer(10);
    const started = performance.now();
    let firedAt: number | null = null;
    setTimeout(() => (firedAt = performance.now() - started), 0);
    for (let i = 0; i < 40; i++) {
      await pace();
      busy(2);
    }
    const loop = performance.now() - started;
    expect(firedAt).not.toBeNull();
    // The timer ran long before the 80 ms loop ended: after the first slice, not at the end.
    expect(firedAt!).toBeLessThan(loop / 2);
  });

  it("does not yield while the slice lasts", () => {
    const pace = pacer(1_000);
    for (let i = 0; i < 100; i++) expect(pace()).toBeUndefined();
  });
});

describe("runSteps and runPaced", () => {
  function* count(to: number): Steps<number> {
    let sum = 0;
    for (let i = 1; i <= to; i++) {
      busy(0.5);
      sum += i;
      yield;
    }
    return sum;
  }

  it("give the same result, runPaced with timers run in between", async () => {
    let fired = false;
    setTimeout(() => (fired = true), 0);
    expect(runSteps(count(10))).toBe(55);
    expect(fired).toBe(false);
    expect(await runPaced(count(100), pacer(5))).toBe(5050);
    expect(fired).toBe(true);
  });
});
