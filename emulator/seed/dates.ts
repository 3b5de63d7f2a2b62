// Calendar helpers for "local" days of the shop. A local day is handled as a YYYY-MM-DD string or
// as the UTC epoch milliseconds of that date's midnight (timezone-free arithmetic); converting
// a local wall-clock time to a real UTC instant goes through Intl with the shop's IANA timezone.

export const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of YYYY-MM-DD at 00:00 UTC; throws on anything else. */
export function parseIsoDate(date: string, what = "date"): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`${what} must be a YYYY-MM-DD date, got ${JSON.stringify(date)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (formatIsoDate(ms) !== date) throw new Error(`${what} ${JSON.stringify(date)} is not a real calendar date`);
  return ms;
}

export function formatIsoDate(utcMidnightMs: number): string {
  return new Date(utcMidnightMs).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday, for a UTC-midnight date value. */
export function dayOfWeek(utcMidnightMs: number): number {
  return new Date(utcMidnightMs).getUTCDay();
}

/** 0-based day of year. */
export function dayOfYear(utcMidnightMs: number): number {
  const d = new Date(utcMidnightMs);
  return Math.round((utcMidnightMs - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at instant utcMs, in minutes (New York in winter: -300). */
export function timeZoneOffsetMinutes(timeZone: string, utcMs: number): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(utcMs))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * UTC instant of a wall-clock time in `timeZone`; `localMs` is that wall-clock time encoded as if
 * it were UTC (e.g. Date.UTC(2025, 0, 5, 14, 30)). Times skipped by a DST jump move forward.
 */
export function zonedToUtcMs(localMs: number, timeZone: string): number {
  const first = localMs - timeZoneOffsetMinutes(timeZone, localMs) * 60_000;
  const second = localMs - timeZoneOffsetMinutes(timeZone, first) * 60_000;
  return second;
}

/** The local calendar date (YYYY-MM-DD) of a UTC instant in `timeZone`. */
export function localDateOf(utcMs: number, timeZone: string): string {
  return formatIsoDate(Math.floor((utcMs + timeZoneOffsetMinutes(timeZone, utcMs) * 60_000) / DAY_MS) * DAY_MS);
}
