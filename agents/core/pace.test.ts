import { describe, expect, it } from "vitest";
import { pacedFilter, pacedMap, pacer, runPaced, runSteps, type Steps } from "./pace";

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

describe("pacedFilter and pacedMap", () => {
  const items = Array.from({ length: 60 }, (_, i) => ({ id: `v${i % 45}`, n: i }));

  it("give what filter and new Map give (later keys win), with timers run in between", async () => {
    let fired = false;
    setTimeout(() => (fired = true), 0);
    const slow =
      <T>(f: (item: T) => boolean) =>
      (item: T) => (busy(0.5), f(item));
    expect(
      await pacedFilter(
        items,
        slow((v) => v.n % 3 === 0),
        pacer(5),
      ),
    ).toEqual(items.filter((v) => v.n % 3 === 0));
    expect(fired).toBe(true);
    fired = false;
    setTimeout(() => (fired = true), 0);
    const map = await pacedMap(items, (v, i) => (busy(0.5), [v.id, { ...v, i }] as const), pacer(5));
    expect([...map]).toEqual([...new Map(items.map((v, i) => [v.id, { ...v, i }]))]);
    expect(map.get("v3")).toMatchObject({ n: 48, i: 48 });
    expect(fired).toBe(true);
  });
});
