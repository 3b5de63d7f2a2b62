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
