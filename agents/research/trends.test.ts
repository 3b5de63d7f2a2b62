import { describe, expect, it } from "vitest";
import { seededRandom, poissonSample } from "../pricing/simulate";
import { analyzeTrends, mannKendall, senSlope, type SaleRecord } from "./trends";

const DAY = 86_400_000;
// 2026-01-05 is a Monday.
const START = Date.UTC(2026, 0, 5);
const iso = (d: number) => new Date(START + d * DAY).toISOString().slice(0, 10);

function dailySales(
  productId: string,
  weeks: number,
  ratePerDay: (week: number) => number,
  seed: number,
): SaleRecord[] {
  const rand = seededRandom(seed);
  const out: SaleRecord[] = [];
  for (let d = 0; d < weeks * 7; d++) {
    const units = poissonSample(ratePerDay(Math.floor(d / 7)), rand);
    if (units > 0) out.push({ productId, date: iso(d), units });
  }
  return out;
}

describe("Mann–Kendall and Sen's slope", () => {
  it("match a hand calculation on a small series with ties", () => {
    const x = [1, 3, 2, 3, 5];
    // Pairs (i<j): signs of x_j - x_i: (1,3)+ (1,2)+ (1,3)+ (1,5)+ (3,2)- (3,3)0 (3,5)+ (2,3)+ (2,5)+ (3,5)+ => 8 - 1 = 7
    const mk = mannKendall(x);
    expect(mk.s).toBe(7);
    // n=5: 5*4*15 = 300; one tie group of size 2: 2*1*9 = 18; (300 - 18) / 18
    expect(mk.variance).toBeCloseTo(282 / 18, 12);
    expect(mk.z).toBeCloseTo(6 / Math.sqrt(282 / 18), 12);
    expect(mk.tau).toBeCloseTo(0.7, 12);
    // Slopes: 2, 0.5, 0.667, 1, -1, 0, 0.667, 1, 1.5, 2 -> sorted median of 10 = (0.667 + 1) / 2
    expect(senSlope(x)).toBeCloseTo((2 / 3 + 1) / 2, 12);
  });

  it("p-value of a perfectly monotone 10-point series is small", () => {
    const mk = mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(mk.s).toBe(45);
    expect(mk.pValue).toBeLessThan(0.001);
  });
});

describe("analyzeTrends", () => {
  const weeks = 20;
  const sales = [
    // Rising: 2/day -> about 5/day over 20 weeks.
    ...dailySales("rising", weeks, (w) => 2 + 0.15 * w, 1),
    // Flat but noisy: constant rate, Poisson noise only.
    ...dailySales("flat", weeks, () => 3, 2),
    // Falling: 6/day -> about 2/day.
    ...dailySales("falling", weeks, (w) => 6 - 0.2 * w, 3),
    // Sparse: too few weeks once the launch date is applied.
    ...dailySales("new", weeks, (w) => (w >= 15 ? 2 : 0), 4),
  ];
  const report = analyzeTrends(sales, { from: iso(0), to: iso(weeks * 7 - 1), productStart: { new: iso(15 * 7) } });
  const get = (id: string) => report.products.find((p) => p.productId === id)!;

  it("classifies a known rising product as rising with a significant p-value", () => {
    const r = get("rising");
    expect(r.classification).toBe("rising");
    expect(r.pValue!).toBeLessThan(0.01);
    // True slope: 0.15/day per week = 1.05 units/week per week.
    expect(r.senSlope!).toBeGreaterThan(0.6);
    expect(r.senSlope!).toBeLessThan(1.5);
    expect(r.recentMeanPerWeek).toBeGreaterThan(r.earlyMeanPerWeek);
    expect(report.rising.map((p) => p.productId)).toEqual(["rising"]);
  });

  it("does not call a flat noisy product a trend", () => {
    const f = get("flat");
    expect(f.classification).toBe("flat");
    expect(f.pValue!).toBeGreaterThan(0.05);
    expect(f.weeks).toBe(20);
    expect(f.totalUnits).toBe(f.weeklyUnits.reduce((a, b) => a + b, 0));
  });

  it("finds the falling product and respects launch dates", () => {
    expect(get("falling").classification).toBe("falling");
    expect(report.falling.map((p) => p.productId)).toEqual(["falling"]);
    expect(get("new").weeks).toBe(5);
    expect(get("new").classification).toBe("insufficient_data");
    expect(report.window).toEqual({ from: iso(0), to: iso(weeks * 7 - 1), weeks });
  });

  it("uses whole Monday–Sunday weeks only", () => {
    // Window from a Wednesday to a Friday: the partial weeks at both ends are dropped.
    const r = analyzeTrends([
      { productId: "a", date: iso(2), units: 5 },
      { productId: "a", date: iso(9), units: 1 },
      { productId: "a", date: iso(32), units: 7 },
    ]);
    expect(r.window).toEqual({ from: iso(7), to: iso(27), weeks: 3 });
    expect(r.products[0].weeklyUnits).toEqual([1, 0, 0]);
  });

  it("rejects malformed sales", () => {
    expect(() => analyzeTrends([{ productId: "a", date: "soon", units: 1 }])).toThrow(/sales\[0\]\.date/);
    expect(() => analyzeTrends([{ productId: "a", date: iso(0), units: -1 }])).toThrow(/units must be a number >= 0/);
  });
});
