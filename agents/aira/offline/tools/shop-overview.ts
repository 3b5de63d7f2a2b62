// get_shop_overview: the store at a glance (recent sales and what is synced).
import type { getShopOverview } from "../../../overview/tools";
import { plural, type Format, type Input, type Out } from "../format";
import { clamp, tool, r, daysOf, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const shopOverview: ToolModule = {
  name: "get_shop_overview",
  rules: [
    r(
      "get_shop_overview",
      5,
      /\bwhat'?s (?:going on|happening|new)\b|\bhow(?:'s| is) business\b|\b(?:store|shop|business|overall) (?:status|performance|picture|health)\b/,
    ),
    r(
      "get_shop_overview",
      5,
      /\b(?:data|products|orders|store|shop)\b[^.?]{0,25}\bsynced\b|\bhow many (?:products|orders) (?:and|&) (?:products|orders)\b|\bwhat (?:data )?can you see\b/,
    ),
    r(
      "get_shop_overview",
      5,
      /\b(overview|at a glance|big picture|dashboard|status update|state of (?:the |my )?(?:store|shop|business)|how(?:'s| is| are) (?:the |my |our )?(?:store|shop|business|things|we) doing|how (?:the |my |our )(?:store|shop|business) (?:did|has done|has been doing|went|got on|has gone|is going|was going|has been going|is doing|was doing)|how are we doing|summary of (?:the |my )?(?:store|shop)|store summary|shop summary|health check|snapshot)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const days = daysOf(msg.period);
    return tool("get_shop_overview", days ? { days: clamp(days, 1, 730) } : {});
  },
  write(d: Out<typeof getShopOverview>, _input: Input, f: Format): string[] {
    const { sales, synced } = d;
    const lines =
      sales.orders === 0
        ? [`**Last ${plural(sales.days, "day")}:** no orders.`]
        : [
            `**Last ${plural(sales.days, "day")}:** revenue ${f.money(sales.revenue)} from ${plural(sales.orders, "order")}, average order ${f.money(sales.averageOrderValue)}.`,
          ];
    if (sales.refunded > 0 || sales.discounts > 0)
      lines.push(`Refunds ${f.money(sales.refunded)}, discounts ${f.money(sales.discounts)}.`);
    lines.push(
      synced.products === 0 && synced.orders === 0
        ? "Nothing is synced yet: sync the store from the Shopify page first."
        : `Synced: ${plural(synced.products, "product")} (${plural(synced.variants, "variant")}), ${plural(synced.orders, "order")}, ${plural(synced.customers, "customer")}.`,
    );
    return lines;
  },
};
