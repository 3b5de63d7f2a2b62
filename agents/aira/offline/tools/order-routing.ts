// suggest_order_routing: which locations one order should ship from, and what is short.
import type { suggestOrderRouting } from "../../../fulfillment/tools";
import { formatNumber, plural, storeText, type Out } from "../format";
import { always, clarify, tool, r, ORDER_QUESTION, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const orderRouting: ToolModule = {
  name: "suggest_order_routing",
  rules: [
    r(
      "suggest_order_routing",
      4,
      /\b(route|routing|which (?:warehouse|location)|ship(?:ped)? from|fulfil?l?(?:ed)? from|where (?:should|do|does|will) [^.]{0,20}ship|split (?:the )?shipment)\b/,
    ),
    r("suggest_order_routing", 3, always, (s) => s.orderName),
    r(
      "suggest_order_routing",
      5,
      /\b(?:single|one|same|different|multiple|several|two|separate) (?:warehouses?|locations?|sites?|depots?)\b|\b(?:go|went|goes|ship|be sent) out from\b/,
      (s) => s.orderName,
    ),
    r(
      "suggest_order_routing",
      4,
      /\b(?:best|which|what|closest|nearest|right|optimal|ideal|cheapest|fastest)\s+(?:location|warehouse|site|depot|fulfil?ment cent(?:er|re))\b|\b(?:fulfil?l?|ship|send|dispatch)\w*\b[^.?]{0,25}\bfrom\b/,
      (s) => s.orderName,
    ),
  ],
  build(msg: Message): Understanding {
    return msg.orderName ? tool("suggest_order_routing", { orderName: msg.orderName.name }) : clarify(ORDER_QUESTION);
  },
  write(d: Out<typeof suggestOrderRouting>): string[] {
    const head = d.complete
      ? `**Order ${storeText(d.order, 40)} can ship in full** from ${plural(d.assignments.length, "location")}${d.splits ? ` (${plural(d.splits, "split")})` : ""}:`
      : `**Order ${storeText(d.order, 40)} cannot ship in full:** ${plural(
          d.shortfall.reduce((s, x) => s + x.missing, 0),
          "unit",
          "units",
          0,
        )} short.`;
    const places = d.assignments.slice(0, 3).map(
      (a) =>
        `- Location ${storeText(a.locationId, 40)}: ${plural(
          a.items.reduce((s, i) => s + i.quantity, 0),
          "unit",
          "units",
          0,
        )} (${a.items
          .map((i) => storeText(i.sku, 30))
          .slice(0, 4)
          .join(", ")})`,
    );
    const short = d.shortfall
      .slice(0, 2)
      .map(
        (s) =>
          `- Short: ${storeText(s.sku, 30)} needs ${formatNumber(s.requested, 0)}, ${formatNumber(s.available, 0)} available, ${formatNumber(s.missing, 0)} missing`,
      );
    return [head, ...places, ...short];
  },
};
