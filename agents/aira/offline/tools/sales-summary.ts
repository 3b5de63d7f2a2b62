// get_sales_summary: revenue, orders, refunds, discounts and margin for a period, by day, week or month.
import type { getSalesSummary } from "../../../finance/tools";
import { rangeDays } from "../dates";
import { formatDays, formatPercent, plural, quote, str, type Format, type Input, type Out } from "../format";
import { always, tool, r, lastDays, capRange, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

const SALES = /\b(sales|revenue|turnover|turn(?:ed|s)? over|takings|income|gmv)\b/;

export const salesSummary: ToolModule = {
  name: "get_sales_summary",
  rules: [
    r("get_sales_summary", 2, SALES),
    r("get_sales_summary", 1, /\b(sold|sell|made|earn(?:ed)?|brought in|bring in|shift(?:ed)?|flog(?:ged)?)\b/),
    r("get_sales_summary", 1, /\borders?\b/, (s) => !s.orderName),
    r("get_sales_summary", 3, /\b(aov|average order value|average basket|basket size)\b/),
    r("get_sales_summary", 2, /\b(gross margin|margins?|net sales|refund(?:s|ed)?|cogs|cost of goods|profit)\b/),
    r("get_sales_summary", 3, /\bdiscounts?\b[^.]{0,30}\b(cost|given|gave|total|spent)\b/),
    r(
      "get_sales_summary",
      3,
      /\b(?:how much|what) (?:did|do|have|has|are) (?:we|i|you) (?:make|made|earn|earned|sell|sold|bring in|brought in|take|took|taken|take in|taken in|turn over|doing)\b/,
    ),
    r("get_sales_summary", 1.5, /\b(numbers|figures|takings|performance|results|kpis?)\b/, (s) => s.pastDate),
    r(
      "get_sales_summary",
      1.5,
      /\bhow (?:did|was|were|is|are)\b[^.]{0,40}\b(?:go|do|perform|went|look|doing)\b|\bhow (?:was|were)\b|\bhow(?:'ve| have|'d| had) (?:we|things|sales|you|i)\s+(?:gone|done|been|going|doing|performed|fared)\b/,
      (s) => s.pastDate,
    ),
    r("get_sales_summary", 1.5, always, (s) => s.pastDate),
    r(
      "get_sales_summary",
      1,
      /\b(by|per|each|for every|for each) (day|week|month)\b|\b(daily|weekly|monthly)\b|\bbroken down\b/,
    ),
  ],
  build(msg: Message): Understanding {
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
  },
  write(d: Out<typeof getSalesSummary>, input: Input, f: Format): string[] {
    const t = d.totals;
    if (t.orders === 0) return [`**${formatDays(d.from, d.to)}:** no orders in this period, so no revenue to report.`];
    const lines = [
      `**${formatDays(d.from, d.to)}:** revenue ${f.money(t.revenue)} from ${plural(t.orders, "order")}, average order ${f.money(t.averageOrderValue)}.`,
      `Refunds ${f.money(t.refunded)}, discounts ${f.money(t.discounts)}, net sales ${f.money(t.netSales)}.`,
      t.grossMargin == null
        ? "Gross margin unknown: none of these sales has a unit cost."
        : `Gross margin ${formatPercent(t.grossMargin)} on the ${formatPercent(t.costCoverage)} of sales with a known unit cost (cost of goods ${f.money(t.costOfGoods)}).`,
    ];
    const best = [...d.series].sort((a, b) => b.revenue - a.revenue)[0];
    const by = str(input, "by") ?? "day";
    if (best && d.series.length > 1)
      lines.push(`Best ${by}: ${best.period} with ${f.money(best.revenue)} (${plural(best.orders, "order")}).`);
    const top = d.byChannel[0];
    if (top)
      lines.push(
        `Top channel: ${quote(top.channel, 40)} with ${f.money(top.revenue)} (${plural(top.orders, "order")}${d.byChannel.length > 1 ? ` of ${d.byChannel.length} channels` : ""}).`,
      );
    return lines;
  },
};
