import { describe, expect, it } from "vitest";
import { DEFAULT_BACKOFF, reconnectDelay } from "./backoff";

describe("reconnectDelay", () => {
  it("doubles per attempt between half and all of the ceiling", () => {
    const low = [0, 1, 2, 3].map((attempt) => reconnectDelay(attempt, DEFAULT_BACKOFF, () => 0));
    const high = [0, 1, 2, 3].map((attempt) => reconnectDelay(attempt, DEFAULT_BACKOFF, () => 0.999999));
    expect(low).toEqual([500, 1_000, 2_000, 4_000]);
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("never exceeds the cap however many attempts failed", () => {
    for (const attempt of [5, 10, 40, 1_000]) {
      expect(reconnectDelay(attempt, { baseMs: 3_000, capMs: 30_000 }, () => 0.999999)).toBeLessThanOrEqual(30_000);
      expect(reconnectDelay(attempt, { baseMs: 3_000, capMs: 30_000 }, () => 0)).toBe(15_000);
    }
  });

  it("spreads clients that failed together", () => {
    const delays = new Set(Array.from({ length: 50 }, () => reconnectDelay(4)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it("rejects a negative or fractional attempt", () => {
    expect(() => reconnectDelay(-1)).toThrow(/non-negative integer/);
    expect(() => reconnectDelay(1.5)).toThrow(/non-negative integer/);
  });
});
