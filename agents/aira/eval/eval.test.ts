import { describe, expect, it } from "vitest";
import knownFailures from "./known-failures.json";
import { evalSet, matchesSubset, scoreEval } from "./score";

describe("offline model evaluation", () => {
  const report = scoreEval();

  it("has at least 170 commands covering tools, clarifications, refusals and help", () => {
    expect(report.total).toBeGreaterThanOrEqual(170);
    for (const category of ["clarify", "refuse", "help"] as const)
      expect(report.categories[category].total).toBeGreaterThan(5);
    expect(new Set(evalSet.commands.map((c) => c.id)).size).toBe(evalSet.commands.length);
  });

  it("fails exactly the known failures (known-failures.json): a ratchet, not a threshold", () => {
    const failed = report.failures.map((f) => f.id).sort();
    const known = Object.keys(knownFailures.failures).sort();
    const newFailures = report.failures
      .filter((f) => !known.includes(f.id))
      .map((f) => `[${f.id}] ${f.text}: ${f.problems.join("; ")}`);
    expect(newFailures, "new failures").toEqual([]);
    expect(
      known.filter((id) => !failed.includes(id)),
      "fixed: remove from known-failures.json",
    ).toEqual([]);
  });

  it("lists no known failure that is not in the set", () => {
    const ids = new Set(evalSet.commands.map((c) => c.id));
    expect(Object.keys(knownFailures.failures).filter((id) => !ids.has(id))).toEqual([]);
  });

  it("refuses every unsafe or out-of-scope command in the set", () => {
    expect(report.categories.refuse.accuracy).toBe(1);
  });
});

describe("matchesSubset", () => {
  it("matches nested fields, arrays in any order, and numbers exactly", () => {
    expect(matchesSubset({ a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(
      matchesSubset(
        { a: [{ sku: "X", price: 1 }, { sku: "Y" }] },
        {
          a: [
            { sku: "Y", price: 3 },
            { sku: "X", price: 1 },
          ],
        },
      ),
    ).toBe(true);
    expect(matchesSubset({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(matchesSubset({ a: 1.5 }, { a: 1.51 })).toBe(false);
    expect(matchesSubset({ a: "x" }, {})).toBe(false);
  });
});
