// Arbitration between the rules' intent scores (intents.ts) and the learned intent model (learned.ts,
// ADR 0028, amended by ADR 0045). The rules keep the last word where they are sure; the learned
// model decides where they are silent, tied or weak:
//
// - silent (no tool scores 2): a read-only tool or help at posterior >= 0.9 with one supporting
//   word (as before), a refusal at >= 0.99; a stock change or an order hold (LEARNED_MAY_PROPOSE)
//   at >= 0.99 and never for a question; never a price, a code, a title or an agent run;
// - tied (the best two within half a point): the one the model prefers, at >= 0.99;
// - weak (the best scores 2 at most): a refusal or help the model is sure of (>= 0.99, two supporting
//   words) replaces a read-only reading; it never replaces a store change and is never replaced.
//
// What the chosen tool's builder reads (dates, amounts, codes, products) and whether it asks (an
// ambiguous product, a missing amount) is still the rules' business; so is every refusal the rules
// make, and a question never becomes a change (understand.ts answers it instead).

import type { IntentScore } from "./intents";
import type { Prediction } from "./learned";

/** Tools that change the store or start work. */
export const ACTS = new Set([
  "propose_price_change",
  "propose_inventory_adjustment",
  "propose_discount_code",
  "propose_fulfillment_hold",
  "propose_product_copy",
  "run_agent",
]);

/**
 * The store changes a guess may lead to where the rules are silent: a stock count or delta (the
 * builder still needs one product variant and a whole number, and tells a total from a delta by the
 * rules' words) and an order's hold (it needs an order number). Never a price, a code, a title or an
 * agent run: a product next to a number is as often a price as a count ("top up the hay net to 20").
 */
export const LEARNED_MAY_PROPOSE = new Set(["propose_inventory_adjustment", "propose_fulfillment_hold"]);

export const LEARNED = {
  /** Where the rules are silent: a read-only tool, help or a refusal. */
  silentProbability: 0.9,
  /** Where the rules are silent, for a store change; and to break a tie or override weak rules. */
  sureProbability: 0.99,
  minKnownWords: 2,
  minSupportingWords: 1,
  /** A refusal or help replacing a weak reading needs this much of its own evidence. */
  overrideSupportingWords: 2,
  /** The rules' score at or below which their reading is weak. */
  weakScore: 2,
  /** Two scores closer than this are a tie. */
  tieMargin: 0.5,
} as const;

export interface ArbiterInput {
  /** The rules' worded intents, best first (scoreIntents). */
  scores: IntentScore[];
  /**
   * The learned model's reading, or null (no model, or a message that leans on an earlier turn);
   * a function, so that a message the rules are sure of is not read twice.
   */
  guess: Prediction | null | (() => Prediction | null);
  /** The message is a question or says not to change anything. */
  question: boolean;
}

/** The label the learned model decides ("help", "refuse" or a tool), or null: the rules' reading stands. */
export function arbitrate({ scores, guess: read, question }: ArbiterInput): string | null {
  const [best, second] = scores;
  const contested =
    !best || best.score <= LEARNED.weakScore || (second !== undefined && best.score - second.score < LEARNED.tieMargin);
  if (!contested) return null;
  const guess = typeof read === "function" ? read() : read;
  if (!guess || guess.knownFeatures < LEARNED.minKnownWords || guess.supportingWords < LEARNED.minSupportingWords)
    return null;
  const label = guess.label;
  const sure = guess.probability >= LEARNED.sureProbability;
  if (!best || best.score < 2) {
    // A refusal turns the merchant away: from a guess, only a sure one.
    if (label === "refuse") return sure ? label : null;
    if (!ACTS.has(label)) return guess.probability >= LEARNED.silentProbability ? label : null;
    return sure && !question && LEARNED_MAY_PROPOSE.has(label) ? label : null;
  }
  if (label === best.tool || !sure) return null;
  if (second && best.score - second.score < LEARNED.tieMargin && second.tool === label) {
    if (ACTS.has(label) && question) return null;
    return label;
  }
  if (
    (label === "refuse" || label === "help") &&
    best.score <= LEARNED.weakScore &&
    !ACTS.has(best.tool) &&
    guess.supportingWords >= LEARNED.overrideSupportingWords
  )
    return label;
  return null;
}
