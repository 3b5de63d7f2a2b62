// propose_campaigns: campaign ideas (win-back, VIP, slow movers, bundles) with a suggested code and a rough revenue estimate.
import type { proposeCampaignsTool } from "../../../marketing/tools";
import { formatNumber, more, plural, quote, storeText, type Format, type Input, type Out } from "../format";
import { r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const campaigns: ToolModule = {
  name: "propose_campaigns",
  rules: [
    r("propose_campaigns", 3, /\bcampaigns?\b/),
    r("propose_campaigns", 2, [
      /\bcampaigns?\b/,
      /\b(ideas?|suggest(?:ions?)?|propose|plan|create|run|launch|new|some)\b/,
    ]),
    r("propose_campaigns", 5, /\bwin[- ]?back\b|\bre-?engage\b|\bbring (?:back|them back)\b/),
    r("propose_campaigns", 2, /\bclear (?:out )?(?:slow movers|stock|dead stock|inventory)\b/),
    r(
      "propose_campaigns",
      5,
      /\bvips?\b[^.]{0,25}\b(?:rewards?|offers?|perks?|treats?|thank[- ]yous?)\b|\b(?:reward|thank|treat|look after)\b[^.]{0,20}\b(?:best|loyal|top|vip|biggest)\s+customers\b/,
    ),
    // "a VIP push aimed at our biggest spenders", "a win-back drive": a campaign by another name.
    r(
      "propose_campaigns",
      6,
      /\b(?:vips?|loyalty|win[- ]?back|re-?engagement|marketing|promo(?:tional)?|e-?mail|retention)\s+(?:push|drive|blitz|initiative|offensive)\b/,
    ),
    r(
      "propose_campaigns",
      4,
      /\b(?:promo(?:tion)?|marketing|sale)s?\s+(?:ideas?|suggestions?|plans?)\b|\bideas? for (?:a |some )?(?:promo(?:tion)?|sale|marketing)s?\b/,
    ),
    r(
      "propose_campaigns",
      5,
      /\b(?:ideas?|ways?|how (?:do|can|could|should) (?:we|i)|help me)\b[^.]{0,20}\b(?:clear|shift|move|get rid of|sell off|offload)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const t = msg.text;
    const kinds: string[] = [];
    if (
      /\bwin[- ]?back\b|\b(lapsed|churned|lost|inactive|dormant|former)\s+customers?\b|\bre-?engage\b|\bbring (?:them )?back\b|\b(?:not|no longer|never|haven'?t|hasn'?t|didn'?t|don'?t|stopped)\s+(?:\w+\s+)?(?:buy|bought|buying|order|ordered|ordering|purchas\w*|shop\w*)\b[^.]{0,25}\b(?:since|for|in)\b/.test(
        t,
      )
    )
      kinds.push("win_back");
    if (/\bvips?\b|\b(best|top|loyal|biggest)\s+customers?\b|\bloyalty\b/.test(t)) kinds.push("vip");
    if (
      /\bslow[- ]?(?:movers?|moving|sellers?)\b|\b(dead|excess|old|aged)\s+stock\b|\bclear(?:ance)?\b|\boverstock|\btoo much (?:stock|inventory)\b|\bslow(?:[- ]selling)?\s+(?:stock|lines|items|products)\b|\bsitting\s+(?:around|there|in|on)\b|\b(?:isn'?t|aren'?t|is not|are not|not|doesn'?t|don'?t)\s+(?:selling|moving|shifting|sell|move)\b/.test(
        t,
      )
    )
      kinds.push("slow_mover");
    if (/\bbundles?\b|\bbought together\b|\bcross-?sell\b/.test(t)) kinds.push("bundle");
    return tool("propose_campaigns", kinds.length ? { kinds } : {});
  },
  write(d: Out<typeof proposeCampaignsTool>, _input: Input, f: Format): string[] {
    if (d.proposals.length === 0)
      return [
        `No campaign to suggest from ${plural(d.customersAnalysed, "customer")}${d.skipped.length ? `: ${storeText(d.skipped[0].reason, 120)}` : "."}`,
      ];
    return [
      `**${plural(d.proposals.length, "campaign idea")}** from ${plural(d.customersAnalysed, "customer")} (nothing is created until you approve a discount code):`,
      ...d.proposals
        .slice(0, 4)
        .map(
          (p) =>
            `- ${quote(p.title, 50)}: ${formatNumber(p.suggestedDiscountPct)}% off with code ${storeText(p.suggestedCode, 20)} for ${plural(p.audienceSize, "customer")}, about ${f.money(p.expected.netIncrementalRevenue)} extra revenue after the discount (a rough estimate)`,
        ),
      ...more(d.proposals.length, 4, "more ideas"),
    ];
  },
};
