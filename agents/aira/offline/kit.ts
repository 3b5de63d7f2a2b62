// What AIRA's offline understanding shares between its parts (intents.ts, understand.ts and the
// per-tool modules in tools/): the weighted phrase rules' shape, the results a builder returns, and
// the date helpers every period-reading tool uses. A tool module holds one tool's rules, its
// argument builder and its answer writer together; this is the vocabulary they are written in.
import { addDays } from "../../core/time";
import { findDuration, rangeDays, type DateMention, type DayRange } from "./dates";
import type { ProductMatch } from "./entities";
import type { Format, Input } from "./format";
import type { Message } from "./understand";
import type { Understanding } from "./types";

export const tool = (name: string, input: Record<string, unknown>): Understanding => ({
  kind: "tool",
  tool: name,
  input,
});
export const clarify = (question: string, options?: string[]): Understanding =>
  options && options.length ? { kind: "clarify", question, options } : { kind: "clarify", question };
export const refuse = (reason: string): Understanding => ({ kind: "refuse", reason });
export const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** The N complete days before today, as the pages' "last N days" (agents/analytics/window.ts). */
export const lastDays = (msg: Message, days: number): DayRange => ({
  from: addDays(msg.today, -days),
  to: addDays(msg.today, -1),
});
/** Sales tools take at most three years at a time: a longer range keeps its last 1,095 days. */
export const capRange = (r: DayRange): DayRange => (rangeDays(r) > 1095 ? { from: addDays(r.to, -1094), to: r.to } : r);
export const daysOf = (d: DateMention | null) => (d ? rangeDays(d.range) : null);
/** Days named as a duration or a rolling window ("6 months" -> 180, "last 90 days" -> 90), in the request's sentence when context comes first. */
export const durationDays = (msg: Message) => {
  const fromPeriod = msg.pastDates.length > 1 ? daysOf(msg.period) : null;
  return (
    fromPeriod ??
    findDuration(msg.text.slice(msg.sentenceStart(msg.text.length)))?.days ??
    findDuration(msg.text)?.days ??
    daysOf(msg.period)
  );
};

/** Words that ask for a prediction: shared by the demand and revenue forecasts' rules. */
export const FORECAST =
  /\b(forecast(?:s|ing|ed)?|predict(?:ion|ions|ed)?|projections?|project(?:ed)?|outlook|expected|anticipated?|estimate|likely to)\b/;
/** Words that point ahead in time. */
export const FUTURE = /\b(next|coming|upcoming|following|will|future|ahead|going to)\b/;

export interface Signals {
  pastDate: boolean;
  futureDate: boolean;
  dateCount: number;
  product: boolean;
  amount: boolean;
  percent: boolean;
  orderName: boolean;
  ticketId: boolean;
  alertId: boolean;
  code: boolean;
  agentNamed: boolean;
}

export interface Rule {
  tool: string;
  weight: number;
  /** Every pattern must match. */
  all: RegExp[];
  when?: (s: Signals) => boolean;
  /** Matches words of the message (not only what it contains): a tool needs one such rule to be chosen. */
  textual: boolean;
}

export const always = /(?:)/;
export const r = (
  tool: string,
  weight: number,
  pattern: RegExp | RegExp[],
  when?: (s: Signals) => boolean,
  textual?: boolean,
): Rule => {
  const all = Array.isArray(pattern) ? pattern : [pattern];
  return { tool, weight, all, when, textual: textual ?? !(all.length === 1 && all[0] === always) };
};

/**
 * One tool's understanding and answer in one place: the phrase rules that choose it (spliced into
 * intents.ts's list where the tool's rules always stood, so ties break as before), the builder that
 * reads its arguments from the message, and the writer that turns its result into a merchant's words
 * (called by answer.ts's writeAnswer, the entry point AIRA and MCP use).
 */
export interface ToolModule {
  name: string;
  rules: Rule[];
  build(msg: Message): Understanding;
  write(data: never, input: Input, f: Format): string[];
}

// Shared by the product tools' builders (copy, rename, stock and price proposals) and understand.ts.

/** "Which product do you want to <verb>?", the closest products as the answers. */
export function productQuestion(products: ProductMatch[], verb: string): Understanding {
  return clarify(
    `Which product do you want to ${verb}?`,
    products.slice(0, 6).map((p) => p.title),
  );
}

/** "change name of the curry comb in Rubber Curry Comb for Horses": second-language "in"/"into" for "to". */
export const RENAME_INTO =
  /\b(?:rename|retitle|(?:change|update|set)\b[^.]{0,30}\b(?:title|name))\b(?!.*\s(?:to|as)\s)(.*?)\s+(?:into|in)\s+\S/i;

/**
 * A tool that proposes a store change (price, stock, code, hold, copy): its answer is answer.ts's
 * shared proposal answer ("Waiting for your approval: ..."), so its module has rules and a builder only.
 */
export type ProposalModule = Omit<ToolModule, "write">;

// Shared by the proposal tools' builders (stock, price, code, hold) and understand.ts.

/**
 * For a change: a product matched by only some of the words that name it ("Ocean Breeze Hoodie" ->
 * "Ocean Blue Shirt") is not the product; ask, with the closest products as the answers.
 */
export function unsureProduct(msg: Message, verb: string): Understanding | null {
  const sel = msg.selection;
  if (sel.kind !== "found" || sel.bySku) return null;
  const extra = msg.unmatchedNameWords;
  if (extra.length === 0) return null;
  const search = msg.products;
  const complete = search.matches.some((m) => m.coverage >= 0.999);
  if (complete) return null;
  return clarify(
    `I can't find a product called "${typedName(msg)}". Which product do you want to ${verb}?`,
    search.matches.slice(0, 6).map((m) => m.title),
  );
}

/** The product's name as the merchant typed it: the matched words and the unknown ones around them. */
export function typedName(msg: Message): string {
  const parts = [...msg.products.spans, ...msg.unmatchedNameWords];
  const start = Math.min(...parts.map((p) => p.start));
  const end = Math.max(...parts.map((p) => p.end));
  const phrase = msg.productText.slice(start, end).replace(/\s+/g, " ").trim();
  const typed = new RegExp(phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+"), "i").exec(msg.raw);
  return typed ? typed[0] : phrase;
}

/** The question when a tool needs one order and none is named (holds, risk scores, routing). */
export const ORDER_QUESTION = 'Which order? Give me its number, e.g. "#1042".';

const currencyFormats = new Map<string, Intl.NumberFormat>();
/** An amount in a clarifying question, in the shop's currency ("€18", "£4.99"); "$" when it is not known. */
export function money(n: number, currency?: string | null): string {
  const digits = Number.isInteger(n) ? 0 : 2;
  if (!currency) return `$${n.toFixed(digits)}`;
  const key = `${currency}:${digits}`;
  let format = currencyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat("en-US", {
        style: "currency",
        currency,
        currencyDisplay: "narrowSymbol",
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    } catch {
      return `${n.toFixed(digits)} ${currency}`; // not an ISO 4217 code
    }
    currencyFormats.set(key, format);
  }
  return format.format(n).replace(/,/g, "");
}

const patterns = new Map<string, RegExp>();
/** A compiled pattern for a source built at run time (agent names), compiled once. */
export const pattern = (source: string): RegExp => {
  let re = patterns.get(source);
  if (!re) {
    if (patterns.size > 1000) patterns.clear();
    patterns.set(source, (re = new RegExp(source)));
  }
  return re;
};

/** Read-only tools take products as productIds, or SKUs when the message singles out variants. */
export function readOnlySelector(msg: Message): Record<string, unknown> | Understanding | null {
  const sel = msg.selection;
  if (sel.kind === "none") return null;
  if (sel.kind === "unknown-sku")
    return clarify(`I can't find the SKU ${sel.token} in your catalogue. Which product or SKU do you mean?`);
  if (sel.kind === "ambiguous") return { productIds: sel.products.slice(0, 200).map((p) => p.productId) };
  if (sel.bySku || sel.narrowed) {
    const skus = sel.entries.map((e) => e.sku).filter((s): s is string => Boolean(s));
    if (skus.length) return { skus: skus.slice(0, 200) };
  }
  return { productIds: sel.products.map((p) => p.productId) };
}

export const isUnderstanding = (v: unknown): v is Understanding => typeof v === "object" && v !== null && "kind" in v;
