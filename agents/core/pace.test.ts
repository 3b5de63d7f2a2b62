import { describe, expect, it } from "vitest";
import { pacer } from "./pace";

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
