import { describe, expect, it } from "vitest";
import { isFinal, mergeRun, runFromApi } from "./run-state";

describe("mergeRun", () => {
  const queued = { status: "queued" as const, progress: 0, message: null };
  const running40 = { status: "running" as const, progress: 40, message: "Forecasting 12 variants" };
  const running20 = { status: "running" as const, progress: 20, message: "Loading" };
  const done = { status: "succeeded" as const, progress: 100, message: "Done" };

  it("keeps the most advanced observation whatever the order they arrive in", () => {
    expect(mergeRun(null, queued)).toBe(queued);
    expect(mergeRun(queued, running20)).toBe(running20);
    expect(mergeRun(running40, running20)).toBe(running40);
    expect(mergeRun(running20, running40)).toBe(running40);
    // A late snapshot from the runs API does not undo a final event.
    expect(mergeRun(done, running40)).toBe(done);
    expect(mergeRun(done, { ...done, status: "failed" })).toBe(done);
    expect(mergeRun(running40, queued)).toBe(running40);
  });

  it("reads a run from the API with its error first", () => {
    expect(runFromApi({ status: "failed", progress: 60, message: "Working", error: "Redis went away" })).toEqual({
      status: "failed",
      progress: 60,
      message: "Redis went away",
    });
    expect(isFinal("cancelled")).toBe(true);
    expect(isFinal("running")).toBe(false);
  });
});
