// AIRA's offline language understanding: a merchant's message -> one tool call (with an input
// that passes the tool's schema), a clarifying question, a refusal, or help. Deterministic, no
// network, no model; a command takes well under a millisecond against a 5,000-variant catalogue.
//
// A follow-up answer to a clarifying question arrives appended to the question's message
// ("set the price of the hoodie to 40" + " the grey one"), so every question is asked in a way that
// the answer completes the original command; ordinal answers ("the second one") pick an option.
import { findDates, type DateMention } from "./dates";
import {
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
import { predictIntent, trainIntents, type IntentModel, type Prediction } from "./learned";
import { ACTS, arbitrate } from "./arbiter";
import { isTagQuestion, saysNoChange, YES_NO_QUESTION } from "./cues";
import learnedExamplesJson from "./learned-examples.json";
import { CONFUSABLE, scoreIntents, withoutDismissed, type Signals } from "./intents";
import { offTopicReason, refusalReason } from "./safety";
import { COMMON_WORDS, KEYWORDS, mask, normalize, stem, tokens } from "./text";
import type { CatalogEntry, UnderstandContext, Understanding } from "./types";
import { riskyOrders } from "./tools/risky-orders";
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
import { agentFindings } from "./tools/agent-findings";
import { agentStatus } from "./tools/agent-status";
import { changeOutcomes } from "./tools/change-outcomes";
import { pendingActions } from "./tools/pending-actions";
import { orderRisk } from "./tools/order-risk";
import { orderRouting } from "./tools/order-routing";
import { analyticsQuery } from "./tools/analytics-query";
import { securityScan } from "./tools/security-scan";
import { complianceStatus } from "./tools/compliance-status";
import { auditLog } from "./tools/audit-log";
import { alertList } from "./tools/alerts";
import { alertExplanation } from "./tools/explain-alert";
import { salesSummary } from "./tools/sales-summary";
import { compareSales } from "./tools/compare-sales-periods";
import { shopOverview } from "./tools/shop-overview";
import { demandForecast } from "./tools/demand-forecast";
import { stockoutRisks } from "./tools/stockout-risks";
import { purchaseOrder } from "./tools/purchase-order";
import { priceSuggestions } from "./tools/price-suggestions";
import { clarify, pattern, RENAME_INTO, refuse, typedName } from "./kit";
import { localDay } from "../../core/time";

export type { CatalogEntry, UnderstandContext, Understanding } from "./types";

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
      // A bare "cap to 24.99" with nothing a limit applies to (a code, a percentage, uses) names the cap, the product.
      const bare = cap && /^cap\s+(?:at|to)\s/.test(cap[0]);
      const limitTalk =
        /\b(?:codes?|coupons?|discounts?|uses|usage|redemptions?|percent|per cent|moves?|changes?|steps?|swings?)\b|%/.test(
          text,
        );
      if (cap && (!bare || limitTalk)) text = mask(text, [{ start: cap.index, end: cap.index + 3 }]);
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
      // "... for Q3? I need it for the partners' meeting on Friday": when the figures are wanted is not what they cover.
      // Only when the request names a period of its own: "I need it for November" alone may be the period.
      const kept = this.pastDates.filter((d) => !this.isDeadline(d));
      const past = kept.length ? kept : this.pastDates;
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

  /**
   * Whether a date only says when the answer is needed or what it is for ("I need it for the meeting
   * on Friday", "it's for the board on Monday", "our accountant comes in Tuesday"): a sentence of
   * purpose, or the time of an event that no word of the request leads to ("sales for the show on
   * Saturday" and "since the meeting on Monday" still ask about those days).
   */
  isDeadline(d: DateMention): boolean {
    const start = this.sentenceStart(d.start);
    const sentence = this.text.slice(start, d.start);
    if (PURPOSE_SENTENCE.test(sentence)) return true;
    const event = EVENT_TIME.exec(sentence);
    return Boolean(
      event &&
      !/\b(?:for|since|after|before|from|until|till|during|around|over|of|on|at|in)\s*$/.test(
        sentence.slice(0, event.index),
      ),
    );
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
        // A record id no noun names ("wats cm9... about"): an id, not a SKU.
        ...[...this.text.matchAll(/(?:^|[\s#:(])(c[a-z0-9]{9,40})\b/g)]
          .filter((m) => (m[1].match(/\d/g)?.length ?? 0) >= 3)
          .map((m): [Span, string] => [
            { start: m.index + m[0].length - m[1].length, end: m.index + m[0].length },
            "zid",
          ]),
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

/** A sentence saying what the answer is needed for or by: "I need it for ...", "it's for ...", "we'll need them by ...". */
const PURPOSE_SENTENCE =
  /^(?:(?:and|but|so|as|because|cos|since)\s+)?(?:i|we)(?:'ll| will| do| really| just)?\s+(?:need|want|have to (?:send|show|present)|must (?:send|show|present))\s+(?:it|this|that|them|these|those)\s+(?:for|by|before|ahead of|in time for)\b[^.?!]*$|^(?:(?:and|but|so)\s+)?(?:it'?s|this is|that'?s|they'?re)\s+for\s+(?:the|a|an|our|my)\b[^.?!]*$/;
/** "the partners' meeting on Friday", "our accountant's visit next Tuesday": an event's time, at the end of the text before the date. */
const EVENT_TIME =
  /\b(?:the|our|my|a|an|this|that|his|her|their)\s+(?:[\w']+\s+){0,2}(?:meeting|call|appointment|catch-?up|deadline|visit|trip|interview|presentation|board|conference|webinar)\s+(?:is\s+|was\s+)?(?:on|at|due)?\s*$/;

const KEYWORD_SET = new Set(KEYWORDS);
/** Words next to a product's name that are about the change, not the name. */
const NOT_NAMES =
  /^(?:price[sd]?|pricing|stock|inventory|units?|pieces?|pcs|items?|bottles?|boxes|packs?|pairs?|sizes?|colou?rs?|variants?|skus?|copy|title|description|today|tonight|yesterday|please|pls|asap|now|quid|bucks|dollars?|euros?|pounds?|cents?|more|extra|less|cheaper|dearer|higher|lower|instead|only|each|apiece|damaged|broken|broke|received|arrived|sold|stolen|lost|missing|listing|product|products)$/;

// ---------------------------------------------------------------------------------------------
// Builders, one per tool

const BUILDERS: Record<string, (msg: Message) => Understanding> = {
  get_sales_summary: salesSummary.build,
  compare_sales_periods: compareSales.build,
  get_stockout_risks: stockoutRisks.build,
  forecast_demand: demandForecast.build,
  suggest_purchase_order: purchaseOrder.build,
  propose_inventory_adjustment: inventoryAdjustment.build,
  suggest_price_changes: priceSuggestions.build,
  propose_price_change: priceChange.build,
  propose_discount_code: discountCode.build,
  run_agent: agentRun.build,
  list_support_tickets: ticketList.build,
  draft_support_reply: replyDraft.build,
  update_support_ticket: ticketUpdate.build,
  create_support_ticket: newTicket.build,
  get_support_metrics: supportMetrics.build,
  list_alerts: alertList.build,
  explain_alert: alertExplanation.build,
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
  run_analytics_query: analyticsQuery.build,
  get_security_scan: securityScan.build,
  get_compliance_status: complianceStatus.build,
  list_audit_log: auditLog.build,
  list_pending_actions: pendingActions.build,
  get_change_outcomes: changeOutcomes.build,
  score_order_risk: orderRisk.build,
  propose_fulfillment_hold: fulfillmentHold.build,
  suggest_order_routing: orderRouting.build,
  get_shop_overview: shopOverview.build,
  detect_revenue_anomalies: anomalies.build,
  draft_product_copy: copyDraft.build,
  propose_product_copy: copyChange.build,
  search_products: productSearch.build,
  get_product: productDetails.build,
  search_orders: orderSearch.build,
  get_order: orderDetails.build,
  search_customers: customerSearch.build,
  list_risky_orders: riskyOrders.build,
  get_agent_status: agentStatus.build,
  get_agent_findings: agentFindings.build,
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
/** "did it bring in any money?", "how did that code do?": asks after something done, not for it. */
const ASKS_HOW_IT_DID =
  /\b(?:did|has|have|was|were|how (?:did|has|much|many|well))\s+(?:it|that|this|the code|they|those|these)\b/;

function asksQuestion(msg: Message): boolean {
  // "Don't change anything, what would you charge ...": said not to change, whatever the grammar.
  if (saysNoChange(msg.text)) return true;
  let last = msg.text.slice(msg.sentenceStart(msg.text.length)).trim();
  // "... for 10% off from the 1st. Would that be all right?": the consent asked is for the request before.
  const end = msg.text.length - last.length;
  if (isTagQuestion(last) && end > 0) last = msg.text.slice(msg.sentenceStart(end - 1), end).trim();
  if (CONFIRMATION.test(last)) return false;
  if (POLITE_REQUEST.test(last)) return false;
  return (
    QUESTION.test(last) ||
    YES_NO_QUESTION.test(last) ||
    (/\?\s*$/.test(msg.raw) &&
      !/^(?:set|change|make|put|raise|lower|drop|cut|add|create|hold|run|start|update|rename)\b/.test(last))
  );
}

/** A question about a change: the reading that answers it, or "shall I propose it?". */
function answerInstead(tool: string, msg: Message): Understanding {
  if (tool === "run_agent") return agentStatus.build(msg);
  const amounts = msg.numbers.length > 0;
  // "any prices we should be changing?": with no new amount, the question is what to change: the suggestions.
  // "would lowering it to 49 be sensible? I'm only asking": advice was asked for, not the change.
  if (tool === "propose_price_change" && (!amounts || saysNoChange(msg.text))) return priceSuggestions.build(msg);
  // "NEWYEAR20 last year, did it bring in any money?": a question naming a code asks how it did.
  if (tool === "propose_discount_code" && msg.code && ASKS_HOW_IT_DID.test(msg.text)) return campaignResults.build(msg);
  if (tool === "propose_inventory_adjustment" && !amounts && msg.selection.kind !== "none")
    return stockoutRisks.build(msg);
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

const LEARNED_REFUSAL =
  "That isn't something I can do for your store. I work on its sales, stock, prices, products, customers, orders and support; anything that changes the store waits for your approval.";

/** "do the same as last", "like before": a message that leans on an earlier turn the offline model does not keep. */
const REFERS_BACK = /\b(?:the same|same as|same again|like (?:before|last time)|do (?:that|it) again)\b/;

/** The learned model's reading of a message (null: no model, or the message leans on an earlier turn). */
function learnedGuess(msg: Message): Prediction | null {
  if (REFERS_BACK.test(msg.text)) return null;
  const model = msg.context.intentModel === undefined ? defaultIntentModel() : msg.context.intentModel;
  return model ? predictIntent(model, msg.learnedText) : null;
}

/** What a label the arbiter chose makes of the message. */
function learnedReading(label: string, msg: Message): Understanding | null {
  if (label === "help") return { kind: "help", text: HELP_TEXT };
  if (label === "refuse") return refuse(LEARNED_REFUSAL);
  const build = BUILDERS[label];
  if (!build) return null;
  if (ACTS.has(label) && asksQuestion(msg)) return answerInstead(label, msg);
  const built = build(msg);
  // From a guess, stock moves only by units the merchant says arrived or went (a delta with its
  // reason word), never to a new total: "Two of the hoof picks snapped. Write them off" once became
  // "on hand 42 -> 2" when the removal words were unknown (blind batch l). A new total needs the rules'
  // own words ("count", "should be", "set").
  if (built.kind === "tool" && built.tool === "propose_inventory_adjustment" && !("adjustBy" in built.input))
    return null;
  return built;
}

/**
 * The one gate every reading passes: a question, a what-if or "I'm not changing anything" never
 * becomes a store change, whichever path (rules, learned model, a builder) produced it. Before this
 * gate each path checked for itself. The rules' and the learned model's paths still answer a question
 * before a builder runs (so a question gets an answer, not a builder's "which variant?"); this gate is
 * the guarantee that no path, present or future, turns a question into a proposal.
 */
function neverChangeOnAQuestion(read: Understanding, msg: Message): Understanding {
  if (read.kind !== "tool" || !ACTS.has(read.tool) || !asksQuestion(msg)) return read;
  return answerInstead(read.tool, msg);
}

function understandOnce(raw: string, context: UnderstandContext): Understanding {
  const msg = new Message(raw, context);
  return neverChangeOnAQuestion(readMessage(msg), msg);
}

function readMessage(msg: Message): Understanding {
  if (!msg.text) return { kind: "help", text: HELP_TEXT };
  const refusal = refusalReason(msg.text);
  if (refusal) return refuse(refusal);
  if (wantsHelp(msg.text)) return { kind: "help", text: HELP_TEXT };

  const scores = scoreIntents(withoutDismissed(msg.text), signalsOf(msg));
  const [best, second] = scores;
  const offTopic = offTopicReason(msg.text);
  if (offTopic && (!best || best.score < 3)) return refuse(offTopic);
  // Where the rules are silent, tied or weak, the learned model decides (arbiter.ts).
  const decided = arbitrate({
    scores,
    guess: () => learnedGuess(msg),
    question: asksQuestion(msg),
  });
  const learned = decided ? learnedReading(decided, msg) : null;
  if (learned) return learned;
  if (!best || best.score < 2) {
    const sel = msg.selection;
    if (sel.kind === "found" && !sel.bySku && msg.unmatchedNameWords.length)
      return clarify(`I can't find a product called "${typedName(msg)}". Which product do you mean?`, [
        ...msg.products.matches.slice(0, 6).map((m) => m.title),
      ]);
    // "boots 99": which boots comes first; what to do with them is asked once the product is known.
    if (sel.kind === "ambiguous")
      return clarify(
        "Which product do you mean?",
        sel.products.slice(0, 6).map((p) => p.title),
      );
    if (sel.kind === "found") {
      const title = sel.products[0].title;
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
