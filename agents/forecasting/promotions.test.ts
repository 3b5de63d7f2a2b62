import { describe, expect, it } from "vitest";
import { generateStore } from "@royal-equips/emulator/seed";
import { promotionPeriods } from "./index";
import { newPromotionScores, scorePromotionCalendars, storeHistory } from "./testing/promotions";

describe("promotionPeriods", () => {
  it("turns codes used within a few weeks into campaign periods, and leaves year-round codes out", () => {
    const uses = [
      // A welcome code on ordinary days all year.
      ...["2025-01-03", "2025-03-10", "2025-06-01", "2025-09-09"].map((day) => ({
        codes: "WELCOME10",
        day,
        orders: 4,
      })),
      { codes: "SUMMER", day: "2025-07-12", orders: 9 },
      { codes: "summer,WELCOME10", day: "2025-07-14", orders: 2 }, // case-insensitive, combined with another
      { codes: "SUMMER", day: "2025-07-13", orders: 6 },
      { codes: "FLASH20", day: "2025-03-02", orders: 12 },
      { codes: "VIP-JANE", day: "2025-05-05", orders: 1 }, // one customer's code: too few orders
    ];
    expect(promotionPeriods(uses)).toEqual([
      { code: "FLASH20", from: "2025-03-02", to: "2025-03-02", orders: 12 },
      { code: "SUMMER", from: "2025-07-12", to: "2025-07-14", orders: 17 },
    ]);
    // 31 days of use is still a campaign; 32 is not.
    const month = (to: string) => [
      { codes: "MONTH", day: "2025-01-01", orders: 5 },
      { codes: "MONTH", day: to, orders: 5 },
    ];
    expect(promotionPeriods(month("2025-01-31"))).toHaveLength(1);
    expect(promotionPeriods(month("2025-02-01"))).toHaveLength(0);
  });
});

describe("promotions as calendar events, on generated stores' history", () => {
  // The emulator's generator: 20,000 orders over two years, campaigns of 2-5 days that lift demand
  // 1.1-2.6x and whose code about half the buyers enter. The bench's first two stores (per store the
  // ratio below runs from 0.89 to 0.99 over its first four; bench/forecast-promotions.ts).
  const days = 730;
  const stores = [100, 101].map((seed) =>
    generateStore({ seed, products: 20, orders: 20_000, days, endDate: "2026-10-31", sampleCsvDir: null }),
  );
  const histories = stores.map((store) => storeHistory(store, "2026-10-31", days));

  it("finds the generator's campaigns from the codes alone", () => {
    stores.forEach((store, i) => {
      const found = promotionPeriods(histories[i].uses).map((p) => p.code);
      const campaigns = store.discountCodes.filter((c) => c.endsAt !== null).map((c) => c.code);
      expect(found.length).toBeGreaterThan(6);
      for (const code of found) expect(campaigns).toContain(code);
      expect(found).not.toContain("WELCOME10");
    });
  });

  it("forecasts the days of a scheduled promotion better than the holidays alone", () => {
    const scores = newPromotionScores();
    for (const h of histories) scorePromotionCalendars(h, scores, { horizon: 28, firstOrigin: days - 365 });
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const ahead = scores.ahead;
    expect(ahead.holidays.length).toBeGreaterThan(50);
    // Weekly origins over the last year whose 28 days hold a campaign: revenue and units, mean RMSSE.
    expect(mean(ahead.scheduled)).toBeLessThan(0.97 * mean(ahead.holidays));
  }, 120_000);
});
