import { describe, expect, it } from "vitest";
import { scheduleText } from "./schedule";

describe("scheduleText", () => {
  it("shows cron patterns as they are, intervals in hours or minutes, and no schedule as on demand", () => {
    expect(scheduleText({ pattern: "0 6 * * *" })).toBe("0 6 * * *");
    expect(scheduleText({ every: 86_400_000 })).toBe("every 24 h");
    expect(scheduleText({ every: 3_600_000 })).toBe("every 1 h");
    expect(scheduleText({ every: 900_000 })).toBe("every 15 min");
    expect(scheduleText(null)).toBe("on demand");
  });
});
