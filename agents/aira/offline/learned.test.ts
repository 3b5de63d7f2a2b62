import { describe, expect, it } from "vitest";
import { evalContext } from "../eval/score";
import { featuresOf, predictIntent, trainIntents } from "./learned";
import { learnedExamplesFile } from "./learned-examples";
import learnedExamplesJson from "./learned-examples.json";
import { defaultIntentModel, understand } from "./understand";

const context = evalContext();

describe("learned intent model", () => {
  it("reads words, word pairs and character 4-grams, ignoring filler words", () => {
    const f = featuresOf("show me the sells");
    expect(f.get("w:show")).toBe(1);
    expect(f.get("w:sell")).toBe(1); // "sells" folded
    expect(f.has("w:the")).toBe(false);
    expect(f.get("b:show me")).toBe(1);
    expect(f.get("c:<sel")).toBeGreaterThan(0);
    expect(f.get("c:<sel")).toBeLessThan(1);
  });

  it("learns labels from examples and is deterministic", () => {
    const examples = [
      { label: "a", text: "how much did we sell" },
      { label: "a", text: "sales this week" },
      { label: "b", text: "what is running low on stock" },
      { label: "b", text: "stock running out soon" },
    ];
    const one = trainIntents(examples);
    const two = trainIntents([...examples]);
    expect(predictIntent(one, "stock low").label).toBe("b");
    expect(predictIntent(one, "how much we sel").label).toBe("a");
    expect(predictIntent(one, "how much we sel")).toEqual(predictIntent(two, "how much we sel"));
    expect(predictIntent(one, "stock low").probability).toBeGreaterThan(0.5);
    expect(predictIntent(one, "zzz qqq").knownFeatures).toBe(0);
  });

  it("is trained from the evaluation commands: learned-examples.json is up to date (npm run aira:examples)", () => {
    expect(learnedExamplesJson).toEqual(learnedExamplesFile());
  });

  it("predicts in well under a millisecond", () => {
    const model = defaultIntentModel();
    const texts = ["how is going the shop", "money come in and go out in zdate", "which product sell more now"];
    for (const t of texts) predictIntent(model, t);
    const started = performance.now();
    for (let i = 0; i < 300; i++) predictIntent(model, texts[i % 3]);
    expect((performance.now() - started) / 300).toBeLessThan(1);
  });

  it("gives a tool to a phrasing with no rule, and only when the rules found no intent", () => {
    const text = "how much money come in and go out in november";
    expect(understand(text, { ...context, intentModel: null }).kind).toBe("clarify");
    expect(understand(text, context)).toEqual({
      kind: "tool",
      tool: "get_cash_flow",
      input: { from: "2025-11-01", to: "2025-11-30" },
    });
    // The rules' reading wins where they have one.
    expect(understand("sales last month", context)).toEqual(
      understand("sales last month", { ...context, intentModel: null }),
    );
  });

  it("never turns a question into a proposal, and asks rather than guesses on too little", () => {
    // A guessed store change asked as a question is answered or confirmed, never proposed.
    for (const text of ["we are receive 30 pieces of the carrot treats?", "the price of hoof oil 1 l, 18.50?"]) {
      const got = understand(text, context);
      expect(got.kind === "tool" && got.tool.startsWith("propose_"), JSON.stringify(got)).toBe(false);
    }
    expect(understand("banana", context).kind).toBe("clarify");
    // A guess never proposes a store change: a product and a number are not a stock count.
    expect(understand("the paddock boots size 9, 12", context).kind).toBe("clarify");
  });
});
