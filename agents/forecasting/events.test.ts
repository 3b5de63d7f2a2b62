import { describe, expect, it } from "vitest";
import { forecastSeries, ForecastInputError, retailCalendar, type ForecastResult } from "./index";
import { normal, rng, WEEKLY_PROFILE } from "./testing/synthetic";

const START = "2022-01-03";

function fitOk(series: number[], opts: Parameters<typeof forecastSeries>[1]): ForecastResult {
  const r = forecastSeries(series, opts);
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe("retailCalendar", () => {
  it("marks Black Friday to Cyber Monday, the Christmas weeks and the shop's promotions", () => {
    const cal = retailCalendar("2024-11-25", 45, [{ from: "2024-11-25", to: "2024-11-26" }]);
    const at = (iso: string) => cal[(Date.parse(iso) - Date.parse("2024-11-25")) / 86_400_000];
    expect(at("2024-11-25")).toBe("promotion");
    expect(at("2024-11-27")).toBeNull();
    expect(at("2024-11-28")).toBeNull(); // Thanksgiving itself
    expect(at("2024-11-29")).toBe("bfcm");
    expect(at("2024-12-02")).toBe("bfcm");
    expect(at("2024-12-03")).toBeNull();
    expect(at("2024-12-10")).toBe("christmas_run_up");
    expect(at("2024-12-24")).toBe("christmas_run_up");
    expect(at("2024-12-25")).toBe("christmas_to_new_year");
    expect(at("2025-01-01")).toBe("christmas_to_new_year");
    expect(at("2025-01-02")).toBeNull();
    expect(retailCalendar("2025-11-28", 1)).toEqual(["bfcm"]); // 2025: Thanksgiving Nov 27
  });
});

describe("calendar events in the forecast", () => {
  // Four Black Fridays: three in the history (2022-2024), the fourth in the horizon; BFCM sells 3x,
  // the run-up to Christmas 1.5x.
  const days = 3 * 365 + 320;
  const calendar = retailCalendar(START, days + 28);
  const uplift: Record<string, number> = { bfcm: 3, christmas_run_up: 1.5, christmas_to_new_year: 0.8 };
  const rand = rng(5);
  const truth = calendar.map((kind, t) => 40 * WEEKLY_PROFILE[t % 7] * (kind ? uplift[kind] : 1));
  const observed = truth.map((v) => Math.max(0, v + 3 * normal(rand)));
  const history = observed.slice(0, days);
  const future = truth.slice(days);

  it("learns each event's factor from the past and applies it to the coming event days", () => {
    const firstBf = calendar.indexOf("bfcm", days);
    expect(firstBf).toBeGreaterThan(days); // the horizon holds Black Friday
    const plain = fitOk(history, { horizon: 28 });
    const withEvents = fitOk(history, { horizon: 28, events: calendar.slice(0, days + 28) });
    const bfcm = withEvents.events!.find((e) => e.kind === "bfcm")!;
    expect(bfcm.pastDays).toBe(12);
    // 3 x 4 past days at 3x, shrunk towards 1 by 3 pseudo-days: (12·3 + 3) / (12 + 3) = 2.6.
    expect(bfcm.factor).toBeGreaterThan(2.4);
    expect(bfcm.factor).toBeLessThan(2.8);
    const j = firstBf - days;
    expect(withEvents.forecast[j] / plain.forecast[j]).toBeGreaterThan(2);
    const sse = (f: number[]) => f.reduce((s, v, i) => s + (v - future[i]) ** 2, 0);
    expect(sse(withEvents.forecast)).toBeLessThan(sse(plain.forecast) / 2);
    // The band widens with the demand it covers.
    expect(withEvents.sd[j]).toBeGreaterThan(2 * withEvents.sd[j - 1]);
  });

  it("keeps event days out of fitting, so a past spike does not lift ordinary days", () => {
    const spiked = observed.slice(0, 400);
    const cal = retailCalendar(START, 400 + 14);
    const r = fitOk(spiked, { horizon: 14, events: cal });
    expect(r.events!.map((e) => e.kind)).toEqual(["bfcm", "christmas_run_up", "christmas_to_new_year"]);
    // Ordinary days after the season: the weekday level, not the December one.
    const ordinary = r.forecast.map((v, j) => v / (40 * WEEKLY_PROFILE[(400 + j) % 7]));
    for (const ratio of ordinary) expect(Math.abs(ratio - 1)).toBeLessThan(0.15);
  });

  it("rejects a calendar that does not cover history and horizon, naming the field", () => {
    try {
      forecastSeries(history, { horizon: 28, events: calendar.slice(0, days) });
      throw new Error("expected an error");
    } catch (err) {
      expect(err).toBeInstanceOf(ForecastInputError);
      expect((err as ForecastInputError).field).toBe("opts.events");
    }
  });
});
