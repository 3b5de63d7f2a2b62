import { describe, expect, it } from "vitest";
import { evalContext } from "../eval/score";
import { arbitrate, LEARNED_MAY_PROPOSE } from "./arbiter";
import { isTagQuestion, saysNoChange } from "./cues";
import { featuresOf, skeleton, type Prediction } from "./learned";
import { normalize } from "./text";
import { understand } from "./understand";

const context = evalContext();
const ask = (text: string) => understand(text, context);
const guess = (label: string, probability: number, supportingWords = 2): Prediction => ({
  label,
  probability,
  knownFeatures: 6,
  supportingWords,
});

describe("arbitration between the rules and the learned intent model", () => {
  it("lets a guess decide where the rules are silent, with a higher bar for refusals and store changes", () => {
    const silent = { scores: [], question: false };
    expect(arbitrate({ ...silent, guess: guess("get_stockout_risks", 0.93) })).toBe("get_stockout_risks");
    expect(arbitrate({ ...silent, guess: guess("get_stockout_risks", 0.85) })).toBeNull();
    expect(arbitrate({ ...silent, guess: guess("refuse", 0.95) })).toBeNull();
    expect(arbitrate({ ...silent, guess: guess("refuse", 0.995) })).toBe("refuse");
    expect(arbitrate({ ...silent, guess: guess("propose_inventory_adjustment", 0.995) })).toBe(
      "propose_inventory_adjustment",
    );
    // Never a price, a code, a title or an agent run from a guess; never a change for a question.
    for (const label of ["propose_price_change", "propose_discount_code", "propose_product_copy", "run_agent"]) {
      expect(LEARNED_MAY_PROPOSE.has(label)).toBe(false);
      expect(arbitrate({ ...silent, guess: guess(label, 0.9999) })).toBeNull();
    }
    expect(arbitrate({ ...silent, question: true, guess: guess("propose_inventory_adjustment", 0.9999) })).toBeNull();
    // A guess with no word of its own evidence is not made.
    expect(arbitrate({ ...silent, guess: guess("get_stockout_risks", 0.999, 0) })).toBeNull();
  });

  it("breaks a tie the way a sure guess reads it, and keeps sure rules", () => {
    const tie = [
      { tool: "suggest_purchase_order", score: 4 },
      { tool: "propose_inventory_adjustment", score: 4 },
    ];
    expect(arbitrate({ scores: tie, question: false, guess: guess("propose_inventory_adjustment", 0.999) })).toBe(
      "propose_inventory_adjustment",
    );
    expect(arbitrate({ scores: tie, question: true, guess: guess("propose_inventory_adjustment", 0.999) })).toBeNull();
    expect(arbitrate({ scores: tie, question: false, guess: guess("propose_inventory_adjustment", 0.95) })).toBeNull();
    const sure = [{ tool: "get_sales_summary", score: 6 }];
    expect(arbitrate({ scores: sure, question: false, guess: guess("refuse", 0.9999) })).toBeNull();
    // A weak read-only reading gives way to a refusal the model is sure of; a store change never does.
    const weak = [{ tool: "get_sales_summary", score: 2 }];
    expect(arbitrate({ scores: weak, question: false, guess: guess("refuse", 0.9999) })).toBe("refuse");
    expect(arbitrate({ scores: weak, question: false, guess: guess("refuse", 0.9999, 1) })).toBeNull();
    const weakChange = [{ tool: "propose_price_change", score: 2 }];
    expect(arbitrate({ scores: weakChange, question: false, guess: guess("refuse", 0.9999) })).toBeNull();
  });
});

describe("new phrasings through the arbitration (sentences in no batch)", () => {
  const toolOf = (text: string) => {
    const u = ask(text);
    return u.kind === "tool" ? u.tool : u.kind;
  };

  it("resolves typo'd and texted intent words", () => {
    expect(skeleton("wats")).toBe(skeleton("whats"));
    expect(skeleton("rippd")).toBe(skeleton("ripped"));
    expect(featuresOf("wats up").get(`k:${skeleton("wats")}`)).toBe(0.5);
    expect(normalize("did any1 buy b4 2day")).toBe("did anyone buy before today");
    // A real word is never "corrected" into an intent word: "charge" is not "change".
    expect(normalize("what would you charge")).toContain("charge");
    expect(ask("hw many hoof oil left")).toMatchObject({
      kind: "tool",
      tool: "get_stockout_risks",
      input: { productIds: ["8100000037"] },
    });
    expect(ask("got 15 curry combs in this am")).toMatchObject({
      kind: "tool",
      tool: "propose_inventory_adjustment",
      input: { sku: "GRM-140", adjustBy: 15, reason: "received" },
    });
    expect(ask("1188 is fine now, let it go")).toMatchObject({
      kind: "tool",
      tool: "propose_fulfillment_hold",
      input: { orderName: "#1188", hold: false },
    });
    expect(ask("which location for 1190")).toMatchObject({
      tool: "suggest_order_routing",
      input: { orderName: "#1190" },
    });
    expect(ask("snooze cm9alr0003abc456 for 2 days")).toMatchObject({
      tool: "decide_alert",
      input: { alertIds: ["cm9alr0003abc456"], decision: "snooze", snoozeDays: 2 },
    });
    expect(toolOf("ta, that's me done")).toBe("help");
    // A word pair is the guess's own evidence: "<code> bring" is a code's results, not a new code.
    expect(ask("did SPRING10 bring any1 in")).toMatchObject({
      tool: "get_campaign_results",
      input: { code: "SPRING10" },
    });
    // An ambiguous product with no intent word: which product comes first, naming the candidates.
    expect(ask("hoodie 12")).toMatchObject({
      kind: "clarify",
      options: expect.arrayContaining(["Royal Equips Hoodie - Heather Grey", "Royal Equips Zip Hoodie - Black"]),
    });
  });

  it("never proposes a change for a question, or where the merchant said not to change anything", () => {
    expect(saysNoChange("i don't want to change it yet, i'm only asking.")).toBe(true);
    expect(saysNoChange("don't change the price back")).toBe(false);
    expect(toolOf("dont change nothin, wat wud u charge for the gilet")).toBe("suggest_price_changes");
    expect(toolOf("Would putting the cap at 19 be sensible? I'm only asking.")).toBe("suggest_price_changes");
    expect(toolOf("did sync run today")).toBe("get_agent_status");
    expect(toolOf("did the pricing bot run")).toBe("get_agent_status");
    for (const text of [
      "got 15 curry combs in this am?",
      "is 1188 fine now, should I let it go?",
      "without changing anything, is the gilet stock 12 now?",
    ])
      expect(["propose_inventory_adjustment", "propose_fulfillment_hold"]).not.toContain(toolOf(text));
    // A product next to a number is not a change a guess may make.
    expect(ask("top up the hay net to 20").kind).not.toBe("tool");
    expect(ask("the rope halter 30").kind).not.toBe("tool");
  });

  it("reads a closing consent question as part of the request before it", () => {
    expect(isTagQuestion("would that be all right?")).toBe(true);
    expect(isTagQuestion("would that be a good idea?")).toBe(false);
    expect(ask("Please create a code SNOW10 for 10% off. Would that be all right?")).toMatchObject({
      kind: "tool",
      tool: "propose_discount_code",
      input: { code: "SNOW10", percentOff: 10 },
    });
  });

  it("refuses phoning people, the theme and a refund by bare order number", () => {
    for (const text of [
      "could you ring the supplier for me and chase the delivery",
      "please phone the customer back about her order",
      "arrange a collection with the courier for tomorrow",
      "change the store's theme to dark please",
      "refund 1188 full amt",
    ])
      expect(ask(text).kind).toBe("refuse");
    expect(toolOf("how much did we refund this month")).toBe("get_sales_summary");
    expect(toolOf("call it SNOW10, 10% off")).toBe("propose_discount_code");
  });

  it("stock moves from a guess only by units that arrived or went, never to a new total (blind batch l)", () => {
    // Batch l's first score: the removal words were unknown, the guess chose a stock change, and the
    // builder read "Two" as the new total (42 -> 2). Now the words are known, and a total is never guessed.
    expect(ask("Two of the blue hoof picks in the tack room snapped. Write them off.")).toEqual({
      kind: "tool",
      tool: "propose_inventory_adjustment",
      input: { sku: "GRM-142-BL", adjustBy: -2, reason: "damaged" },
    });
    const total = ask("gilet L is 12 now not 15, fix it");
    expect(total.kind).toBe("clarify");
  });
});
