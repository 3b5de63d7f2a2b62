// get_customer_segments: customers grouped by recency, frequency and spend (RFM) into named segments.
import type { getCustomerSegments } from "../../../marketing/tools";
import { formatPercent, more, plural, storeText, type Format, type Input, type Out } from "../format";
import { clamp, durationDays, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const segments: ToolModule = {
  name: "get_customer_segments",
  rules: [
    r(
      "get_customer_segments",
      5,
      /\b(segments?|segmentation|segment my|rfm|at[- ]risk customers?|loyal customers?|champions|lapsed customers?|churn(?:ed|ing)? customers?|vip customers?|customer groups?|hibernating)\b/,
    ),
    r(
      "get_customer_segments",
      5,
      /\bcustomers?\b[^.]{0,20}\b(?:segmented|grouped|clustered|bucketed|split up)\b|\b(?:segment|group|cluster|bucket)(?:ing)?\s+(?:my |our |the )?customers\b/,
    ),
    r(
      "get_customer_segments",
      5,
      /\b(?:at risk of|likely to|about to|close to) (?:churn(?:ing)?|leav(?:e|ing)|laps(?:e|ing)|stop(?:ping)? buying)\b|\bchurn rate\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const days = durationDays(msg);
    const examples =
      /\b(\d+)\s+(?:example|sample)?\s*customers?\s+(?:per|in each|for each|from each|each)\s+segment\b|\b(\d+)\s+examples?\s+(?:per|each)\b/.exec(
        msg.text,
      );
    return tool("get_customer_segments", {
      ...(days ? { days: clamp(days, 30, 1095) } : {}),
      ...(examples ? { includeCustomers: clamp(Number(examples[1] ?? examples[2]), 0, 50) } : {}),
    });
  },
  write(d: Out<typeof getCustomerSegments>, _input: Input, f: Format): string[] {
    if (d.customers === 0 || d.segments.length === 0) return [`No customers with orders to segment (as of ${d.asOf}).`];
    const byRevenue = [...d.segments].sort((a, b) => b.revenue - a.revenue);
    return [
      `**${plural(d.customers, "customer")} in ${plural(d.segments.length, "segment")}** (as of ${d.asOf}), by revenue:`,
      ...byRevenue
        .slice(0, 4)
        .map(
          (s) =>
            `- ${storeText(s.segment, 40)}: ${plural(s.customers, "customer")} (${formatPercent(s.shareOfCustomers)}), ${f.money(s.revenue)} (${formatPercent(s.shareOfRevenue)} of revenue)`,
        ),
      ...more(byRevenue.length, 4, "more segments"),
    ];
  },
};
