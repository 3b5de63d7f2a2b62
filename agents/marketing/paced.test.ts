// The tools score customers with the paced versions of the CLV and RFM models (ADR 0035): they
// must give exactly what the plain functions give, and let other work run while they compute.
import { describe, expect, it } from "vitest";
import { scoreClv, scoreClvPaced } from "./clv";
import { summarizeCustomers } from "./orders";
import { scoreRfm, scoreRfmPaced } from "./rfm";
import { simulateOrders } from "./simulate";

const asOf = new Date("2025-06-30T00:00:00Z");
const { orders } = simulateOrders(
  { r: 0.5, alpha: 20, a: 0.8, b: 2.5 },
  { p: 6, q: 4, gamma: 15 },
  {
    customers: 6000,
    seed: 7,
    asOf,
    acquisitionDays: 365,
    holdoutDays: 0,
  },
);
const summaries = summarizeCustomers(orders, asOf, "UTC");

/** Runs `work` while a 1 ms interval ticks; returns its result and how many ticks ran meanwhile. */
async function withTicks<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    return { result: await work(), ticks };
  } finally {
    clearInterval(timer);
  }
}

describe("scoreClvPaced", () => {
  it("gives the very same fit and customer figures as scoreClv", async () => {
    const plain = scoreClv(summaries, { horizonDays: 365 });
    const paced = await scoreClvPaced(summaries, { horizonDays: 365 });
    expect(plain.ok).toBe(true);
    expect(paced).toEqual(plain);
  });

  it("lets timers run while it fits (the plain one holds the event loop throughout)", async () => {
    const { ticks } = await withTicks(() => scoreClvPaced(summaries, { horizonDays: 365 }));
    const blocked = await withTicks(async () => scoreClv(summaries, { horizonDays: 365 }));
    expect(blocked.ticks).toBe(0);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe("scoreRfmPaced", () => {
  it("gives the very same scores and segments as scoreRfm", async () => {
    expect(await scoreRfmPaced(summaries)).toEqual(scoreRfm(summaries));
  });
});
