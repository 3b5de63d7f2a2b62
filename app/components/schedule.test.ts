import { describe, expect, it } from "vitest";
import { cronText, scheduleText } from "./schedule";

describe("scheduleText", () => {
  it("says cron patterns and intervals in words, and no schedule as on demand", () => {
    expect(scheduleText({ pattern: "0 6 * * *" })).toBe("every day at 6:00");
    expect(scheduleText({ pattern: "30 6 * * *" })).toBe("every day at 6:30");
    expect(scheduleText({ pattern: "0 7 * * 1" })).toBe("every Monday at 7:00");
    expect(scheduleText({ pattern: "0 8 * * 0" })).toBe("every Sunday at 8:00");
    expect(scheduleText({ pattern: "0 9 * * 1-5" })).toBe("every weekday at 9:00");
    expect(scheduleText({ pattern: "0 * * * *" })).toBe("every hour");
    expect(scheduleText({ every: 86_400_000 })).toBe("every day");
    expect(scheduleText({ every: 3_600_000 })).toBe("every hour");
    expect(scheduleText({ every: 7_200_000 })).toBe("every 2 hours");
    expect(scheduleText({ every: 600_000 })).toBe("every 10 minutes");
    expect(scheduleText(null)).toBe("on demand");
  });

  it("never shows a pattern it cannot say", () => {
    expect(cronText("*/5 1-3 1 * *")).toBeNull();
    expect(scheduleText({ pattern: "*/5 1-3 1 * *" })).toBe("on a regular schedule");
    expect(cronText("0 25 * * *")).toBeNull();
  });
});
