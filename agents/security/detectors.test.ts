// The detectors' arithmetic and the audit-log filter parser, without a database.
import { describe, expect, it } from "vitest";
import { auditWhere, compactJson } from "./audit-log";
import { poissonUpperLimit, quantile, thresholdCrossings } from "./detectors";

const MIN = 60_000;

describe("thresholdCrossings", () => {
  it("finds the event at which N events fall within the window, then starts counting afresh", () => {
    const times = Array.from({ length: 12 }, (_, i) => i * MIN); // 12 events in 11 minutes
    expect(thresholdCrossings(times, 10, 60 * MIN)).toEqual([{ start: 0, end: 9 }]);
    expect(thresholdCrossings(times, 6, 60 * MIN)).toEqual([
      { start: 0, end: 5 },
      { start: 6, end: 11 },
    ]);
  });

  it("does not count events spread wider than the window", () => {
    const hourly = Array.from({ length: 24 }, (_, i) => i * 61 * MIN);
    expect(thresholdCrossings(hourly, 2, 60 * MIN)).toEqual([]);
  });
});

describe("poissonUpperLimit", () => {
  it("is the smallest count whose upper tail is at most p", () => {
    // Poisson(1): P(X >= 5) = 0.00366, P(X >= 6) = 0.000594.
    expect(poissonUpperLimit(1, 0.001)).toBe(6);
    expect(poissonUpperLimit(0, 0.001)).toBe(1);
    // Large rates use the normal approximation instead of an underflowing pmf.
    expect(poissonUpperLimit(1_000, 0.001)).toBe(Math.ceil(1_000 + 3.09 * Math.sqrt(1_000)));
  });
});

describe("quantile", () => {
  it("takes the nearest rank", () => {
    const hours = [...new Array(99).fill(0), 7];
    expect(quantile(hours, 0.99)).toBe(0);
    expect(quantile([...hours, 9], 0.99)).toBe(7);
    expect(quantile([], 0.99)).toBe(0);
  });
});

describe("audit-log filters", () => {
  it("matches an actor kind as a prefix and a full actor exactly", () => {
    expect(auditWhere("s", { actor: "mcp" })).toEqual({
      ok: true,
      where: { shop: "s", AND: [{ OR: [{ actor: "mcp" }, { actor: { startsWith: "mcp:" } }] }] },
    });
    expect(auditWhere("s", { actor: "mcp:clx1" })).toEqual({
      ok: true,
      where: { shop: "s", AND: [{ actor: "mcp:clx1" }] },
    });
  });

  it("matches an action, its namespace, or an explicit prefix", () => {
    expect(auditWhere("s", { action: "action.apply" })).toMatchObject({
      where: { AND: [{ OR: [{ action: "action.apply" }, { action: { startsWith: "action.apply." } }] }] },
    });
    expect(auditWhere("s", { action: "webhook.*" })).toMatchObject({
      where: { AND: [{ action: { startsWith: "webhook." } }] },
    });
  });

  it("explains malformed filters", () => {
    expect(auditWhere("s", { actor: "mcp token" })).toMatchObject({
      ok: false,
      message: 'actor "mcp token" is not an actor label.',
      hint: expect.stringMatching(/kind:id/),
    });
    expect(auditWhere("s", { action: "*" })).toMatchObject({
      ok: false,
      message: 'action "*" is not an audit action.',
    });
    expect(auditWhere("s", { action: "tool.*.x" })).toMatchObject({ ok: false });
  });

  it("shortens big JSON to a preview", () => {
    expect(compactJson({ a: 1 })).toEqual({ a: 1 });
    expect(compactJson({ rows: "x".repeat(5_000) }, 100)).toMatchObject({ truncated: true, chars: 5_011 });
    expect(compactJson(null)).toBeNull();
  });
});
