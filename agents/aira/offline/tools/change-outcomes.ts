// get_change_outcomes: how applied price changes, stock corrections and discount codes did (before and after).
import type { getChangeOutcomes } from "../../../actions/tools";
import { formatDay, formatNumber, more, plural, quote, type Format, type Input, type Out } from "../format";
import { clamp, tool, r, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const changeOutcomes: ToolModule = {
  name: "get_change_outcomes",
  rules: [
    r(
      "get_change_outcomes",
      9,
      /\bhow (?:did|has|have|is|are|was|were)\b[^.?]{0,40}\b(?:price|prices|pricing|stock|changes?|corrections?|increases?|rises?|cuts?|drops?)\b[^.?]{0,30}\b(?:do|done|doing|go|gone|going|went|work|worked|working|perform|performed|performing|pay off|paid off|turn(?:ed)? out|land(?:ed)?)\b/,
    ),
    r(
      "get_change_outcomes",
      8,
      /\b(?:effects?|impact|outcomes?|results?)\b[^.?]{0,20}\b(?:of|from)\b[^.?]{0,30}\b(?:price|pricing|stock|changes?|corrections?|increases?|rises?|cuts?|drops?)\b/,
    ),
    r(
      "get_change_outcomes",
      8,
      /\b(?:did|has|have)\b[^.?]{0,40}\b(?:price (?:change|increase|rise|raise|hike|cut|drop|reduction)s?|(?:raising|lowering|cutting|dropping|changing) (?:the )?prices?)\b[^.?]{0,45}\b(?:work|help|pay off|make a difference|hurt|backfire)\w*/,
    ),
    // "is the price cut we made on the helmets last month paying for itself?", "was the discount worth it?": a change
    // already made, judged by what followed.
    r(
      "get_change_outcomes",
      8,
      /\b(?:is|are|was|were|did|has|have)\b[^.?]{0,40}\b(?:price (?:change|increase|rise|cut|drop|reduction)s?|(?:price |stock )?(?:changes?|cuts?|corrections?|increases?|rises?|reductions?) (?:we|i|you) (?:made|did|applied|approved|put through))\b[^.?]{0,60}\b(?:pay(?:s|ing)? (?:for (?:it|them)sel(?:f|ves)|off)|paid (?:for (?:it|them)sel(?:f|ves)|off)|worth it|work(?:ing|ed)?|help(?:ing|ed)?|making (?:a|any) difference|earn(?:ing)? (?:its|their) keep)\b/,
    ),
  ],
  build(msg: Message): Understanding {
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
  },
  write(d: Out<typeof getChangeOutcomes>, _input: Input, f: Format): string[] {
    if (d.outcomes.length === 0)
      return ["No applied price changes, stock corrections or discount codes to measure yet."];
    const perDay = (side: (typeof d.outcomes)[number]["before"]) =>
      `${formatNumber(side.perDay.units)} sold, ${f.money(side.perDay.revenue)}${side.perDay.margin == null ? "" : ` (margin ${f.money(side.perDay.margin)})`} a day over ${plural(side.days, "day")}`;
    const [latest, ...others] = d.outcomes;
    return [
      `**${quote(latest.summary)}** on ${quote(latest.subject)}, applied ${formatDay(latest.appliedAt)}: ${latest.note}`,
      `- Before: ${perDay(latest.before)}`,
      `- After: ${perDay(latest.after)}`,
      ...(latest.code
        ? [
            `- Code used on ${plural(latest.code.orders, "order")}: ${f.money(latest.code.revenue)}, ${f.money(latest.code.discountGiven)} discount given`,
          ]
        : []),
      ...others.slice(0, 1).map((o) => `- Also ${quote(o.summary)}: ${o.note}`),
      ...more(others.length, 1, "more changes"),
    ];
  },
};
