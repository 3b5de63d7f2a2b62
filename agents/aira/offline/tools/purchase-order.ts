// suggest_purchase_order: what to reorder from each vendor (lead time, service level, review period); nothing is ordered.
import type { suggestPurchaseOrder } from "../../../inventory/tools";
import { plural, quote, type Format, type Input, type Out, more } from "../format";
import { always, clamp, tool, r, readOnlySelector, isUnderstanding, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";
import { UNITS_ARRIVED } from "./propose-inventory-adjustment";

export const purchaseOrder: ToolModule = {
  name: "suggest_purchase_order",
  rules: [
    r(
      "suggest_purchase_order",
      -3,
      /\b(?:if|unless)\s+(?:we|i)\s+(?:don'?t|do not|never)\s+(?:re-?order|restock|buy|replenish|top up)\b/,
    ),
    // "got 20 more in from the supplier": a delivery to book in, not one to order.
    r("suggest_purchase_order", -3, UNITS_ARRIVED),
    r(
      "suggest_purchase_order",
      4,
      /\b(purchase (?:orders?|suggestions?|recommendations?|lists?|plans?|proposals?)|buying list|po|pos|reorder(?:ing)?|re-order|replenish(?:ment)?|restock(?:ing)?)\b/,
    ),
    r(
      "suggest_purchase_order",
      4,
      /\bhow (?:many|much)\b[^.]{0,60}\b(?:should|do|must|need to) (?:i|we)\b[^.]{0,20}\b(order|buy|reorder|purchase|stock up)\b/,
    ),
    r(
      "suggest_purchase_order",
      4,
      /\bwhat (?:should|do|must) (?:i|we) (?:re-?)?order\b|\bwhat (?:to|should i|should we) (?:buy|purchase)\b/,
    ),
    r(
      "suggest_purchase_order",
      3,
      /\b(?:order|buy) from (?:my |our |the )?(?:suppliers?|vendors?)\b|\bsuppliers?\b|\bvendors?\b/,
    ),
    r(
      "suggest_purchase_order",
      2,
      /\blead[- ]?time\b|\bservice level\b|\b(?:suppliers?|vendors?|deliveries|delivery)\s+(?:take|takes|need|needs)\b/,
    ),
    r("suggest_purchase_order", 1, always, (s) => s.product),
    // "we received 40 from the supplier": units that arrived are a stock change, whoever sent them.
    r(
      "suggest_purchase_order",
      -3,
      /\b(received|receive|receiving|arrived?|arrives|arriving|delivered|came in|come in|comes in)\b/,
      (s) => s.amount,
    ),
  ],
  build(msg: Message): Understanding {
    const selector = readOnlySelector(msg);
    if (isUnderstanding(selector)) return selector;
    const input: Record<string, unknown> = { ...(selector ?? {}) };
    const lead =
      /\blead[- ]?times?\s+(?:(?:of|is|are|about|around|roughly|approximately|approx|typically|usually|of about|~|=)\s*)*(\d+)\s*(days?|weeks?)?|\b(\d+)[- ](days?|weeks?)\s+lead[- ]?time|\b(?:suppliers?|vendors?|deliveries|delivery)\b[^.?]{0,30}?\b(?:take|takes|need|needs)\s+(?:about\s+|around\s+|roughly\s+|approximately\s+)?(\d+)\s*(days?|weeks?)/.exec(
        msg.text,
      );
    if (lead)
      input.leadTimeDays = clamp(
        Number(lead[1] ?? lead[3] ?? lead[5]) * ((lead[2] ?? lead[4] ?? lead[6] ?? "d").startsWith("w") ? 7 : 1),
        0,
        120,
      );
    const service =
      /(\d+(?:\.\d+)?)\s*%\s*service\b(?:\s+level)?|service(?:\s+level)?\s+(?:of\s+|at\s+)?(\d+(?:\.\d+)?)\s*%/.exec(
        msg.text,
      );
    if (service) input.serviceLevel = clamp(Number(service[1] ?? service[2]) / 100, 0.5, 0.999);
    const review =
      /\b(?:order|reorder|review|buy|restock)\w*\s+(?:every|once (?:a|every))\s+(\d+)?\s*(days?|weeks?|months?|fortnight)\b/.exec(
        msg.text,
      );
    if (review)
      input.reviewPeriodDays = clamp(
        (review[1] ? Number(review[1]) : 1) *
          (review[2].startsWith("w") ? 7 : review[2].startsWith("m") ? 30 : review[2] === "fortnight" ? 14 : 1),
        1,
        60,
      );
    return tool("suggest_purchase_order", input);
  },
  write(d: Out<typeof suggestPurchaseOrder>, _input: Input, f: Format): string[] {
    const skipped = d.skipped.length ? ` (${plural(d.skipped.length, "variant")} skipped for too little history)` : "";
    if (d.orders.length === 0)
      return [
        `Nothing needs reordering now: all ${plural(d.itemsChecked, "variant")} checked are above their reorder point${skipped}.`,
      ];
    const units = d.orders.reduce((s, o) => s + o.totalUnits, 0);
    const cost = d.orders.reduce((s, o) => s + o.totalCost, 0);
    const complete = d.orders.every((o) => o.costComplete);
    return [
      `**Suggested purchase orders (nothing is ordered):** ${plural(d.orders.length, "vendor")}, ${plural(units, "unit", "units", 0)}, ${f.money(cost)}${complete ? "" : " for the lines with a known unit cost"}; ${plural(d.itemsChecked, "variant")} checked${skipped}.`,
      ...d.orders
        .slice(0, 4)
        .map(
          (o) =>
            `- ${quote(o.vendor, 50)}: ${plural(o.totalUnits, "unit", "units", 0)} over ${plural(o.lines.length, "SKU")}, ${f.money(o.totalCost)}${o.costComplete ? "" : " (some costs unknown)"}, lead time ${plural(o.leadTimeDays, "day")}`,
        ),
      ...more(d.orders.length, 4, "more vendors"),
    ];
  },
};
