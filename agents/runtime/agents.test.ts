import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgentRegistry, defineAgent, noopAgent } from "./agents";
import { percentile } from "./health";
import { assertNoSecrets } from "./queues";

const base = {
  title: "T",
  description: "Does a thing worth describing.",
  capabilities: ["x"],
  tools: [],
  input: z.object({}),
  run: async () => null,
};

describe("defineAgent", () => {
  it("rejects names that are not kebab-case and schedules that are not exactly one of every/pattern", () => {
    expect(() => defineAgent({ ...base, name: "Demand_Forecast" })).toThrow(/must be kebab-case/);
    expect(() => defineAgent({ ...base, name: "a", schedule: {} })).toThrow(/exactly one of every/);
    expect(() => defineAgent({ ...base, name: "a", schedule: { every: 10 } })).toThrow(/>= 1000/);
    expect(() => defineAgent({ ...base, name: "a", capabilities: [] })).toThrow(/at least one capability/);
    expect(defineAgent({ ...base, name: "demand-forecast", schedule: { pattern: "0 6 * * *" } }).name).toBe(
      "demand-forecast",
    );
  });

  it("registry refuses duplicates and names the known agents for an unknown one", () => {
    expect(() => createAgentRegistry([noopAgent, noopAgent])).toThrow(/Duplicate agent name "noop"/);
    const registry = createAgentRegistry([
      noopAgent,
      defineAgent({ ...base, name: "pricing", capabilities: ["pricing"] }),
    ]);
    expect(() => registry.require("nope")).toThrow('No agent named "nope". Use one of: noop, pricing');
    expect(registry.withCapability("pricing").map((a) => a.name)).toEqual(["pricing"]);
  });
});

describe("assertNoSecrets", () => {
  it("finds credential-like keys at any depth and lets ids through", () => {
    expect(() => assertNoSecrets({ items: [{ id: 1, access_token: "x" }] })).toThrow(/"input.items\[0\].access_token"/);
    expect(() => assertNoSecrets({ apiKey: "x" })).toThrow(/secrets/);
    expect(() => assertNoSecrets({ productId: "gid://1", tokens: 3, days: 30 })).not.toThrow();
  });
});

describe("percentile", () => {
  it("is the nearest-rank percentile", () => {
    expect(percentile([], 0.95)).toBeNull();
    expect(percentile([5], 0.95)).toBe(5);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(95);
    expect(percentile([10, 1, 3, 2], 0.5)).toBe(2);
  });
});
