// What AIRA's offline understanding shares between its parts (intents.ts, understand.ts and the
// per-tool modules in tools/): the weighted phrase rules' shape, the results a builder returns, and
// the date helpers every period-reading tool uses. A tool module holds one tool's rules, its
// argument builder and its answer writer together; this is the vocabulary they are written in.
import { addDays } from "../../core/time";
import { findDuration, rangeDays, type DateMention, type DayRange } from "./dates";
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

/** Asked when a command about one order names none. */
export const ORDER_QUESTION = 'Which order? Give me its number, e.g. "#1042".';
