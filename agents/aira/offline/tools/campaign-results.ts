// get_campaign_results: how discount codes did (orders, customers, revenue, discount given), one code or all.
import type { getCampaignResults } from "../../../marketing/tools";
import { formatNumber, formatPercent, more, plural, storeText, type Format, type Input, type Out } from "../format";
import { r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const campaignResults: ToolModule = {
  name: "get_campaign_results",
  rules: [
    r(
      "get_campaign_results",
      5,
      /\b(results?|perform(?:ed|ing|ance)?|redemptions?|redeemed|used|uptake|roi|how (?:did|is|was|are)|work(?:ed)?|succeed(?:ed)?)\b|\bhow (?:many|much)\b[^.?]{0,25}\bus(?:e|es|ed|ing)\b|\b(?:do|did|does) (?:anything|much|any good)\b|\bworth it\b|\bpay off\b|\bpaid off\b/,
      (s) => s.code,
    ),
    // "which of our codes brought in the most new customers": how the codes did, compared.
    r("get_campaign_results", 6, [
      /\b(?:discount |promo )?codes\b/,
      /\b(?:brought in|bring in|new customers|redeemed|redemptions|performed|perform(?:ing)? best|worked best|most used|used most)\b/,
    ]),
    r("get_campaign_results", 5, [
      /\bcampaigns?\b/,
      /\b(results?|perform(?:ed|ing|ance)?|did|roi|work(?:ed|ing)?|go|going|went|doing|done)\b/,
    ]),
    // "cap it at 10 redemptions" sets up a code; it does not ask how one did.
    r(
      "get_campaign_results",
      -4,
      /\b(?:cap(?:ped)?|limit(?:ed)?|max(?:imum)?|up to|at most|no more than|only|stop after)\b[^.]{0,20}\b\d+\s*(?:redemptions|uses|times)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    return tool("get_campaign_results", msg.code ? { code: msg.code.code } : {});
  },
  write(d: Out<typeof getCampaignResults>, _input: Input, f: Format): string[] {
    if (d.campaigns.length === 0) return ["No discount code has been used in orders yet."];
    return [
      `**${plural(d.campaigns.length, "discount code")}**, most revenue first:`,
      ...[...d.campaigns]
        .sort((a, b) => b.revenue - a.revenue)
        .slice(0, 4)
        .map(
          (c) =>
            `- ${storeText(c.code, 30)}: ${plural(c.orders, "order")} from ${plural(c.customers, "customer")} (${formatNumber(c.newCustomers)} new), ${f.money(c.revenue)} revenue, ${f.money(c.discountCost)} given away${c.aovChangePct !== null ? `, average order ${formatPercent(c.aovChangePct, { signed: true })} against usual` : ""}`,
        ),
      ...more(d.campaigns.length, 4, "more codes"),
    ];
  },
};
