// get_order: one order by its name (#1042): lines, payment, shipping and its fraud check; without a name, an order search.
import type { getOrder } from "../../../lookup/tools";
import { formatDay, formatNumber, more, quote, storeText, words, type Format, type Input, type Out } from "../format";
import { r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";
import { searchOrders } from "./search-orders";

export const orderDetails: ToolModule = {
  name: "get_order",
  rules: [
    r(
      "get_order",
      5,
      /\b(?:show|look ?up|find|pull up|open|details?|what'?s in|what is in|what was in|contents? of|items? (?:in|on)|status of|tell me about)\b/,
      (s) => s.orderName,
    ),
    // "order 1199?", "#1203": an order named with nothing else asked is a look-up.
    r("get_order", 3, /^\W*(?:order\s*(?:number|no\.?)?\s*)?#?\s?\d{3,10}\W*$/, (s) => s.orderName),
    // "did order 1187 ship?", "has it gone out yet", "where's the tracking": the order's own status.
    r(
      "get_order",
      6,
      /\b(?:did|has|have|was)\s+(?:it|order\s+#?\d+|#\d+|the order|that order|this order|they|she|he)\s+(?:been\s+|actually\s+|already\s+|even\s+)?(?:ship(?:ped)?|dispatch(?:ed)?|sent|gone out|go out|fulfill?(?:ed)?|deliver(?:ed)?)\b|\b(?:shipped|dispatched|gone out|sent out)\s+yet\b/,
      (s) => s.orderName,
    ),
  ],
  build: (msg: Message): Understanding =>
    msg.orderName ? tool("get_order", { name: msg.orderName.name }) : searchOrders(msg),
  write(d: Out<typeof getOrder>, _input: Input, f: Format): string[] {
    const o = d.order;
    const lines = [
      `**Order ${storeText(o.name, 20)}**${o.customer ? ` from ${quote(o.customer, 40)}` : ""}, ${formatDay(o.createdAt)}: ${f.money(o.total)}${o.refunded > 0 ? ` (${f.money(o.refunded)} refunded)` : ""}, payment ${words(o.paymentStatus ?? "unknown")}, ${o.cancelled ? "cancelled" : o.fulfillmentStatus && /^fulfilled$/i.test(o.fulfillmentStatus) ? "shipped" : "not shipped yet"}.`,
      ...o.lines
        .slice(0, 3)
        .map(
          (l) =>
            `- ${formatNumber(l.quantity, 0)} × ${quote(l.title, 50)}${l.sku ? ` (SKU ${storeText(l.sku, 30)})` : ""} at ${f.money(l.unitPrice)}`,
        ),
      ...more(o.lines.length, 3, "more lines"),
    ];
    if (o.riskScore != null)
      lines.push(
        `Fraud check: ${formatNumber(o.riskScore, 0)} out of 100${o.riskReason ? ` (${storeText(o.riskReason, 80)})` : ""}.`,
      );
    else if (o.risk) lines.push(`Shopify rates its risk ${words(o.risk)}.`);
    return lines;
  },
};
