// run_analytics_query: the fixed reports (best sellers, revenue by collection or day, cohorts, repeat rate, sell-through, top customers).
import type { runAnalyticsQuery } from "../../../analytics/tools";
import {
  capitalize,
  formatDay,
  formatDays,
  formatMoney,
  formatNumber,
  formatPercent,
  plural,
  quote,
  words,
  type Input,
  type Out,
} from "../format";
import { clamp, tool, r, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

/** Buying more than once: "order more than once", "buy from us again", "purchased twice". */
const BUYS_AGAIN =
  /\b(?:order(?:ed|s|ing)?|buy(?:s|ing)?|bought|purchas(?:e|es|ed|ing)|shop(?:s|ped|ping)?)\s+(?:from us\s+|with us\s+)?(?:more than once|again|twice|a second time|multiple times|repeatedly)\b/;

/** Customers buying more than once: "repeat customers", "returning customers", "buy again". */
const REPEAT_BUYERS = new RegExp(
  String.raw`\brepeat\b|\breturning customers?\b|\bcome back\b|\bre-?purchase\b|${BUYS_AGAIN.source}`,
);

export const analyticsQuery: ToolModule = {
  name: "run_analytics_query",
  rules: [
    r(
      "run_analytics_query",
      6,
      /\b(?:revenue|sales) by (?:product|collection|day|category|item)\b|\b(?:revenue|sales) (?:per|for each|across) (?:product|collection|category|item)s?\b/,
    ),
    r("run_analytics_query", 6, /\b(?:best|top)[- ]?sell(?:ing|ers?)\b|\bbest sellers?\b/),
    r("run_analytics_query", 3, /\btop \d*\s*(?:products?|items?|skus?)\b/),
    r(
      "run_analytics_query",
      6,
      /\b(?:sold|sell(?:s|ing)?) (?:the )?(?:best|most)\b|\bbest[- ]performing (?:products?|items?|lines?)\b|\bmost popular (?:products?|items?|lines?)\b|\bwhat(?:'s|s| is| was| were)? (?:our |the |my )?most popular\b/,
    ),
    r("run_analytics_query", 6, /\bcohorts?\b|\b(?<!data )retention\b(?! (?:polic|period|rules))/),
    r(
      "run_analytics_query",
      6,
      /\brepeat (?:purchase|customer|buyer|order)s?(?: rate)?\b|\brepeat rate\b|\breturning customers? rate\b|\bcome back\b|\bbuy again\b|\bre-?purchase rate\b/,
    ),
    r("run_analytics_query", 6, [/\bcustomers?\b|\bclients?\b|\bbuyers?\b|\bshoppers?\b|\bpeople\b/, BUYS_AGAIN]),
    r("run_analytics_query", 6, /\bcollections?\b[^.]{0,30}\b(earn|sell|revenue|sales|perform|best|most|top)\w*/),
    r("run_analytics_query", 6, /\bsell[- ]?(?:through|thru)\b/),
    r("run_analytics_query", 5, /\btop \d*\s*customers\b|\bbest customers\b|\bbiggest (?:customers|spenders)\b/),
    // "which products brought in the most money", "what made us the most revenue".
    r(
      "run_analytics_query",
      6,
      /\b(?:products?|items?|lines?|skus?|what|which)\b[^.]{0,30}\b(?:brought in|made|earned|generated|took|pulled in|drove)\b[^.]{0,15}\bmost\b|\bmost (?:money|revenue|sales)\b/,
    ),
    r(
      "run_analytics_query",
      6,
      /\bcustomers?\b[^.]{0,20}\b(?:spent|spend|spending|bought|ordered) (?:the )?most\b|\bmost valuable customers\b/,
    ),
    r("run_analytics_query", 4, /\b(?:by|per) collection\b/),
    r("run_analytics_query", 6, /\b(?:products?|items?|skus?|collections?) by (?:revenue|sales|units|orders)\b/),
    r(
      "run_analytics_query",
      3,
      /\b(sell|sells|selling|sold|sales|revenue|shifted|flog|flogged|(?:did|do) (?:we|i|you) shift)\b/,
      (s) => s.product && !s.futureDate,
    ),
  ],
  build(msg: Message): Understanding {
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
  },
  write(d: Out<typeof runAnalyticsQuery>, _input: Input): string[] {
    const report = REPORT_NAMES[d.query] ?? words(d.query);
    const period = formatDays(d.params.from, d.params.to);
    if (d.rows.length === 0) return [`**${capitalize(report)}, ${period}:** no sales in this period.`];
    const money = (v: unknown) => (typeof v === "number" ? formatMoney(v, d.params.currency ?? undefined) : "");
    const cellText = (col: (typeof d.columns)[number], v: unknown): string => {
      if (v == null) return "none";
      if (typeof v === "number")
        return col.type === "money"
          ? money(v)
          : col.type === "percent"
            ? formatPercent(v)
            : formatNumber(v, col.type === "integer" ? 0 : 2);
      if (col.type === "day" || col.type === "month") return formatDay(String(v));
      return quote(v, 60);
    };
    const [nameCol, ...figures] = d.columns;
    const shown = figures.slice(0, 3);
    return [
      `**${capitalize(report)}, ${period}** (${plural(d.totalRows, REPORT_ROWS[d.query] ?? "row")}${d.totalRows > 5 ? ", the top 5 shown" : ""}):`,
      ...d.rows
        .slice(0, 5)
        .map(
          (row) =>
            `- ${cellText(nameCol, row[nameCol.key])}: ${shown.map((c) => `${c.label.toLowerCase()} ${cellText(c, row[c.key])}`).join(", ")}`,
        ),
    ];
  },
};

const REPORT_NAMES: Record<string, string> = {
  revenue_by_product: "your best sellers by revenue",
  revenue_by_collection: "revenue by collection",
  revenue_by_day: "revenue by day",
  cohort_retention: "how many customers come back, by the month they first bought",
  repeat_rate: "repeat customers",
  sell_through: "sell-through",
  top_customers: "your top customers",
};

const REPORT_ROWS: Record<string, string> = {
  revenue_by_product: "product",
  revenue_by_collection: "collection",
  revenue_by_day: "day",
  cohort_retention: "cohort",
  sell_through: "product",
  top_customers: "customer",
};
