// propose_price_change: new prices for a product's variants, set, or moved by an amount or a percentage (proposed for approval).
import type { NumberMention } from "../entities";
import { always, clarify, money, productQuestion, r, refuse, tool, unsureProduct, type ProposalModule } from "../kit";
import { twoWaySaidPrices } from "../text";
import type { Message } from "../understand";
import type { Understanding } from "../types";

const UP = /\b(raise|raising|increase|increasing|bump|hike|up|mark ?up|higher|more expensive|put up|go up)\b/;
const DOWN =
  /\b(lower|lowering|reduce|reducing|decrease|decreasing|drop|cut|mark ?down|markdown|discount|knock|cheaper|off|on sale|slash|less|down)\b/;
/**
 * Words about how many units there are: a message that names the count and no price word is about
 * stock, whatever number it gives ("hoodie XL count is wrong, should be 12" once proposed a $12 price).
 */
const STOCK_TALK =
  /\b(?:stock|inventory|on[- ]hand|counts?|counted|recount(?:ed)?|stocktake|qty|quantity|units?|pcs|pieces|shel(?:f|ves))\b/;
/** Words and signs that make a number a price: one of them lets a stock message still be about the price. */
const PRICE_TALK =
  /\b(?:price[sd]?|pricing|pric|costs?|charge|cheaper|dearer|expensive|sale|discount\w*|mark ?(?:up|down)|quid|bucks|dollars?|pounds?|euros?|cents?|pence|rrp|msrp)\b|[$£€]|\d\.\d{2}\b|%/;
/** Whether `text` talks about a stock count and never about a price: a new price is never read from it. */
export const stockNotPrice = (text: string) => STOCK_TALK.test(text) && !PRICE_TALK.test(text);

const PRICE_AT = new Set(["to", "at", "be", "is", "=", "cost", "costs", "for", "price", "priced", "make", "now"]);

export const priceChange: ProposalModule = {
  name: "propose_price_change",
  rules: [
    r(
      "propose_price_change",
      1,
      /\b(set|change|update|make|raise|increase|lower|reduce|decrease|drop|cut|bump|hike|put|adjust|mark ?(?:down|up)|discount|knock|reprice|re-price)\b/,
    ),
    r("propose_price_change", 2, /\b(price|prices|priced|pric|cost|costs)\b/),
    // "lunge line cheaper??": a named product and a price comparative, with or without a figure.
    r("propose_price_change", 2, /\b(?:cheaper|dearer|pricier|more expensive|less expensive)\b/, (s) => s.product),
    r(
      "propose_price_change",
      2,
      /\bon sale\b|\bmark ?down\b|\bshould (?:be|cost|go (?:up |down )?to|sell (?:at|for))\b|\bto cost\b/,
    ),
    // "white dressage pad -> 69.95": a named product and an amount in cents reads as its new price.
    r("propose_price_change", 2, /\b(?:to|at|for)\s+[$£€]?\d+\.\d{2}\b/, (s) => s.product),
    // "Turnout rug 6'9" -> 134", "gloves to 30": a product and "to" an amount ending the first clause.
    r(
      "propose_price_change",
      3,
      [
        /^[^.?!]*\bto\s+[$£€]?\d+(?:\.\d{1,2})?\s*(?:[$£€]|dollars?|pounds?|euros?|quid|bucks)?\s*(?:[.!,;]|$)/,
        /^(?!.*\b(?:stock|inventory|on[- ]hand|units?|pcs|pieces|qty|quantity|count|limit|uses|days?|weeks?|months?|re-?order\w*|orders?|forecast\w*|restock\w*|top up|buy|purchase|demand|sell\w*|sold|agents?|run)\b)/,
      ],
      (s) => s.product && !s.code && !s.percent,
    ),
    // "rubber reins 20% cheaper", "paddock boots down to 119".
    r(
      "propose_price_change",
      3,
      /\d\s*(?:%|percent|per cent|dollars?|quid|pounds?|bucks)\s*(?:cheaper|dearer|more expensive|less|more|higher|lower)\b|\d\s*(?:cheaper|dearer|more expensive)\b|\b(?:up|down)\s+to\s+[$£€]?\d/,
      (s) => s.product && !s.code,
    ),
    r("propose_price_change", 2, /\b(?:at|to|be|for)\s+(?:\$|£|€)\s?\d/),
    r("propose_price_change", 2, always, (s) => s.amount || s.percent),
    r("propose_price_change", 2, always, (s) => s.product),
    // "put it up 12%", "knock the gloves down a fiver": an instruction to move a named product's price.
    r(
      "propose_price_change",
      3,
      [
        /^(?!.*\b(?:stock|inventory|on[- ]hand|units|qty|quantity)\b)/,
        /\b(?:put|bump|push|take|bring|knock|mark|move|nudge|jack|hike|whack|stick|shove)\b(?:\s+\S+){0,5}?\s+(?:up|down)\b|\b(?:raise|increase|lower|reduce|decrease|drop|cut|hike|bump|change|set|make)\b(?:\s+\S+){0,6}?\s+(?:(?:to|by)\s+)?[$£€]?\d|\bknock\b[^.]{0,20}\boff\b/,
      ],
      (s) => (s.amount || s.percent) && s.product,
    ),
    // "10% off the cap": a cut to a named product's price (a code is named as one).
    r(
      "propose_price_change",
      2,
      /\d\s*%\s*off\b|(?:\$|£|€)\s?\d+(?:\.\d+)?\s*off\b|\b\d+(?:\.\d+)?\s*(?:percent|dollars?|pounds?|quid|bucks)\s+off\b/,
      (s) => s.product && !s.code,
    ),
    // "I'd like to try it at 139", "let's sell them for 20": a named product at a new amount.
    r(
      "propose_price_change",
      4,
      /\b(?:try|sell|list|have|put|offer|price)\s+(?:it|them|this|that|these|those)\s+(?:at|for)\s+[$£€]?\d/,
      (s) => s.product && !s.code,
    ),
    r("propose_price_change", -3, /\b(codes?|coupons?|vouchers?|promo)\b/),
    // "stock should be 93" is a count, not a price.
    r(
      "propose_price_change",
      -3,
      /\b(?:stock|inventory|on[- ]hand|qty|quantity|count)\s+(?:should|must|needs? to|ought to)\s+(?:be|read|say)\b/,
    ),
    // "hoodie XL count is wrong, should be 12": a count, not a price, unless a price word is there too.
    r("propose_price_change", -8, [STOCK_TALK, new RegExp(`^(?![^]*(?:${PRICE_TALK.source}))`)]),
    // "the price update didn't stick": asking after a change already made (list_pending_actions), not a new one.
    r(
      "propose_price_change",
      -3,
      /\bdidn'?t (?:seem to )?(?:stick|go through|apply|take)\b|\b(?:fail|failed) to (?:go through|apply|stick)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const sel = msg.selection;
    if (sel.kind === "none") {
      if (/\b(all|every|everything|entire|whole|across the board)\b/.test(msg.text))
        return clarify(
          "I propose price changes for up to 100 SKUs at a time, product by product. Should I suggest price changes across the catalogue instead, or which product do you mean?",
          ["suggest price changes"],
        );
      return clarify("Which product or SKU should get a new price?");
    }
    if (sel.kind === "unknown-sku")
      return clarify(`I can't find the SKU ${sel.token} in your catalogue. Which product or SKU do you mean?`);
    const unsure = unsureProduct(msg, "change the price of");
    if (unsure) return unsure;
    let found = sel;
    if (found.kind === "ambiguous") {
      // "all hoodies", "both treats": every product that fits.
      if (!/\b(all|every|both|each)\b/.test(msg.text)) return productQuestion(found.products, "change the price of");
      const ids = new Set(found.products.map((p) => p.productId));
      const entries = msg.context.catalog.filter((e) => ids.has(e.productId));
      found = {
        kind: "found",
        entries,
        products: found.products.map((p) => ({ productId: p.productId, title: p.title })),
        bySku: false,
        narrowed: false,
      };
    }
    const entries = found.entries.filter((e) => e.sku);
    if (entries.length === 0)
      return refuse(
        `${found.products[0].title} has no SKU, so I can't propose a price for it; add SKUs in Shopify first.`,
      );
    if (entries.length > 100)
      return clarify(
        `That is ${entries.length} variants; I can change at most 100 prices at once. Which variants do you mean?`,
      );
    // Safety net behind the rule above (a guess or a tie must not get here either): a count is never a price.
    if (stockNotPrice(msg.text))
      return clarify(
        `That reads as a stock count, so I haven't proposed a price. Should the on-hand quantity of ${found.products[0].title} change, or its price?`,
        ["change the stock", "change the price"],
      );
    const label = found.products.length === 1 ? found.products[0].title : `${entries.length} variants`;
    const t = msg.text;
    // "the cap is 19 units, price it at 24": a figure counted in units is stock, never a price.
    let nums = msg.numbers.filter(
      (n) => !/^\s*(?:units?|pcs|pieces?|items?|left|in stock|on hand|on the shel(?:f|ves))\b/.test(t.slice(n.end)),
    );
    const direction =
      UP.test(t) && !DOWN.test(t)
        ? 1
        : DOWN.test(t) && !UP.test(t)
          ? -1
          : /\b(raise|increase|bump|hike)\b/.test(t)
            ? 1
            : /\b(lower|reduce|decrease|drop|cut)\b/.test(t)
              ? -1
              : 0;
    // "by 5", "up 5", "down 5", and "knock 5 off" (a cut by that much, not a new price).
    const byMention = nums.find(
      (n) =>
        n.before === "by" ||
        n.before === "up" ||
        n.before === "down" ||
        (n.after === "off" && n.kind !== "percent" && direction < 0),
    );
    const percent = nums.find((n) => n.kind === "percent");

    let newPrice: (price: number) => number;
    let reason: string;
    if (percent || (byMention && nums.some((n) => n.kind === "percent" && n.value === byMention.value))) {
      const p = (percent ?? byMention)!.value;
      if (p <= 0) return clarify("By what percentage should the price change?");
      if (direction === 0)
        return clarify(`Should the price of ${label} go up or down by ${p}%?`, [`up ${p}%`, `down ${p}%`]);
      if (direction < 0 && p >= 100) return refuse("That would give the product away; prices must stay above zero.");
      newPrice = (price) => Math.round((Math.round(price * 100) * (100 + direction * p)) / 100) / 100;
      reason = `${direction > 0 ? "+" : "-"}${p}%`;
    } else if (byMention) {
      const sameAsMoney = nums.some((n) => n !== byMention && n.kind === "money" && n.value === byMention.value);
      if (byMention.kind === "number" && !sameAsMoney)
        return clarify(`Do you mean ${byMention.value}% or ${money(byMention.value, msg.context.currency)}?`, [
          `${byMention.value}%`,
          money(byMention.value, msg.context.currency),
        ]);
      if (direction === 0)
        return clarify(
          `Should the price of ${label} go up or down by ${money(byMention.value, msg.context.currency)}?`,
          [
            `up ${money(byMention.value, msg.context.currency)}`,
            `down ${money(byMention.value, msg.context.currency)}`,
          ],
        );
      newPrice = (price) => Math.round(Math.round(price * 100) + direction * Math.round(byMention.value * 100)) / 100;
      reason = `${direction > 0 ? "+" : "-"}${money(byMention.value, msg.context.currency)}`;
    } else {
      // "sitting there at 159 ... try it at 139": a figure equal to today's price describes now, not the new price.
      const isCurrent = (n: NumberMention) => entries.every((e) => e.price === n.value);
      const fresh = nums.filter((n) => !isCurrent(n));
      if (fresh.length && fresh.length < nums.length) nums = fresh;
      const plain = nums.filter((n) => n.kind === "number");
      // "aren't moving at £18. drop it to 16 quid": the new price follows "to".
      const amount =
        nums.find((n) => n.before === "to") ??
        nums.find((n) => n.kind === "money") ??
        plain.find((n) => PRICE_AT.has(n.before)) ??
        (plain.length === 1 ? plain[0] : undefined);
      const current = [...new Set(entries.map((e) => money(e.price, msg.context.currency)))].join(" / ");
      if (!amount) return clarify(`What should the new price of ${label} be? It is ${current} now.`);
      // "it's 139, make it one twenty nine": a said price that reads as 1.29 or 129 takes the
      // reading near today's price; when neither is near, ask rather than guess.
      let value = amount.value;
      const twoWay = twoWaySaidPrices(msg.raw).find((p) => Math.abs(p.cents - amount.value) < 0.005);
      if (twoWay) {
        const near = (candidate: number) =>
          entries.every((e) => candidate / e.price <= 2.5 && e.price / candidate <= 2.5);
        const readings = [twoWay.cents, twoWay.hundreds].filter(near);
        if (readings.length !== 1) {
          const options = [twoWay.cents, twoWay.hundreds].map((v) => money(v, msg.context.currency));
          return clarify(`Do you mean ${options[0]} or ${options[1]} for ${label}? It is ${current} now.`, options);
        }
        value = readings[0];
      }
      newPrice = () => value;
      reason = `set to ${money(value, msg.context.currency)}`;
    }
    const changes = entries.map((e) => ({ sku: e.sku!, price: newPrice(e.price) }));
    if (changes.some((c) => !(c.price > 0)))
      return refuse("Prices must stay above zero; giving products away isn't something I'll propose.");
    if (changes.some((c) => c.price > 1_000_000))
      return clarify("That price is above 1,000,000. What should the new price be?");
    return tool("propose_price_change", { changes, reason: `Requested in AIRA: ${label} ${reason}`.slice(0, 300) });
  },
};
