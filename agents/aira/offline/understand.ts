// AIRA's offline language understanding: a merchant's message -> one tool call (with an input
// that passes the tool's schema), a clarifying question, a refusal, or help. Deterministic, no
// network, no model; a command takes well under a millisecond against a 5,000-variant catalogue.
//
// A follow-up answer to a clarifying question arrives appended to the question's message
// ("set the price of the hoodie to 40" + " the grey one"), so every question is asked in a way that
// the answer completes the original command; ordinal answers ("the second one") pick an option.
import { addMonths, findDates, findHorizonDays, rangeDays, shiftBack, type DateMention, type DayRange } from "./dates";
import {
  findAgent,
  findAlertId,
  findDiscountCode,
  runsAgentByAlias,
  findNumbers,
  findOrderName,
  findProducts,
  findSkus,
  findTicketId,
  indexCatalog,
  type CatalogIndex,
  type NumberMention,
  type ProductMatch,
  type ProductSearch,
  type SkuMention,
  type Span,
} from "./entities";
import { HELP_TEXT, wantsHelp } from "./help";
import { predictIntent, trainIntents, type IntentModel } from "./learned";
import learnedExamplesJson from "./learned-examples.json";
import { CONFUSABLE, REPEAT_BUYERS, scoreIntents, withoutDismissed, type Signals } from "./intents";
import { offTopicReason, refusalReason } from "./safety";
import { COMMON_WORDS, KEYWORDS, mask, normalize, stem, tokens } from "./text";
import type { CatalogEntry, UnderstandContext, Understanding } from "./types";
import { RISKY_ORDERS, riskyOrders } from "./tools/risky-orders";
import { supportMetrics } from "./tools/support-metrics";
import { deadStock } from "./tools/dead-stock";
import { cashFlow } from "./tools/cash-flow";
import { trending } from "./tools/find-trending";
import { bundles } from "./tools/product-bundles";
import { categoryGaps } from "./tools/category-gaps";
import { anomalies } from "./tools/revenue-anomalies";
import { revenueForecast } from "./tools/revenue-forecast";
import { campaignResults } from "./tools/campaign-results";
import { segments } from "./tools/customer-segments";
import { lifetimeValue } from "./tools/lifetime-value";
import { productSearch } from "./tools/search-products";
import { productDetails } from "./tools/get-product";
import { orderSearch } from "./tools/search-orders";
import { orderDetails } from "./tools/get-order";
import { customerSearch } from "./tools/search-customers";
import { agentRun } from "./tools/run-agent";
import { ticketList } from "./tools/list-support-tickets";
import { replyDraft } from "./tools/draft-support-reply";
import { ticketUpdate } from "./tools/update-support-ticket";
import { newTicket } from "./tools/create-support-ticket";
import { alertDecision } from "./tools/decide-alert";
import { campaigns } from "./tools/propose-campaigns";
import { copyDraft } from "./tools/draft-product-copy";
import { copyChange } from "./tools/propose-product-copy";
import { inventoryAdjustment } from "./tools/propose-inventory-adjustment";
import { priceChange } from "./tools/propose-price-change";
import { discountCode } from "./tools/propose-discount-code";
import { fulfillmentHold } from "./tools/propose-fulfillment-hold";
import {
  capRange,
  clamp,
  clarify,
  daysOf,
  lastDays,
  ORDER_QUESTION,
  RENAME_INTO,
  refuse,
  tool,
  typedName,
} from "./kit";
import { addDays, localDay } from "../../core/time";

export type { CatalogEntry, UnderstandContext, Understanding } from "./types";

const patterns = new Map<string, RegExp>();
/** A compiled pattern for a source built at run time (agent names), compiled once. */
const pattern = (source: string): RegExp => {
  let re = patterns.get(source);
  if (!re) {
    if (patterns.size > 1000) patterns.clear();
    patterns.set(source, (re = new RegExp(source)));
  }
  return re;
};

// ---------------------------------------------------------------------------------------------
// The message and what it mentions (each computed once, on first use)

/** What separates the items of a list: "hoof oil, dandy brushes and curry combs". */
const LIST_SEPARATOR = /,|\band\b|&|\bplus\b/;

type Selection =
  | { kind: "none" }
  | { kind: "unknown-sku"; token: string }
  | { kind: "ambiguous"; products: ProductMatch[] }
  | {
      kind: "found";
      entries: CatalogEntry[];
      products: { productId: string; title: string }[];
      bySku: boolean;
      narrowed: boolean;
    };

export class Message {
  readonly text: string;
  readonly today: string;
  private cache = new Map<string, unknown>();

  constructor(
    readonly raw: string,
    readonly context: UnderstandContext,
  ) {
    this.text = normalize(raw, this.index.words);
    this.today = localDay(context.now, context.timeZone ?? "UTC");
  }

  private once<T>(key: string, compute: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, compute());
    return this.cache.get(key) as T;
  }

  get index(): CatalogIndex {
    return this.once("index", () => indexCatalog(this.context.catalog));
  }
  get dates(): DateMention[] {
    return this.once("dates", () => findDates(this.text, this.context.now, { timeZone: this.context.timeZone }));
  }
  get pastDates(): DateMention[] {
    return this.dates.filter((d) => !d.future);
  }
  get orderName() {
    return this.once("order", () => findOrderName(this.text));
  }
  get ticketId() {
    return this.once("ticket", () => findTicketId(this.text));
  }
  get alertId() {
    return this.once("alert", () => findAlertId(this.text));
  }
  get code() {
    return this.once("code", () =>
      findDiscountCode(this.text, this.raw, (token) => this.index.skuExact.has(token.toLowerCase())),
    );
  }

  /** The text without dates, order names and ids: what product and number searches read. */
  get base(): string {
    return this.once("base", () => {
      const spans: (Span | null)[] = [...this.dates, this.orderName, this.ticketId, this.alertId];
      return mask(
        this.text,
        spans.filter((s): s is Span => s !== null),
      );
    });
  }
  get skus(): SkuMention[] {
    return this.once("skus", () => findSkus(this.productText, this.index));
  }
  get products(): ProductSearch {
    return this.once("products", () =>
      findProducts(
        mask(
          this.productText,
          this.skus.filter((s) => s.how !== "unknown"),
        ),
        this.index,
      ),
    );
  }
  /** Numbers outside dates, SKUs and product words ("38" in "show jacket in 38" is a size). */
  get numbers(): NumberMention[] {
    return this.once("numbers", () => findNumbers(mask(this.base, [...this.skus, ...this.products.spans])));
  }
  /** Where products are named: not in a discount code or a limit ("cap moves at 8%"), and for "rename X to Y" only in X. */
  get productText(): string {
    return this.once("productText", () => {
      let text = this.code ? mask(this.base, [this.code]) : this.base;
      const cap =
        /\bcap(?:ped)?\s+(?:(?:the\s+)?(?:moves?|changes?|steps?|swings?|increases?|it|them|uses|usage|redemptions)\s+)?(?:at|to)\s+\d/.exec(
          text,
        );
      if (cap) text = mask(text, [{ start: cap.index, end: cap.index + 3 }]);
      const rename =
        /\b(?:rename|retitle|(?:change|update|set)\b[^.]{0,30}\b(?:title|name))\b(.*?)\s+(?:to|as)\s+\S/.exec(text) ??
        RENAME_INTO.exec(text);
      return rename ? mask(text, [{ start: rename.index + rename[0].length - 1, end: text.length }]) : text;
    });
  }

  get selection(): Selection {
    return this.once("selection", (): Selection => {
      const known = this.skus.filter((s) => s.entries.length > 0);
      if (known.length) {
        const entries = [...new Map(known.flatMap((s) => s.entries).map((e) => [e.variantId, e])).values()];
        const products = [
          ...new Map(entries.map((e) => [e.productId, { productId: e.productId, title: e.title }])).values(),
        ];
        const bySku = known.every((s) => s.how !== "prefix");
        return { kind: "found", entries, products, bySku, narrowed: bySku };
      }
      const search = this.products;
      const listed = search.matches.length === 0 || search.ambiguous ? this.listedProducts() : null;
      if (listed) return listed;
      if (search.matches.length === 0) {
        const unknown = this.skus.find((s) => s.how === "unknown");
        return unknown ? { kind: "unknown-sku", token: unknown.token.toUpperCase() } : { kind: "none" };
      }
      if (search.ambiguous) return { kind: "ambiguous", products: search.matches };
      const top = search.matches[0];
      return {
        kind: "found",
        entries: top.variants,
        products: [{ productId: top.productId, title: top.title }],
        bySku: false,
        narrowed: top.narrowed,
      };
    });
  }

  /**
   * The period asked about: the first that is not in the future, or, when sentences of context come
   * first ("we had a big order last week. show me the last 14 days"), the first in the last
   * sentence that names one.
   */
  get period(): DateMention | null {
    return this.requestDates[0] ?? null;
  }

  /** The past dates of the request's sentence: the last sentence that names any (context sentences come first). */
  get requestDates(): DateMention[] {
    return this.once("requestDates", () => {
      const past = this.pastDates;
      // "which collections did best in November? ... for that month": the request points back at a period named before.
      const requestStart = this.sentenceStart(this.text.length);
      const pointsBack = /\bthat (month|week|year|quarter|day|period|time)\b/.exec(this.text.slice(requestStart));
      if (pointsBack && past.length > 1 && !past.some((d) => d.start >= requestStart)) {
        const kind = pointsBack[1];
        const same = past.filter((d) => ["period", "time"].includes(kind) || d.granularity === kind);
        if (same.length) return [same[same.length - 1]];
      }
      if (past.length < 2) return past;
      const last = Math.max(...past.map((d) => this.sentenceStart(d.start)));
      return past.filter((d) => this.sentenceStart(d.start) === last);
    });
  }

  /** Where the sentence holding `offset` starts. */
  sentenceStart(offset: number): number {
    const before = this.text.slice(0, offset);
    const m = /.*[.?!;]\s/s.exec(before);
    return m ? m[0].length : 0;
  }

  /**
   * "hoof oil, dandy brushes and curry combs": a list of products, each part naming one clearly.
   * Null unless at least two parts do.
   */
  private listedProducts(): Selection | null {
    const text = mask(
      this.productText,
      this.skus.filter((s) => s.how !== "unknown"),
    );
    if (!LIST_SEPARATOR.test(text)) return null;
    const found = new Map<string, ProductMatch>();
    // Only the sentences that hold the list: "what should I reorder for the grooming bits?" names none.
    const sentences = text.split(/[.?!;:]/).filter((s) => LIST_SEPARATOR.test(s));
    for (const part of sentences.flatMap((s) => s.split(LIST_SEPARATOR))) {
      if (!part.trim()) continue;
      const search = findProducts(part, this.index);
      if (search.matches.length && !search.ambiguous) found.set(search.matches[0].productId, search.matches[0]);
    }
    if (found.size < 2) return null;
    const matches = [...found.values()];
    return {
      kind: "found",
      entries: matches.flatMap((m) => m.variants),
      products: matches.map((m) => ({ productId: m.productId, title: m.title })),
      bySku: false,
      narrowed: false,
    };
  }

  /**
   * Words that continue the product's name past what matched, and that no product has: "breeze"
   * in "Ocean Breeze Hoodie" when only "Ocean Blue Shirt" exists. A change is never made to a
   * product the merchant may not have meant.
   */
  get unmatchedNameWords(): { word: string; start: number; end: number }[] {
    return this.once("unmatched", () => {
      const spans = this.products.spans;
      if (spans.length === 0) return [];
      const toks = tokens(this.productText);
      const named = (i: number) => i >= 0 && i < toks.length && spans.some((s) => s.start === toks[i].start);
      const unknown = (w: string) =>
        w.length >= 3 &&
        !/\d/.test(w) &&
        !COMMON_WORDS.has(w) &&
        !KEYWORD_SET.has(w) &&
        !this.index.termProducts.has(stem(w)) &&
        !NOT_NAMES.test(w);
      const text = this.productText;
      // Next to a matched word with nothing but a space between them.
      const joined = (a: { end: number }, b: { start: number }) => /^ +$/.test(text.slice(a.end, b.start));
      // Typed as a name ("Ocean Breeze Hoodie"), or between two words of the name ("ocean breeze shirt").
      const capitalised = (w: string) => {
        const m = new RegExp(`(^|[.!?]\\s+|\\S\\s+)(${w.replace(/[^\w]/g, "")})\\b`, "i").exec(this.raw);
        return Boolean(m && m[1] && !/[.!?]\s+$/.test(m[1]) && /^[A-Z]/.test(m[2]));
      };
      // Grown outwards from the matched words: "Ocean" -> "Breeze" -> "Hoodie".
      const taken = new Set<number>();
      const near = (i: number) => named(i) || taken.has(i);
      for (let grew = true; grew;) {
        grew = false;
        toks.forEach((t, i) => {
          if (taken.has(i) || named(i) || !unknown(t.word)) return;
          const left = near(i - 1) && joined(toks[i - 1], t);
          const right = near(i + 1) && joined(t, toks[i + 1]);
          if ((left && right) || ((left || right) && capitalised(t.word))) {
            taken.add(i);
            grew = true;
          }
        });
      }
      return toks.filter((_, i) => taken.has(i));
    });
  }

  /**
   * The text the learned intent model reads: dates, order names, ids, codes, SKUs, product names,
   * numbers and e-mail addresses replaced by placeholders, so it learns "set zprod price to znum"
   * rather than one product's name.
   */
  get learnedText(): string {
    return this.once("learnedText", () => {
      const labelled: [Span | null | undefined, string][] = [
        ...this.dates.map((d): [Span, string] => [d, "zdate"]),
        [this.orderName, "zorder"],
        [this.ticketId, "zticket"],
        [this.alertId, "zalert"],
        [this.code, "zcode"],
        ...this.skus.map((s): [Span, string] => [s, "zsku"]),
        ...this.products.spans.map((s): [Span, string] => [s, "zprod"]),
        ...this.numbers.map((n): [Span, string] => [n, n.kind === "percent" ? "zpct" : "znum"]),
        ...[...this.text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)].map((m): [Span, string] => [
          { start: m.index, end: m.index + m[0].length },
          "zemail",
        ]),
      ];
      const spans = labelled.filter((l): l is [Span, string] => Boolean(l[0])).sort((a, b) => b[0].start - a[0].start);
      let out = this.text;
      let limit = Infinity;
      for (const [span, label] of spans) {
        if (span.end > limit) continue; // overlaps one already replaced
        out = `${out.slice(0, span.start)} ${label} ${out.slice(span.end)}`;
        limit = span.start;
      }
      return out.replace(/\s+/g, " ").trim();
    });
  }

  /** "top 5", "last 50", "10 products" -> the number of rows asked for. */
  get limit(): number | null {
    const m =
      /\btop\s+(\d+)\b|\b(?:first|last|latest)\s+(\d+)\b(?!\s*(?:days?|weeks?|months?|years?|quarters?|fortnights?))|\b(\d+)\s+(?:(?:price|pricing|product|bundle|campaign|customer|new|more|biggest|best|largest|top|worst|most valuable|highest[- ]spending|loyal|oldest|newest|latest|recent|open|pending)\s+)?(?:items|products|skus|variants|customers|results|entries|rows|suggestions|recommendations|ideas|options|alerts|tickets|pairs|lines|bundles)\b/.exec(
        this.base,
      );
    return m ? Number(m[1] ?? m[2] ?? m[3]) : null;
  }
}

const KEYWORD_SET = new Set(KEYWORDS);
/** Words next to a product's name that are about the change, not the name. */
const NOT_NAMES =
  /^(?:price[sd]?|pricing|stock|inventory|units?|pieces?|pcs|items?|bottles?|boxes|packs?|pairs?|sizes?|colou?rs?|variants?|skus?|copy|title|description|today|tonight|yesterday|please|pls|asap|now|quid|bucks|dollars?|euros?|pounds?|cents?|more|extra|less|cheaper|dearer|higher|lower|instead|only|each|apiece|damaged|broken|broke|received|arrived|sold|stolen|lost|missing|listing|product|products)$/;

// ---------------------------------------------------------------------------------------------
// Products in a command

/** Read-only tools take products as productIds, or SKUs when the message singles out variants. */
function readOnlySelector(msg: Message): Record<string, unknown> | Understanding | null {
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

const isUnderstanding = (v: unknown): v is Understanding => typeof v === "object" && v !== null && "kind" in v;

// ---------------------------------------------------------------------------------------------
// Builders, one per tool

function salesSummary(msg: Message): Understanding {
  const range = capRange(msg.period?.range ?? lastDays(msg, 30));
  const explicit =
    /\b(?:by|per|each|for every|for each)\s+(?:the\s+)?(day|week|month)\b|\b(day|week|month)\s+by\s+\2\b|\b(daily|weekly|monthly)\b/.exec(
      msg.text,
    );
  const word = explicit ? (explicit[1] ?? explicit[2] ?? explicit[3]) : null;
  const days = rangeDays(range);
  const by = word
    ? word.startsWith("day") || word === "daily"
      ? "day"
      : word.startsWith("week")
        ? "week"
        : "month"
    : days <= 31
      ? "day"
      : days <= 120
        ? "week"
        : "month";
  return tool("get_sales_summary", { from: range.from, to: range.to, by });
}

const YEAR_AGO =
  /\b(year over year|year on year|yoy|same (?:period|time|month|week|day|days|weekend|quarter) (?:last|a) year|this time (?:last|a) year|a year (?:ago|earlier|before)|last years?'?s?)\b/;

function compareSales(msg: Message): Understanding {
  const periods = msg.requestDates;
  const before = (r: DayRange): DayRange => {
    const len = rangeDays(r);
    const to = addDays(r.from, -1);
    return { from: addDays(to, -(len - 1)), to };
  };
  const out = (currentRange: DayRange, previousRange?: DayRange) => {
    const current = capRange(currentRange);
    const previous = previousRange && capRange(previousRange);
    return tool(
      "compare_sales_periods",
      previous
        ? { from: current.from, to: current.to, previousFrom: previous.from, previousTo: previous.to }
        : { from: current.from, to: current.to },
    );
  };
  const ytd: DayRange = { from: `${msg.today.slice(0, 4)}-01-01`, to: msg.today };
  const yearEarlier = (r: DayRange): DayRange => ({ from: addMonths(r.from, -12), to: addMonths(r.to, -12) });

  // "compared with the same month last year, how did November go?": the year-ago phrase names the earlier period.
  const sameAYearAgo = (d: DateMention) =>
    /\b(?:last|previous) years?\b|\ba year (?:ago|earlier|before)\b/.test(d.text) &&
    /\bsame\s+(?:month|week|weekend|period|time|day|days|quarter|stretch)\s+(?:of\s+|in\s+)?$/.test(
      msg.text.slice(0, d.start),
    );
  if (periods.length === 2 && sameAYearAgo(periods[0]) && !sameAYearAgo(periods[1]))
    return out(periods[1].range, periods[1].yearEarlier);
  if (periods.length >= 2) {
    const [current, second] = periods;
    let previous: DayRange;
    if (second.relative) previous = second.offset ? shiftBack(current.range, second.offset) : periodBefore(current);
    else if (
      second.lastYear ||
      (/\blast years?\b|\bprevious year\b/.test(second.text) && current.granularity !== "year")
    )
      previous = current.yearEarlier;
    else previous = second.range;
    // "this month so far vs the same days last month": the current period's days, a month (week, quarter, year) back.
    const sameDays =
      /\bsame\s+(?:days|dates|stretch|period|span|part|point|number of days)\s+(?:of\s+|in\s+)?(?:the\s+)?$/.test(
        msg.text.slice(0, second.start),
      );
    if (
      sameDays &&
      (second.granularity === "month" || second.granularity === "week" || second.granularity === "quarter")
    ) {
      const span = second.granularity === "week" ? { days: 7 } : { months: second.granularity === "quarter" ? 3 : 1 };
      previous = shiftBack(current.range, span);
    }
    // "ytd vs the same stretch of 2024": the current period's days, in the year named.
    if (
      second.granularity === "year" &&
      /\bsame\s+(?:stretch|period|time|span|window|days|dates|part|point|weeks|months)\s+(?:of|in|from|during)?\s*(?:the\s+)?$/.test(
        msg.text.slice(0, second.start),
      )
    ) {
      const years = Number(current.range.from.slice(0, 4)) - Number(second.range.from.slice(0, 4));
      if (years > 0)
        previous = { from: addMonths(current.range.from, -12 * years), to: addMonths(current.range.to, -12 * years) };
    }
    // Named in time order ("October 2024 and October 2025"): the later one is the current period.
    if (!second.relative && !second.lastYear && previous.from > current.range.to) return out(previous, current.range);
    // Periods that overlap ("this year vs the last 90 days") cannot be compared; use the one just before.
    if (!(previous.to < current.range.from || previous.from > current.range.to)) previous = before(current.range);
    return out(current.range, previous);
  }
  if (periods.length === 1) {
    const only = periods[0];
    // "vs the same day last week" alone: today against that day.
    if (only.offset) return out({ from: msg.today, to: msg.today }, only.range);
    if (YEAR_AGO.test(msg.text) || /\blast years?\b/.test(only.text)) {
      if (/\b(last|previous) years?\b/.test(only.text)) return out(ytd, yearEarlier(ytd));
      return out(only.range, only.yearEarlier);
    }
    // "vs last month" names the earlier period; the current one is the same kind of period now.
    if (
      /\b(vs\.?|versus|than|compared? (?:to|with)|against|(?:up|down) on)\s+(?:the\s+)?$/.test(
        msg.text.slice(0, only.start),
      )
    ) {
      const current = currentLike(msg, only);
      if (current) return out(current, only.range);
    }
    return out(only.range, before(only.range));
  }
  if (
    /\b(?:the|these|those|both)\s+(?:two\s+|2\s+)?(?:periods|ranges|date ranges|months|weeks|quarters)\b|\bcompare (?:them|those|these)\b/.test(
      msg.text,
    )
  ) {
    return clarify(
      'Which two periods should I compare? For example "this month vs last month" or "October vs November".',
      ["this month vs last month", "last 30 days vs the 30 before"],
    );
  }
  if (/\b(month over month|month on month|mom)\b/.test(msg.text)) {
    const current = { from: `${msg.today.slice(0, 7)}-01`, to: msg.today };
    return out(current, { from: addMonths(current.from, -1), to: addMonths(current.to, -1) });
  }
  if (/\b(week over week|wow)\b/.test(msg.text)) {
    const monday = addDays(msg.today, -((new Date(`${msg.today}T00:00:00Z`).getUTCDay() + 6) % 7));
    return out({ from: monday, to: msg.today }, { from: addDays(monday, -7), to: addDays(msg.today, -7) });
  }
  if (YEAR_AGO.test(msg.text)) return out(ytd, yearEarlier(ytd));
  const current = lastDays(msg, 30);
  return out(current, before(current));
}

/** The period of the same kind just before: the previous month, quarter or year, the weekend or week a week earlier. */
function periodBefore(current: DateMention): DayRange {
  const a = current.anchor;
  const months =
    current.granularity === "month"
      ? 1
      : current.granularity === "quarter"
        ? 3
        : current.granularity === "year"
          ? 12
          : 0;
  if (months) return { from: addMonths(a.from, -months), to: addDays(a.from, -1) };
  const len = rangeDays(current.range);
  const weekly =
    current.granularity === "week" || (len === 2 && new Date(`${current.range.from}T00:00:00Z`).getUTCDay() === 6);
  const shift = weekly ? 7 : len;
  return { from: addDays(current.range.from, -shift), to: addDays(current.range.to, -shift) };
}

function currentLike(msg: Message, previous: DateMention): DayRange | null {
  const t = msg.today;
  if (previous.granularity === "month") return { from: `${t.slice(0, 7)}-01`, to: t };
  if (previous.granularity === "year") return { from: `${t.slice(0, 4)}-01-01`, to: t };
  if (previous.granularity === "week")
    return { from: addDays(t, -((new Date(`${t}T00:00:00Z`).getUTCDay() + 6) % 7)), to: t };
  if (previous.granularity === "quarter") {
    const m = Math.floor((Number(t.slice(5, 7)) - 1) / 3) * 3 + 1;
    return { from: `${t.slice(0, 4)}-${String(m).padStart(2, "0")}-01`, to: t };
  }
  return null;
}

function stockoutRisks(msg: Message): Understanding {
  const selector = readOnlySelector(msg);
  if (isUnderstanding(selector)) return selector;
  const horizon = findHorizonDays(msg.text);
  const input: Record<string, unknown> = { ...(selector ?? {}) };
  if (horizon) input.withinDays = clamp(horizon, 1, 180);
  if (msg.limit) input.limit = clamp(msg.limit, 1, 100);
  return tool("get_stockout_risks", input);
}

function forecastDemand(msg: Message): Understanding {
  const selector = readOnlySelector(msg);
  if (isUnderstanding(selector)) return selector;
  const horizon = findHorizonDays(msg.text);
  const horizonInput = horizon ? { horizonDays: clamp(horizon, 1, 180) } : {};
  if (selector) return tool("forecast_demand", { ...selector, ...horizonInput });
  // Store-wide only when asked for: on a large catalogue it is a heavy run.
  if (/\b(all|every|everything|whole|entire|store[- ]?wide|overall|each)\b/.test(msg.text))
    return tool("forecast_demand", horizonInput);
  return clarify('Which product or SKU should I forecast demand for? Or say "all products" for the whole store.', [
    "all products",
  ]);
}

function purchaseOrder(msg: Message): Understanding {
  const selector = readOnlySelector(msg);
  if (isUnderstanding(selector)) return selector;
  const input: Record<string, unknown> = { ...(selector ?? {}) };
  const lead =
    /\blead[- ]?times?\s+(?:(?:of|is|are|about|around|roughly|approximately|approx|typically|usually|of about|~|=)\s*)*(\d+)\s*(days?|weeks?)?|\b(\d+)[- ](days?|weeks?)\s+lead[- ]?time|\b(?:suppliers?|vendors?|deliveries|delivery)\b[^.?]{0,30}?\b(?:take|takes|need|needs)\s+(?:about\s+|around\s+|roughly\s+|approximately\s+)?(\d+)\s*(days?|weeks?)/.exec(
      msg.text,
    );
  if (lead)
    input.leadTimeDays = clamp(
      Number(lead[1] ?? lead[3] ?? lead[5]) * ((lead[2] ?? lead[4] ?? lead[6] ?? "d").startsWith("w") ? 7 : 1),
      0,
      120,
    );
  const service =
    /(\d+(?:\.\d+)?)\s*%\s*service\b(?:\s+level)?|service(?:\s+level)?\s+(?:of\s+|at\s+)?(\d+(?:\.\d+)?)\s*%/.exec(
      msg.text,
    );
  if (service) input.serviceLevel = clamp(Number(service[1] ?? service[2]) / 100, 0.5, 0.999);
  const review =
    /\b(?:order|reorder|review|buy|restock)\w*\s+(?:every|once (?:a|every))\s+(\d+)?\s*(days?|weeks?|months?|fortnight)\b/.exec(
      msg.text,
    );
  if (review)
    input.reviewPeriodDays = clamp(
      (review[1] ? Number(review[1]) : 1) *
        (review[2].startsWith("w") ? 7 : review[2].startsWith("m") ? 30 : review[2] === "fortnight" ? 14 : 1),
      1,
      60,
    );
  return tool("suggest_purchase_order", input);
}

function priceSuggestions(msg: Message): Understanding {
  const input: Record<string, unknown> = {};
  const sel = msg.selection;
  if (sel.kind === "found" || sel.kind === "ambiguous") {
    const ids = new Set(sel.kind === "found" ? [] : sel.products.map((p) => p.productId));
    const entries = sel.kind === "found" ? sel.entries : msg.context.catalog.filter((e) => ids.has(e.productId));
    const skus = entries.map((e) => e.sku).filter((s): s is string => Boolean(s));
    if (skus.length) input.skus = skus.slice(0, 500);
  }
  const margin =
    /(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)\s*(?:min(?:imum)?\s+)?(?:gross\s+)?margin|margins?\s+(?:floor\s+|minimum\s+)?(?:of\s+|above\s+|at least\s+|over\s+|no lower than\s+|not below\s+)?(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)|\bmargins?\b[^.]{0,20}\b(?:above|over|at least|below|under)\s+(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)/.exec(
      msg.text,
    );
  if (margin) input.minMargin = clamp(Number(margin[1] ?? margin[2] ?? margin[3]) / 100, 0, 0.95);
  const step =
    /\b(?:don'?t|do not|never|not|nothing)\b[^.%]{0,30}\b(?:more than|over|beyond|above|by more than|past|bigger than|larger than)\s+(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)(?!\s*(?:gross\s+)?margin)|\b(?:max(?:imum)?|at most|no more than|up to|limit(?:ed)? to|within|cap(?:ped)?(?:\s+(?:the\s+)?(?:moves?|changes?|steps?|swings?|it|them))?\s+(?:at|to))\s+(?:of\s+)?(?:\+\/-\s*|±\s*)?(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)(?!\s*(?:gross\s+)?margin)|(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)\s*(?:max(?:imum)?\s+)?(?:change|move|step|swing|cap)|\bmax(?:imum)?\s+(?:price\s+)?(?:moves?|changes?|steps?|swings?)\s+(?:of\s+)?(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)/.exec(
      msg.text,
    );
  if (step) input.maxChangePct = clamp(Number(step[1] ?? step[2] ?? step[3] ?? step[4]) / 100, 0.01, 0.5);
  if (msg.limit) input.limit = clamp(msg.limit, 1, 100);
  return tool("suggest_price_changes", input);
}

const ALERT_KINDS: [RegExp, string][] = [
  [/\b(fraud\w*|(?:risky|dodgy|suspicious|sketchy|high[- ]risk|scam\w*) orders?|order risk)\b/, "risky_order"],
  [/\b(stock ?outs?|stock|inventory)\b/, "stockout_risk"],
  [/\b(revenue|sales|anomal\w*)\b/, "revenue_anomaly"],
  [/\bwebhooks?\b/, "webhook_failing"],
  [/\b(mcp|auth(?:entication)?|login)\b/, "mcp_auth_failures"],
  [/\b(change rate|too many changes)\b/, "change_rate"],
];

function listAlerts(msg: Message): Understanding {
  const t = msg.text;
  const input: Record<string, unknown> = {};
  const resolved = /\b(resolved|closed|old|past)\b/.test(t);
  const open = /\b(open|active|unresolved|current)\b/.test(t);
  // "every alert, resolved ones too", "open and resolved alerts": both kinds.
  if ((resolved && open) || (resolved && /\b(too|as well|also|including|incl|included|plus|both)\b/.test(t)))
    input.status = "all";
  else if (resolved) input.status = "resolved";
  else if (/\b(all|every|everything)\b/.test(t) && !open) input.status = "all";
  else if (/\b(open|active|unresolved|current)\b/.test(t)) input.status = "open";
  const kind = ALERT_KINDS.find(([re]) => re.test(t));
  if (kind) input.kind = kind[1];
  if (msg.limit) input.limit = clamp(msg.limit, 1, 200);
  return tool("list_alerts", input);
}

const explainAlert = (msg: Message): Understanding =>
  tool("explain_alert", msg.alertId ? { alertId: msg.alertId.id } : {});

function analytics(msg: Message): Understanding {
  const t = msg.text;
  const query = /\bsell[- ]?(?:through|thru)\b/.test(t)
    ? "sell_through"
    : /\bcohorts?\b|\bretention\b/.test(t)
      ? "cohort_retention"
      : REPEAT_BUYERS.test(t)
        ? "repeat_rate"
        : /\b(top|best|biggest)\b[^.]{0,15}\b(customers|spenders|buyers)\b|\b(?:spent|spend|spending|bought|ordered) (?:the )?most\b|\bmost valuable customers\b/.test(
              t,
            )
          ? "top_customers"
          : /\bcollections?\b/.test(t)
            ? "revenue_by_collection"
            : /\b(?:revenue|sales) by day\b|\bdaily revenue\b/.test(t)
              ? "revenue_by_day"
              : "revenue_by_product";
  const input: Record<string, unknown> = { query };
  if (msg.period) Object.assign(input, { from: msg.period.range.from, to: msg.period.range.to });
  if (msg.limit) input.limit = clamp(msg.limit, 1, 500);
  return tool("run_analytics_query", input);
}

function auditLog(msg: Message): Understanding {
  const t = msg.text;
  const input: Record<string, unknown> = {};
  if (/\b(denied|rejected|refused|blocked)\b/.test(t)) input.outcome = "denied";
  else if (/\b(failed|failures?|errors?|errored)\b/.test(t)) input.outcome = "error";
  else if (/\b(successful|succeeded|ok)\b/.test(t)) input.outcome = "ok";
  const agent = msg.context.agents.find((a) => pattern(`\\b${a.replace(/-/g, "[- ]?")}\\b`).test(t));
  const kind =
    /\bby (?:the )?(mcp|aira|me|merchant|system|shopify|schedule(?:d)?)\b/.exec(t)?.[1] ??
    /\b(mcp|aira)\b/.exec(t)?.[1];
  if (agent) input.actor = `schedule:${agent}`;
  else if (kind) input.actor = kind === "me" ? "merchant" : kind.startsWith("schedule") ? "schedule" : kind;
  const action = /\b([a-z]+(?:_[a-z0-9]+)+)\b/.exec(t);
  if (action) input.action = action[1];
  if (msg.limit) input.limit = clamp(msg.limit, 1, 500);
  return tool("list_audit_log", input);
}

function pendingActions(msg: Message): Understanding {
  const t = msg.text;
  const status =
    /\b(?:errored|error(?:ed)? out|went wrong|fail(?:ed|s)?|didn'?t (?:seem to )?(?:apply|go through|stick))\b/.test(t)
      ? "failed"
      : /\b(?:rolled back|roll(?:ed)? ?backs?|reversed)\b/.test(t)
        ? "reverted"
        : /\bapplied\b|\bapproved (?:actions?|changes?|proposals?)\b|\b(?:i|we|you|i've|we've|already|were|was|been|got)\s+(?:have\s+|had\s+)?approved\b/.test(
              t,
            )
          ? "applied"
          : /\b(reverted|undone|undid)\b/.test(t)
            ? "reverted"
            : /\b(denied|rejected|declined|turned down)\b/.test(t)
              ? "denied"
              : /\b(pending|waiting|awaiting|approvals?|approve|sign[- ]?off)\b/.test(t)
                ? "pending"
                : undefined;
  return tool("list_pending_actions", {
    ...(status ? { status } : {}),
    ...(msg.limit ? { limit: clamp(msg.limit, 1, 100) } : {}),
  });
}

/** Which applied changes to judge: price, stock or discount ones when the message names one. */
function changeOutcomes(msg: Message): Understanding {
  const t = msg.text;
  const kind = /\b(?:prices?|pricing)\b/.test(t)
    ? "price.update"
    : /\b(?:stock|inventory|on hand|corrections?)\b/.test(t)
      ? "inventory.set"
      : /\b(?:discounts?|codes?)\b/.test(t)
        ? "discount.create"
        : undefined;
  return tool("get_change_outcomes", {
    ...(kind ? { kind } : {}),
    ...(msg.limit ? { limit: clamp(msg.limit, 1, 20) } : {}),
  });
}

const orderRisk = (msg: Message): Understanding =>
  msg.orderName
    ? tool("score_order_risk", { orderName: msg.orderName.name })
    : RISKY_ORDERS.test(msg.text)
      ? riskyOrders.build(msg)
      : clarify(ORDER_QUESTION);

/** "suspicious orders", "anything I should hold?": no order named, so the list of risky ones. */

/** When an agent last ran and what it found: asking about an agent never starts it. */
/** "what did the agents flag", "open findings about the hoodie". */
function agentFindings(msg: Message): Understanding {
  const sel = msg.selection;
  return tool("get_agent_findings", sel.kind === "found" ? { search: sel.products[0].title.slice(0, 200) } : {});
}

function agentStatus(msg: Message): Understanding {
  const named = findAgent(msg.text, msg.context.agents).agent;
  const agent = named ?? (/\bsync/.test(msg.text) && msg.context.agents.includes("store-sync") ? "store-sync" : null);
  return tool("get_agent_status", agent ? { agent } : {});
}

const orderRouting = (msg: Message): Understanding =>
  msg.orderName ? tool("suggest_order_routing", { orderName: msg.orderName.name }) : clarify(ORDER_QUESTION);

function overview(msg: Message): Understanding {
  const days = daysOf(msg.period);
  return tool("get_shop_overview", days ? { days: clamp(days, 1, 730) } : {});
}

const simple = (name: string) => (): Understanding => tool(name, {});

const BUILDERS: Record<string, (msg: Message) => Understanding> = {
  get_sales_summary: salesSummary,
  compare_sales_periods: compareSales,
  get_stockout_risks: stockoutRisks,
  forecast_demand: forecastDemand,
  suggest_purchase_order: purchaseOrder,
  propose_inventory_adjustment: inventoryAdjustment.build,
  suggest_price_changes: priceSuggestions,
  propose_price_change: priceChange.build,
  propose_discount_code: discountCode.build,
  run_agent: agentRun.build,
  list_support_tickets: ticketList.build,
  draft_support_reply: replyDraft.build,
  update_support_ticket: ticketUpdate.build,
  create_support_ticket: newTicket.build,
  get_support_metrics: supportMetrics.build,
  list_alerts: listAlerts,
  explain_alert: explainAlert,
  decide_alert: alertDecision.build,
  find_trending_products: trending.build,
  find_product_bundles: bundles.build,
  find_dead_stock: deadStock.build,
  find_category_gaps: categoryGaps.build,
  get_customer_segments: segments.build,
  get_customer_lifetime_value: lifetimeValue.build,
  propose_campaigns: campaigns.build,
  get_campaign_results: campaignResults.build,
  forecast_revenue: revenueForecast.build,
  get_cash_flow: cashFlow.build,
  run_analytics_query: analytics,
  get_security_scan: simple("get_security_scan"),
  get_compliance_status: simple("get_compliance_status"),
  list_audit_log: auditLog,
  list_pending_actions: pendingActions,
  get_change_outcomes: changeOutcomes,
  score_order_risk: orderRisk,
  propose_fulfillment_hold: fulfillmentHold.build,
  suggest_order_routing: orderRouting,
  get_shop_overview: overview,
  detect_revenue_anomalies: anomalies.build,
  draft_product_copy: copyDraft.build,
  propose_product_copy: copyChange.build,
  search_products: productSearch.build,
  get_product: productDetails.build,
  search_orders: orderSearch.build,
  get_order: orderDetails.build,
  search_customers: customerSearch.build,
  list_risky_orders: riskyOrders.build,
  get_agent_status: agentStatus,
  get_agent_findings: agentFindings,
};

// ---------------------------------------------------------------------------------------------
// Entry point

function signalsOf(msg: Message): Signals {
  const sel = msg.selection;
  return {
    pastDate: msg.pastDates.length > 0,
    futureDate: msg.dates.some((d) => d.future),
    dateCount: msg.pastDates.length,
    product: sel.kind !== "none",
    amount: msg.numbers.some((n) => n.kind !== "percent"),
    percent: msg.numbers.some((n) => n.kind === "percent"),
    orderName: Boolean(msg.orderName),
    ticketId: Boolean(msg.ticketId),
    alertId: Boolean(msg.alertId),
    // A code with digits, next to the word "code", or typed in capitals ("discount WELCOMEBACK 15% off").
    code: Boolean(
      msg.code && (/\d/.test(msg.code.code) || /\bcode\b/.test(msg.text) || msg.raw.includes(msg.code.code)),
    ),
    // A one-word agent name ("support") is also an ordinary word: it names the agent only next to "agent" or "run".
    agentNamed:
      runsAgentByAlias(msg.text, msg.context.agents) ||
      msg.context.agents.some(
        (a) =>
          pattern(`\\b${a.replace(/-/g, "[- ]")}\\b`).test(msg.text) &&
          (a.includes("-") ||
            /\b(?:agents?|bots?)\b|^(?:please |pls )?(?:run|start|launch|trigger|kick off|execute|fire up|spin up|boot up)\b/.test(
              msg.text,
            )),
      ),
  };
}

/** Tools that change the store or start work: a question never calls them. */
const ACTS = new Set([
  "propose_price_change",
  "propose_inventory_adjustment",
  "propose_discount_code",
  "propose_fulfillment_hold",
  "propose_product_copy",
  "run_agent",
]);
const CONFIRMATION =
  /^(?:yes|yeah|yep|yup|sure|ok(?:ay)?|please do|do it|go ahead|go for it|propose it|yes please|please)\b[\s.!]*(?:please|thanks|thank you)?[\s.!]*$/;
const POLITE_REQUEST =
  /(?:^|[,;:]\s*|\b(?:so|and|but|then|just)\s+)(?:(?:hey|hi|hello|ok|okay|so|and|right|aira|please)[\s,]+)*(?:can|could|would|will|wo?n'?t|cud)\s+(?:you|u|ya)\b|^(?:why don'?t|why not|how about|let'?s|shall we|i'?d like|i want|i need|we need)\b|\bplease\b/;
const QUESTION =
  /^(?:(?:hey|hi|hello|ok|okay|so|and|right|aira|quick question)[\s,:]+)*(?:what|what's|whats|which|how|when|why|should|any|(?:do|does|did|is|are|was|were|would|could|has|have)\s+(?:i|we|you|it|they|the|this|that|these|those|my|our|there|he|she|[a-z]+ (?:agent|sync)))\b/;

/**
 * Whether the request is a question (advice, a fact) rather than a command: "what price should I
 * charge for X?", "should we put X on sale?", "when did the forecast last run?". "Can you ...?" and
 * "please ..." are polite commands; "yes" after AIRA's "shall I propose it?" confirms.
 */
function asksQuestion(msg: Message): boolean {
  const last = msg.text.slice(msg.sentenceStart(msg.text.length)).trim();
  if (CONFIRMATION.test(last)) return false;
  if (POLITE_REQUEST.test(last)) return false;
  return (
    QUESTION.test(last) ||
    (/\?\s*$/.test(msg.raw) &&
      !/^(?:set|change|make|put|raise|lower|drop|cut|add|create|hold|run|start|update|rename)\b/.test(last))
  );
}

/** A question about a change: the reading that answers it, or "shall I propose it?". */
function answerInstead(tool: string, msg: Message): Understanding {
  if (tool === "run_agent") return agentStatus(msg);
  const amounts = msg.numbers.length > 0;
  // "any prices we should be changing?": with no new amount, the question is what to change: the suggestions.
  if (tool === "propose_price_change" && !amounts) return priceSuggestions(msg);
  if (tool === "propose_inventory_adjustment" && !amounts && msg.selection.kind !== "none") return stockoutRisks(msg);
  return clarify("That reads as a question, so I haven't proposed any change. Shall I propose it for your approval?", [
    "yes, propose it",
  ]);
}

const GENERIC_OPTIONS = ["sales last 30 days", "what's running low?", "suggest price changes", "pending approvals"];
const GENERIC_QUESTION = "I'm not sure what you'd like me to do. For example:";

// ---------------------------------------------------------------------------------------------
// The learned intent model (learned.ts), trained once per process from the evaluation commands

/** The text the learned model reads for a message: its entities masked (Message.learnedText). */
export function learnedTextOf(raw: string, context: UnderstandContext): string {
  return new Message(raw, context).learnedText;
}

let trained: IntentModel | undefined;
/**
 * The model trained from the evaluation commands (learned-examples.json, written from commands.json
 * by `npm run aira:examples`), built on first use and kept.
 */
export function defaultIntentModel(): IntentModel {
  return (trained ??= trainIntents(learnedExamplesJson.examples.map(([label, text]) => ({ label, text }))));
}

/** A guess is used only when the model is this sure, and sees this many known words. */
const LEARNED_MIN_PROBABILITY = 0.9;
const LEARNED_MIN_WORDS = 2;
const LEARNED_MIN_SUPPORTING_WORDS = 1;
const LEARNED_REFUSAL =
  "That isn't something I can do for your store. I work on its sales, stock, prices, products, customers, orders and support; anything that changes the store waits for your approval.";

/** "do the same as last", "like before": a message that leans on an earlier turn the offline model does not keep. */
const REFERS_BACK = /\b(?:the same|same as|same again|like (?:before|last time)|do (?:that|it) again)\b/;

/** What the learned model makes of a message the rules found no intent in; null: no confident guess. */
function learnedReading(msg: Message): Understanding | null {
  if (REFERS_BACK.test(msg.text)) return null;
  const model = msg.context.intentModel === undefined ? defaultIntentModel() : msg.context.intentModel;
  if (!model) return null;
  const guess = predictIntent(model, msg.learnedText);
  if (
    guess.knownFeatures < LEARNED_MIN_WORDS ||
    guess.supportingWords < LEARNED_MIN_SUPPORTING_WORDS ||
    guess.probability < LEARNED_MIN_PROBABILITY
  )
    return null;
  if (guess.label === "help") return { kind: "help", text: HELP_TEXT };
  if (guess.label === "refuse") return refuse(LEARNED_REFUSAL);
  const build = BUILDERS[guess.label];
  if (!build) return null;
  // A store change or an agent run is never proposed from a guess: only the rules' own words for it
  // ("set", "raise", "received", "run") lead there ("the paddock boots size 9, 12" is not a stock count).
  if (ACTS.has(guess.label)) return null;
  return build(msg);
}

function understandOnce(raw: string, context: UnderstandContext): Understanding {
  const msg = new Message(raw, context);
  if (!msg.text) return { kind: "help", text: HELP_TEXT };
  const refusal = refusalReason(msg.text);
  if (refusal) return refuse(refusal);
  if (wantsHelp(msg.text)) return { kind: "help", text: HELP_TEXT };

  const scores = scoreIntents(withoutDismissed(msg.text), signalsOf(msg));
  const [best, second] = scores;
  const offTopic = offTopicReason(msg.text);
  if (offTopic && (!best || best.score < 3)) return refuse(offTopic);
  if (!best || best.score < 2) {
    const learned = learnedReading(msg);
    if (learned) return learned;
    const sel = msg.selection;
    if (sel.kind === "found" && !sel.bySku && msg.unmatchedNameWords.length)
      return clarify(`I can't find a product called "${typedName(msg)}". Which product do you mean?`, [
        ...msg.products.matches.slice(0, 6).map((m) => m.title),
      ]);
    if (sel.kind === "found" || sel.kind === "ambiguous") {
      const title = sel.kind === "found" ? sel.products[0].title : "those products";
      return clarify(`What would you like to do with ${title}?`, [
        "check stockout risk",
        "forecast demand",
        "suggest prices",
        "change the price",
      ]);
    }
    return clarify(GENERIC_QUESTION, GENERIC_OPTIONS);
  }
  if (second && best.score - second.score < 1) {
    const pair = CONFUSABLE.find(
      ([a, b]) => (a === best.tool && b === second.tool) || (a === second.tool && b === best.tool),
    );
    if (pair) return clarify(pair[2], ["revenue", "demand for a product"]);
  }
  if (ACTS.has(best.tool) && asksQuestion(msg)) return answerInstead(best.tool, msg);
  return BUILDERS[best.tool](msg);
}

const ORDINALS: Record<string, number> = {
  first: 1,
  "1st": 1,
  second: 2,
  "2nd": 2,
  third: 3,
  "3rd": 3,
  fourth: 4,
  "4th": 4,
  fifth: 5,
  "5th": 5,
  sixth: 6,
  "6th": 6,
};
const ORDINAL_ANSWER =
  /\s+(?:the\s+)?(?:(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th|last)(?:\s+(?:one|option|choice))?|(?:option|number|choice|no\.?)\s*([1-9]))[\s.!]*$/i;

/**
 * Understands one merchant message. `context.now` fixes "today" (UTC days); `catalog` is matched
 * for products and SKUs (pass the same array between calls to reuse its index); `agents` are the
 * agents the merchant may run.
 */
export function understand(text: string, context: UnderstandContext): Understanding {
  // An answer picking an option of the previous question by position: "... the second one".
  const ordinal = ORDINAL_ANSWER.exec(text);
  // A bare "last" or "first" ending a sentence is usually a word of the command ("how long will the
  // hoof oil last"): when the whole message already makes a tool call, it is not an answer.
  const bare = Boolean(ordinal && ordinal[1] && !/^\s+(?:the\s+)|\s(?:one|option|choice)[\s.!]*$/i.test(ordinal[0]));
  if (bare) {
    const whole = understandOnce(text, context);
    if (whole.kind === "tool") return whole;
  }
  if (ordinal) {
    const previous = text.slice(0, ordinal.index);
    const asked = previous.trim() ? understandOnce(previous, context) : null;
    // A bare "last" does not pick one of the generic examples ("compare this month to last").
    if (asked?.kind === "clarify" && asked.options?.length && !(bare && asked.question === GENERIC_QUESTION)) {
      const word = ordinal[1]?.toLowerCase();
      const n = word === "last" ? asked.options.length : word ? ORDINALS[word] : Number(ordinal[2]);
      if (n >= 1 && n <= asked.options.length) return understandOnce(`${previous} ${asked.options[n - 1]}`, context);
    }
  }
  return understandOnce(text, context);
}
