// Time units and ISO days, in one place. An ISO day ("2026-12-06") is a calendar day: isoDay and
// dayStart use UTC, localDay and localDayStart the shop's IANA timezone (Shop.ianaTimezone), which
// is what reports mean by "a day" (DST-correct: Intl does the conversion, never a fixed offset).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** An ISO calendar day, YYYY-MM-DD. */
export type IsoDay = string;

/** The UTC day of an instant (a Date or epoch milliseconds). */
export const isoDay = (at: Date | number): IsoDay => new Date(at).toISOString().slice(0, 10);

/** Midnight UTC at the start of an ISO day. */
export const dayStart = (day: IsoDay): Date => new Date(`${day}T00:00:00.000Z`);

/** The ISO day `days` after `day` (negative for before). */
export const addDays = (day: IsoDay, days: number): IsoDay => isoDay(dayStart(day).getTime() + days * DAY_MS);

/** The ISO day after `day`. */
export const nextDay = (day: IsoDay): IsoDay => addDays(day, 1);

/** Whole days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export const daysBetween = (from: IsoDay, to: IsoDay): number =>
  Math.round((dayStart(to).getTime() - dayStart(from).getTime()) / DAY_MS);

/** The instant `days` days before `at`. */
export const daysBefore = (at: Date | number, days: number): Date => new Date(new Date(at).getTime() - days * DAY_MS);

/** Days since 1970-01-01 (UTC) of an instant: the index engines use for daily series. */
export const epochDay = (at: Date | number): number => Math.floor(new Date(at).getTime() / DAY_MS);

/** The ISO day of an epoch day index. */
export const fromEpochDay = (day: number): IsoDay => isoDay(day * DAY_MS);

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Whether `timeZone` is an IANA zone this runtime knows ("America/New_York", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  if (dayFormats.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar day of an instant in an IANA timezone, YYYY-MM-DD. */
export function localDay(at: Date | number, timeZone: string): IsoDay {
  if (timeZone === "UTC") return isoDay(at);
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA spells dates YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(at));
}

/**
 * The instant a day starts in an IANA timezone (local midnight; on a day whose midnight a DST
 * change skips, the first instant of that day). Found by correcting a UTC guess with the zone's
 * offset at that instant, twice so that a DST change between the guess and midnight is honoured.
 */
export function localDayStart(day: IsoDay, timeZone: string): Date {
  const utc = dayStart(day).getTime();
  if (timeZone === "UTC") return new Date(utc);
  let at = utc;
  for (let i = 0; i < 3; i++) {
    const seen = localDay(at, timeZone);
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .format(at)
      .split(":")
      .map(Number);
    const sinceMidnight = ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + (at % 1000);
    const localMidnight = at - sinceMidnight + (dayStart(day).getTime() - dayStart(seen).getTime());
    if (localMidnight === at) break;
    at = localMidnight;
  }
  // A skipped midnight lands the correction in the previous day: step forward to the day itself.
  while (localDay(at, timeZone) < day) at += MINUTE_MS * 30;
  return new Date(at);
}

/** The instant the shop's next day starts: when a page's figures for "today" and its windows change. */
export const nextLocalMidnight = (now: Date, timeZone: string): number =>
  localDayStart(addDays(localDay(now, timeZone), 1), timeZone).getTime();
