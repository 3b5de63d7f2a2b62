// get_stockout_risks: what will run out (or has) at the current rate of sales, and when.
import type { getStockoutRisks } from "../../../inventory/tools";
import { findHorizonDays } from "../dates";
import { formatDay, formatNumber, num, plural, quote, type Input, type Out, more } from "../format";
import { always, clamp, tool, r, readOnlySelector, isUnderstanding, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const stockoutRisks: ToolModule = {
  name: "get_stockout_risks",
  rules: [
    r(
      "get_stockout_risks",
      4,
      /\bstock(?:ing|s)? ?-?out\b|\b(low (?:on |in )?stock|stock (?:is |running )?low|(?:we|we're|are|i'm|am i|getting|get|go(?:ing)?)\s+(?:\w+\s+)?low on|low inventory|running low|run(?:s|ning)? (?:low|out)|sell(?:s|ing)? out|sold out|stock ?-?outs?|out of stock|about to (?:go|run) out|go(?:ing)? out of stock)\b/,
    ),
    r("get_stockout_risks", 5, /\bneeds? (?:restocking|restock|replenishing|replenishment|topping up)\b/),
    // "are we low?", "nearly gone", "what'll be gone in 5 weeks if we don't reorder".
    r(
      "get_stockout_risks",
      5,
      /\b(?:are|is|am|getting|running)\s+(?:we|it|they|i|those|these|stocks?)\s+(?:\w+\s+)?low\b|\b(?:nearly|almost|all but|practically|about)\s+(?:gone|out|sold through)\b|\b(?:will|'ll|going to|gonna)\s+be\s+(?:gone|out)\b|\bgone in\s+\d/,
    ),
    r(
      "get_stockout_risks",
      3,
      /\b(?:if|unless)\s+(?:we|i)\s+(?:don'?t|do not|never)\s+(?:re-?order|restock|buy|replenish|top up)\b/,
    ),
    r(
      "get_stockout_risks",
      5,
      /\bhow long (?:will|until|till|before|does|do|would|can|is)\b[^.]{0,40}\b(?:last|run(?:s)? out|sell(?:s)? out|hold out)\b/,
    ),
    r("get_stockout_risks", 2, /\b(inventory|stock) levels?\b/),
    // "is something finishing soon?": second-language English for running out (not an agent run finishing).
    r(
      "get_stockout_risks",
      4,
      [
        /\b(?:finish(?:ing|es)?|going to finish|run(?:ning)? dry|empty soon)\b/,
        /^(?!.*\b(?:agents?|runs?|reports?|sync|jobs?|scans?|forecasts?|campaigns?|codes?|sales?)\b)/,
      ],
      (s) => !s.orderName && !s.ticketId,
    ),
    r(
      "get_stockout_risks",
      4,
      /\b(?:last|hold out|have enough|enough (?:stock|inventory))\b[^.]{0,30}\b(?:until|till|through|for)\b/,
    ),
    r(
      "get_stockout_risks",
      4,
      /\b(?:less than|under|fewer than)\s+(?:an?|\d+)\s+(?:days?|weeks?)\s+of\s+(?:stock|inventory|cover)\b|\bdays? of (?:stock|cover|inventory)\b|\b(?:stock|inventory) left\b|\bclose to selling out\b/,
    ),
    r("get_stockout_risks", 1, /\b(inventory|stock)\b/),
    // "have we got any X left", "is the Y in L available": whether there is stock.
    r(
      "get_stockout_risks",
      4,
      /\b(?:have|do|got)\b[^.]{0,12}\b(?:any|enough|some)\b[^.]{0,40}\b(?:left|remaining|in stock|available)\b/,
    ),
    r(
      "get_stockout_risks",
      3,
      [/^(?:is|are|do|does|have|has|any)\b/, /\b(?:in stock|available|left|remaining)\s*\??$/],
      (s) => s.product,
    ),
    // "how many X have we got left", "how much of the Y do we have": a question about stock on hand.
    r(
      "get_stockout_risks",
      4,
      /\bhow (?:many|much)\b(?![^.]{0,40}\b(?:customers?|orders?|buyers?|people|tickets?|alerts?|visitors?|subscribers?|codes?)\b)[^.]{0,60}\b(?:left|remaining|in stock|on hand|in the warehouse)\b/,
    ),
    r(
      "get_stockout_risks",
      4,
      /\bhow (?:many|much)\b(?![^.]{0,40}\b(?:customers?|orders?|buyers?|people|tickets?|alerts?|visitors?|subscribers?|codes?)\b)[^.]{0,60}\b(?:(?:have|do) (?:we|i) (?:got|have|hold|carry)|(?:we|i)'?ve got)\b/,
      (s) => s.product && !s.pastDate && !s.futureDate,
    ),
    r("get_stockout_risks", 1, always, (s) => s.product),
  ],
  build(msg: Message): Understanding {
    const selector = readOnlySelector(msg);
    if (isUnderstanding(selector)) return selector;
    const horizon = findHorizonDays(msg.text);
    const input: Record<string, unknown> = { ...(selector ?? {}) };
    if (horizon) input.withinDays = clamp(horizon, 1, 180);
    if (msg.limit) input.limit = clamp(msg.limit, 1, 100);
    return tool("get_stockout_risks", input);
  },
  write(d: Out<typeof getStockoutRisks>, input: Input): string[] {
    const within = num(input, "withinDays", 30);
    const skipped = d.skipped ? ` (${plural(d.skipped, "variant")} had too little sales history to check)` : "";
    if (d.risks.length === 0)
      return [`No products are at risk of stocking out in the next ${plural(within, "day")}${skipped}.`];
    // A count that is a count (the page holds at most `limit`), and those already out said apart.
    const total = typeof d.total === "number" ? d.total : d.risks.length;
    const out = typeof d.outOfStock === "number" ? d.outOfStock : d.risks.filter((r) => r.onHand <= 0).length;
    const running = d.risks.filter((r) => r.onHand > 0);
    const name = (r: (typeof d.risks)[number]) =>
      `${quote(r.variant && r.variant !== "Default Title" ? `${r.product} – ${r.variant}` : r.product, 60)}`;
    const lines = [
      total === out
        ? `**${plural(out, "variant")} ${out === 1 ? "is" : "are"} already out of stock** and selling${skipped}.`
        : `**${plural(total - out, "variant")} may run out within ${plural(within, "day")}**${out ? `, and ${formatNumber(out, 0)} more ${out === 1 ? "is" : "are"} already out of stock` : ""}${skipped}:`,
      ...(running.length ? running : d.risks)
        .slice(0, 4)
        .map(
          (r) =>
            `- ${name(r)}: ${formatNumber(r.onHand, 0)} on hand, selling about ${formatNumber(r.dailyDemand, 1)} a day${r.onHand > 0 && r.stockoutDate ? `, runs out around ${formatDay(r.stockoutDate)}` : ""}`,
        ),
      ...more(total === out ? out : total - out, Math.min(4, (running.length ? running : d.risks).length)),
    ];
    return lines;
  },
};
