// list_risky_orders: unshipped orders that look risky (our fraud score or Shopify's risk level), worth holding.
import type { listRiskyOrders } from "../../../lookup/tools";
import {
  formatDay,
  formatNumber,
  more,
  plural,
  quote,
  storeText,
  words,
  type Format,
  type Input,
  type Out,
} from "../format";
import { clamp, durationDays, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

/** "any suspicious orders?", "which orders look risky": orders in general, not one order. */
export const RISKY_ORDERS =
  /^(?![^]*\b(?:an|that|this|the|one|his|her|their|my|our|a)\s+order\b)[^]*\b(?:orders|any(?:thing)?|which)\b/;

export const riskyOrders: ToolModule = {
  name: "list_risky_orders",
  rules: [
    r(
      "list_risky_orders",
      7,
      [
        /\b(?:suspicious|risky|dodgy|sketchy|fraud(?:ulent|y)?|high[- ]risk|scam(?:my)?|flagged)\s+(?:looking\s+)?orders\b|\borders\b[^.?]{0,30}\b(?:should (?:i|we) hold|to hold|worth holding|look(?:s|ing)? (?:risky|suspicious|dodgy|fraudulent))\b|\bany(?:thing)?\b[^.?]{0,20}\b(?:suspicious|fraud\w*|risky|dodgy)\b/,
        // "risky order alerts" are alerts.
        /^(?![^]*\balerts?\b)/,
      ],
      (s) => !s.orderName,
    ),
  ],
  build(msg: Message): Understanding {
    const days = durationDays(msg);
    return tool("list_risky_orders", {
      ...(days ? { days: clamp(days, 1, 90) } : {}),
      ...(msg.limit ? { limit: clamp(msg.limit, 1, 50) } : {}),
    });
  },
  write(d: Out<typeof listRiskyOrders>, _input: Input, f: Format): string[] {
    if (d.orders.length === 0)
      return [`No unshipped order from the last ${plural(d.days, "day")} looks risky. Nothing needs holding.`];
    return [
      `**${d.more ? `At least ${plural(d.orders.length, "order")}` : plural(d.orders.length, "order")} from the last ${plural(d.days, "day")} may be worth holding:**`,
      ...d.orders
        .slice(0, 4)
        .map(
          (o) =>
            `- Order ${storeText(o.name, 20)}${o.customer ? ` from ${quote(o.customer, 40)}` : ""}, ${f.money(o.total)} on ${formatDay(o.createdAt)}: ${o.riskScore != null ? `fraud score ${formatNumber(o.riskScore, 0)} out of 100${o.riskReason ? `, ${storeText(o.riskReason, 60)}` : ""}` : `Shopify rates it ${words(o.risk ?? "unknown")} risk`}`,
        ),
      ...more(d.orders.length, 4, "more orders"),
      'To hold one, say e.g. "hold order #1042".',
    ];
  },
};
