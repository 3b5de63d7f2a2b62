/** An agent's schedule as text: its cron pattern, "every N h/min", or "on demand". */
export const scheduleText = (value: { every?: number; pattern?: string } | null | undefined) => {
  if (!value) return "on demand";
  if (value.pattern) return value.pattern;
  const minutes = Math.round((value.every ?? 0) / 60_000);
  return minutes >= 60 && minutes % 60 === 0 ? `every ${minutes / 60} h` : `every ${minutes} min`;
};
