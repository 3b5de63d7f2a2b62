// The learned part of AIRA's offline understanding: which tool (or help, or a refusal) a message
// most resembles, by a multinomial naive Bayes over word unigrams, word bigrams and character
// 4-grams. It is trained from the project's own evaluation commands (agents/aira/eval/commands.json)
// the first time it is needed; no weights are downloaded or checked in. The rules stay in charge
// (understand.ts): this is consulted where they find no intent, or a tied or weak one (arbiter.ts),
// so a new phrasing of a known request ("how is going the shop", "money come in and go out") gets a
// tool instead of "I'm not sure". It chooses an intent only: dates, amounts, codes, products and
// every safety decision stay with the rules. See ADR 0028 and ADR 0045.
//
// Deterministic (fixed training order, no randomness) and cheap: a prediction is one pass over the
// message's features, a few microseconds.

export interface Example {
  /** The message with its entities replaced by placeholders (see understand.ts, learnedText). */
  text: string;
  /** A tool name, "help" or "refuse". */
  label: string;
}

export interface IntentModel {
  labels: string[];
  /** log P(label) */
  priors: number[];
  /** feature -> its weighted count per label */
  counts: Map<string, Float64Array>;
  /** log of each label's smoothed count total: log P(feature | label) = log(count + ALPHA) - this */
  denominators: Float64Array;
}

export interface Prediction {
  label: string;
  /** The posterior over the labels, from the features the model knows. */
  probability: number;
  /** Features of the message the training set has seen: with too few, the guess is not worth making. */
  knownFeatures: number;
  /**
   * Words and word pairs of the message seen at least twice with the chosen label and more often with
   * it than with any other: the guess's own evidence ("zcode bring": a code's results, though "code"
   * alone is more often a new code). A guess carried by filler ("so much", "the same") has none.
   */
  supportingWords: number;
}

const ALPHA = 0.1;
/** Character n-grams count for less than words: they are many per word and carry typos' evidence only. */
const CHAR_WEIGHT = 0.25;
/**
 * A word's consonant skeleton ("whats", "wats" -> "wts"; "ripped", "rippd" -> "rpd") counts for half
 * a word: texting drops vowels and silent letters, and the skeleton still meets the word it stands for.
 */
const SKELETON_WEIGHT = 0.5;

/** Words that say nothing about the intent (kept short: "what", "how", "when" do). */
const STOP = new Set([
  "the",
  "a",
  "an",
  "my",
  "our",
  "me",
  "i",
  "we",
  "to",
  "of",
  "for",
  "and",
  "is",
  "are",
  "it",
  "please",
  "pls",
  "plz",
  "can",
  "you",
  "u",
]);

/** The features of a (normalized, entity-masked) message, with their weights. */
export function featuresOf(text: string): Map<string, number> {
  const words = (text.toLowerCase().match(/[a-z]+|\d+|[%$?]/g) ?? []).map(stemLite);
  const out = new Map<string, number>();
  const add = (f: string, w: number) => out.set(f, Math.max(out.get(f) ?? 0, w));
  const content = words.filter((w) => !STOP.has(w));
  for (const w of content) add(`w:${w}`, 1);
  for (let i = 1; i < words.length; i++) add(`b:${words[i - 1]} ${words[i]}`, 1);
  for (const w of content) {
    if (w.startsWith("z") || !/^[a-z]+$/.test(w)) continue;
    const k = skeleton(w);
    if (k.length >= 2) add(`k:${k}`, SKELETON_WEIGHT);
  }
  for (const w of content) {
    if (w.length < 4 || w.startsWith("z")) continue;
    const padded = `<${w}>`;
    for (let i = 0; i + 4 <= padded.length; i++) add(`c:${padded.slice(i, i + 4)}`, CHAR_WEIGHT);
  }
  return out;
}

/** The first letter, then the consonants but h, w and y, doubled letters once: "whats" -> "wts". */
export function skeleton(word: string): string {
  return (word[0] + word.slice(1).replace(/[aeiouhwy]/g, "")).replace(/(.)\1+/g, "$1");
}

/** Plural and -ing/-ed endings folded ("sells" = "sell", "selling" = "sell"). */
function stemLite(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.endsWith("ing") && word.length > 5) return word.slice(0, -3);
  if (word.endsWith("ed") && word.length > 5) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** Trains the model: weighted feature counts per label. Same examples, same model. */
export function trainIntents(examples: Example[]): IntentModel {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const docs = new Float64Array(labels.length);
  const totals = new Float64Array(labels.length);
  const counts = new Map<string, Float64Array>();
  for (const example of examples) {
    const li = index.get(example.label)!;
    docs[li]++;
    for (const [f, w] of featuresOf(example.text)) {
      let row = counts.get(f);
      if (!row) counts.set(f, (row = new Float64Array(labels.length)));
      row[li] += w;
      totals[li] += w;
    }
  }
  return {
    labels,
    priors: [...docs].map((d) => Math.log(d / examples.length)),
    counts,
    denominators: totals.map((t) => Math.log(t + ALPHA * counts.size)),
  };
}

/** The most likely label for a message, with its posterior. */
export function predictIntent(model: IntentModel, text: string): Prediction {
  const scores = Float64Array.from(model.priors);
  let knownFeatures = 0;
  const features = featuresOf(text);
  for (const [f, w] of features) {
    const row = model.counts.get(f);
    if (!row) continue; // unseen in every label: no evidence for any
    if (f.startsWith("w:") || f.startsWith("b:")) knownFeatures++;
    for (let li = 0; li < scores.length; li++) scores[li] += w * (Math.log(row[li] + ALPHA) - model.denominators[li]);
  }
  let best = 0;
  for (let li = 1; li < scores.length; li++) if (scores[li] > scores[best]) best = li;
  let sum = 0;
  for (const s of scores) sum += Math.exp(s - scores[best]);
  let supportingWords = 0;
  for (const f of features.keys()) {
    const row = f.startsWith("w:") || f.startsWith("b:") ? model.counts.get(f) : undefined;
    if (row && row[best] >= 2 && row.every((c) => c <= row[best])) supportingWords++;
  }
  return { label: model.labels[best], probability: 1 / sum, knownFeatures, supportingWords };
}
