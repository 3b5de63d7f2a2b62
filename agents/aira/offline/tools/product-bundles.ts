// find_product_bundles: products bought together in the same orders (association rules), strongest lift first.
import type { findProductBundles } from "../../../research/tools";
import { formatNumber, formatPercent, more, num, plural, quote, type Format, type Input, type Out } from "../format";
import { type ToolModule, clamp, durationDays, r, tool } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const bundles: ToolModule = {
  name: "find_product_bundles",
  rules: [
    r(
      "find_product_bundles",
      5,
      /\b(bundles?|bundling|(?:bought|buy|buys|buying|purchased|sold|sell) (?:together|with)|frequently bought|go(?:es)? (?:well |nicely |best )?with|paired with|together with|cross-?sell(?:ing)?|upsell(?:ing)?|go(?:es)? together|combos?|basket analysis|market basket)\b|\bpairs\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const days = durationDays(msg);
    const min = /\b(?:at least|min(?:imum)?(?: of)?)\s+(\d+)\s+(?:orders|times|baskets|co-?purchases)\b/.exec(msg.text);
    return tool("find_product_bundles", {
      ...(days ? { days: clamp(days, 7, 730) } : {}),
      ...(min ? { minCount: clamp(Number(min[1]), 2, 1000) } : {}),
      ...(msg.limit ? { limit: clamp(msg.limit, 1, 50) } : {}),
    });
  },
  write(d: Out<typeof findProductBundles>, input: Input, _f: Format): string[] {
    if (d.pairs.length === 0)
      return [
        `No pair of products was bought together in at least ${plural(num(input, "minCount", 5), "order")} (${plural(d.orders, "order")} checked).`,
      ];
    return [
      `**${plural(d.pairs.length, "product pair")} often bought together** (${plural(d.orders, "order")} checked):`,
      ...d.pairs.slice(0, 4).map((x) => {
        // The tool reports 0 for a direction below its rule threshold: no figure rather than "0%".
        const confidence = Math.max(x.confidenceAtoB, x.confidenceBtoA);
        return `- ${x.products.map((p) => quote(p.title, 40)).join(" + ")}: ${plural(x.orders, "order")} together, lift ${formatNumber(x.lift, 2)}${confidence > 0 ? `, ${formatPercent(confidence)} of buyers of one also buy the other` : ""}`;
      }),
      ...more(d.pairs.length, 4),
    ];
  },
};
