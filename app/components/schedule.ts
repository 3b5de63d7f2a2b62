// An agent's schedule in the merchant's words: "every day at 6:00", "every Monday at 7:00",
// "every hour", "on demand". Cron patterns never reach a merchant page; a pattern this does not
// know how to say reads "on a regular schedule" (the Agent Orchestration page shows the pattern).
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../agents/core/time";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const clock = (hour: number, minute: number) => `${hour}:${String(minute).padStart(2, "0")}`;
const numberIn = (field: string, max: number) => (/^\d+$/.test(field) && Number(field) <= max ? Number(field) : null);

/** "0 6 * * *" -> "every day at 6:00"; "0 7 * * 1" -> "every Monday at 7:00"; null when not a simple pattern. */
export function cronText(pattern: string): string | null {
  const fields = pattern.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minuteField, hourField, dayOfMonth, month, weekday] = fields;
  if (dayOfMonth !== "*" || month !== "*") return null;
  const minute = numberIn(minuteField, 59);
  if (minute === null) return null;
  if (hourField === "*")
    return weekday === "*" ? (minute === 0 ? "every hour" : `every hour at :${clock(0, minute).slice(2)}`) : null;
  const hour = numberIn(hourField, 23);
  if (hour === null) return null;
  if (weekday === "*") return `every day at ${clock(hour, minute)}`;
  const day = numberIn(weekday, 7);
  if (day === null) return weekday === "1-5" ? `every weekday at ${clock(hour, minute)}` : null;
  return `every ${WEEKDAYS[day % 7]} at ${clock(hour, minute)}`;
}

function intervalText(ms: number): string {
  const plural = (n: number, unit: string) => (n === 1 ? `every ${unit}` : `every ${n} ${unit}s`);
  if (ms % DAY_MS === 0) return plural(ms / DAY_MS, "day");
  if (ms % HOUR_MS === 0) return plural(ms / HOUR_MS, "hour");
  return plural(Math.max(1, Math.round(ms / MINUTE_MS)), "minute");
}

/** An agent's schedule as text for a merchant. */
export const scheduleText = (value: { every?: number; pattern?: string } | null | undefined) => {
  if (!value) return "on demand";
  if (value.pattern) return cronText(value.pattern) ?? "on a regular schedule";
  return intervalText(value.every ?? 0);
};

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * An agent's schedule in the merchant's words ("every day at 06:00 UTC", "every Monday at 07:00 UTC",
 * "every hour"); a pattern it cannot put in words is "on a schedule" rather than a cron string.
 */
export const scheduleWords = (value: { every?: number; pattern?: string } | null | undefined) => {
  if (!value) return "when you run it";
  if (value.pattern) {
    const [minute, hour, dayOfMonth, month, weekday] = value.pattern.trim().split(/\s+/);
    const time =
      /^\d+$/.test(minute ?? "") && /^\d+$/.test(hour ?? "")
        ? `${hour.padStart(2, "0")}:${minute.padStart(2, "0")} UTC`
        : null;
    if (time && dayOfMonth === "*" && month === "*" && weekday === "*") return `every day at ${time}`;
    if (time && dayOfMonth === "*" && month === "*" && /^[0-6]$/.test(weekday ?? ""))
      return `every ${WEEKDAYS[Number(weekday)]} at ${time}`;
    return "on a schedule";
  }
  const minutes = Math.round((value.every ?? 0) / 60_000);
  if (minutes === 60) return "every hour";
  if (minutes === 1_440) return "every day";
  return minutes >= 60 && minutes % 60 === 0 ? `every ${minutes / 60} hours` : `every ${minutes} minutes`;
};
