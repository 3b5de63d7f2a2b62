// Time units and ISO days, in one place. An ISO day ("2026-12-06") is a UTC calendar day here;
// shop-local days (the shop's IANA timezone) are computed by the callers that need them from
// these same helpers.

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
