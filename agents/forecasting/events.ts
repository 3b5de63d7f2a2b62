// Calendar events (holidays, promotions) as multiplicative adjustments learned from the series'
// own history. Event days are left out of fitting and of the backtest, like stockout days, so the
// models learn the ordinary days; each kind's factor is then Σ actual / Σ baseline over its past
// days, the baseline being the mean of the 28 ordinary observed days before each one, shrunk
// towards 1 by EVENT_SHRINK pseudo-days (one Black Friday is little evidence). Future event days
// are the forecast × factor; their sd too (the error is as large, relatively, as the demand).
import { RECENT_DAYS } from "./simple";
import { ForecastInputError, type EventEffect } from "./types";
import { fromEpochDay } from "../core/time";
import { parseIsoDay } from "./validate";

const EVENT_SHRINK = 3;

export function validateEvents(events: unknown, length: number): asserts events is (string | null)[] {
  if (!Array.isArray(events) || events.length !== length)
    throw new ForecastInputError(
      "opts.events",
      `must be an array covering the history and the horizon (${length} entries): an event name or null per day`,
    );
  events.forEach((v, i) => {
    if (v !== null && (typeof v !== "string" || v.length === 0 || v.length > 60))
      throw new ForecastInputError(`opts.events[${i}]`, `must be null or an event name (1-60 characters)`);
  });
}

/** Learns a factor per event kind from the history (days before `n`). */
export function eventEffects(
  y: Float64Array,
  n: number,
  stockout: Uint8Array | null,
  events: (string | null)[],
): EventEffect[] {
  const ring = new Float64Array(RECENT_DAYS);
  let count = 0,
    sum = 0;
  const acc = new Map<string, { actual: number; baseline: number; days: number }>();
  for (let t = 0; t < n; t++) {
    if (stockout && stockout[t]) continue;
    const kind = events[t];
    if (kind !== null) {
      if (count < 7) continue; // no baseline yet
      const a = acc.get(kind) ?? { actual: 0, baseline: 0, days: 0 };
      a.actual += y[t];
      a.baseline += sum / Math.min(count, RECENT_DAYS);
      a.days++;
      acc.set(kind, a);
      continue;
    }
    const slot = count % RECENT_DAYS;
    if (count >= RECENT_DAYS) sum -= ring[slot];
    ring[slot] = y[t];
    sum += y[t];
    count++;
  }
  const kinds = new Set(events.slice(n).filter((k): k is string => k !== null));
  for (const k of acc.keys()) kinds.add(k);
  return [...kinds].sort().map((kind) => {
    const a = acc.get(kind);
    if (!a || a.baseline <= 0) return { kind, factor: 1, pastDays: a?.days ?? 0 };
    const perDay = a.baseline / a.days;
    return {
      kind,
      factor: (a.actual + EVENT_SHRINK * perDay) / (a.baseline + EVENT_SHRINK * perDay),
      pastDays: a.days,
    };
  });
}

/** US Thanksgiving: the fourth Thursday of November (epoch day). */
function thanksgiving(year: number): number {
  const nov1 = Date.UTC(year, 10, 1) / 86_400_000;
  const weekday = new Date(nov1 * 86_400_000).getUTCDay(); // 0 = Sunday
  return nov1 + ((4 - weekday + 7) % 7) + 21;
}

/**
 * A retail calendar per day from `startDate` for `days` days: "bfcm" (Black Friday to Cyber Monday),
 * "christmas_run_up" (Dec 10-24), "christmas_to_new_year" (Dec 25-Jan 1), and "promotion" for the
 * shop's discount periods (inclusive ISO days; a holiday keeps its own name).
 */
export function retailCalendar(
  startDate: string,
  days: number,
  promotions: { from: string; to: string }[] = [],
): (string | null)[] {
  const first = parseIsoDay(startDate, "startDate");
  const promoDays = promotions.map((p, i) => [
    parseIsoDay(p.from, `promotions[${i}].from`),
    parseIsoDay(p.to, `promotions[${i}].to`),
  ]);
  const bfcmStart = new Map<number, number>();
  return Array.from({ length: days }, (_, i) => {
    const day = first + i;
    const iso = fromEpochDay(day);
    const year = Number(iso.slice(0, 4));
    const md = iso.slice(5);
    if (!bfcmStart.has(year)) bfcmStart.set(year, thanksgiving(year) + 1);
    const bf = bfcmStart.get(year)!;
    if (day >= bf && day <= bf + 3) return "bfcm";
    if (md >= "12-10" && md <= "12-24") return "christmas_run_up";
    if (md >= "12-25" || md === "01-01") return "christmas_to_new_year";
    if (promoDays.some(([from, to]) => day >= from && day <= to)) return "promotion";
    return null;
  });
}
