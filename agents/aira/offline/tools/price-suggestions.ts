// suggest_price_changes: read-only price suggestions (with a margin floor and a largest step when named).
import type { suggestPriceChanges } from "../../../pricing/tools";
import { formatPercent, plural, storeText, type Format, type Input, type Out, more } from "../format";
import { always, clamp, tool, r, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const priceSuggestions: ToolModule = {
  name: "suggest_price_changes",
  rules: [
    r(
      "suggest_price_changes",
      5,
      /\b(price|pricing)\s+(suggestions?|recommendations?|ideas?|opportunit(?:y|ies)|advice|optimi[sz]ation|tips|tweaks|thoughts|pointers|proposals)\b/,
    ),
    r(
      "suggest_price_changes",
      5,
      /\b(suggest|recommend|propose)\b[^.]{0,30}\b(prices?|pricing)\b|\b(prices?|pricing|price changes?)\b[^.]{0,30}\b(suggest|recommend|advise)\w*\b/,
    ),
    r(
      "suggest_price_changes",
      5,
      /\bpric(?:e|ing) (?:analysis|review|audit|check|strategy|health|wins?|gains?|upside)\b|\bmoney on the table\b|\b(?:under|over)-?priced\b|\b(?:under|over)-?charg(?:e|ing)\b|\btoo (?:cheap|pricey|expensive)\b/,
    ),
    r("suggest_price_changes", 1, always, (s) => s.product),
    r("suggest_price_changes", 5, /\boptimi[sz]e\b[^.]{0,20}\b(prices?|pricing)\b/),
    r(
      "suggest_price_changes",
      4,
      /\b(which|what) (?:prices|products)\b[^.]{0,30}\b(raise|lower|change|increase|decrease|reprice)\b/,
    ),
    // A margin floor ("keep the margin above 35%") belongs to price suggestions.
    r(
      "suggest_price_changes",
      4,
      /\bmargins?\b[^.]{0,25}\b(?:above|over|at least|below|under|floor|minimum|min)\b[^.]{0,10}\d+(?:\.\d+)?\s*(?:%|percent|per cent)|\d+(?:\.\d+)?\s*(?:%|percent|per cent)\s*(?:min(?:imum)?\s+)?margin\b/,
    ),
    // "what should the cap cost?", "what do you reckon we should charge for the gilet": asking, not telling.
    r(
      "suggest_price_changes",
      5,
      /\bwhat (?:should|would|could|do you think|do you reckon|would you)\b[^.]{0,40}\b(?:cost|charge|sell (?:it |them )?for|be priced(?: at)?|price (?:it|them) at)\b|\bwhat (?:should|could|would) (?:i|we) (?:be )?charg(?:e|ing)\b|\bwhat should the price\b|\bwhat (?:should|would|could) (?:i|we|you) price\b[^.]{0,50}\bat\b/,
      (s) => !s.amount && !s.percent,
    ),
    r(
      "suggest_price_changes",
      5,
      /\bpric(?:ing|ed) (?:things |it |them |my products )?(?:right|correctly|well|too (?:high|low))\b/,
    ),
    r(
      "suggest_price_changes",
      5,
      /^(?:should|would|could|do|does|is|are)\b[^.]*\b(?:more expensive|cheaper|pric(?:e|es|ed|ing))\b[^.]*\?$/,
    ),
    r(
      "suggest_price_changes",
      5,
      /^(?:so\s+)?(?:should|could|would it make sense to|is it worth|do you think i should) (?:i|we)?\s*(?:raise|lower|change|increase|decrease|reprice|cut)\b|\bshould (?:i|we) (?:raise|lower|change|increase|decrease|reprice|cut)\b[^.]*\?$/,
    ),
  ],
  build(msg: Message): Understanding {
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
      /\b(?:don'?t|do not|never|not|nothing|no)\b[^.%]{0,30}\b(?:more than|over|beyond|above|by more than|past|bigger than|larger than|greater than)\s+(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)(?!\s*(?:gross\s+)?margin)|\b(?:max(?:imum)?|at most|no more than|up to|limit(?:ed)? to|within|cap(?:ped)?(?:\s+(?:the\s+)?(?:moves?|changes?|steps?|swings?|it|them))?\s+(?:at|to))\s+(?:of\s+)?(?:\+\/-\s*|±\s*)?(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)(?!\s*(?:gross\s+)?margin)|(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)\s*(?:max(?:imum)?\s+)?(?:change|move|step|swing|cap)|\bmax(?:imum)?\s+(?:price\s+)?(?:moves?|changes?|steps?|swings?)\s+(?:of\s+)?(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)/.exec(
        msg.text,
      );
    if (step) input.maxChangePct = clamp(Number(step[1] ?? step[2] ?? step[3] ?? step[4]) / 100, 0.01, 0.5);
    if (msg.limit) input.limit = clamp(msg.limit, 1, 100);
    return tool("suggest_price_changes", input);
  },
  write(d: Out<typeof suggestPriceChanges>, _input: Input, f: Format): string[] {
    const notes = [
      d.noSuggestion.length ? `${plural(d.noSuggestion.length, "variant")} without enough price evidence` : "",
      d.skippedWithoutCost ? `${plural(d.skippedWithoutCost, "variant")} without a unit cost or sales` : "",
    ]
      .filter(Boolean)
      .join(", ");
    if (d.suggestions.length === 0)
      return [`No price changes to suggest: current prices look right for the evidence${notes ? ` (${notes})` : ""}.`];
    const uplift = d.suggestions.reduce((s, x) => s + (x.profitPerDay.after - x.profitPerDay.before), 0);
    return [
      `**${plural(d.suggestions.length, "price suggestion")}** (nothing changes unless you ask me to propose them), together about ${f.money(uplift)} more profit per day${notes ? `; skipped ${notes}` : ""}:`,
      ...d.suggestions
        .slice(0, 4)
        .map(
          (s) =>
            `- ${storeText(s.sku ?? s.variantId, 40)}: ${f.money(s.currentPrice)} -> ${f.money(s.proposedPrice)} (${formatPercent(s.changePct, { signed: true })}), profit/day ${f.money(s.profitPerDay.before)} -> ${f.money(s.profitPerDay.after)}, ${storeText(s.confidence, 20)} confidence`,
        ),
      ...more(d.suggestions.length, 4),
    ];
  },
};
