// propose_inventory_adjustment: a new on-hand count, or units received, damaged or lost, for one SKU (proposed for approval).
import type { NumberMention } from "../entities";
import { clarify, productQuestion, r, refuse, tool, unsureProduct, type ProposalModule } from "../kit";
import type { CatalogEntry } from "../types";
import type { Message } from "../understand";
import type { Understanding } from "../types";

function variantQuestion(entries: CatalogEntry[], question: string): Understanding {
  return clarify(
    question,
    entries
      .filter((e) => e.sku)
      .slice(0, 12)
      .map((e) => `${e.variantTitle ?? e.title} (${e.sku})`),
  );
}
/** Units that can no longer be sold: words for what happened to them (a removal, reason "damaged"). */
const DAMAGED =
  "damaged|broken|broke|smashed|snapped|shattered|bust(?:ed)?|cracked|dented|leaked|leaking|ruined|torn|ripped|rippd|" +
  "chewed|eaten|soiled|stained|mou?ldy|soaked|water[- ]damaged|crushed|squashed|(?:split|burst|came|busted) open|" +
  "faulty|defective|unsellable|written off|(?:write|wrote) (?:them|those|these|it) off|spoiled|expired";
const DAMAGED_WORD = new RegExp(`\\b(?:${DAMAGED})\\b`);
const describe = (e: CatalogEntry) =>
  e.variantTitle && !/^default title$/i.test(e.variantTitle)
    ? `${e.title} (${e.variantTitle}, ${e.sku})`
    : `${e.title}${e.sku ? ` (${e.sku})` : ""}`;

/** Units said to have come in: "got (uh) 20 more in today", "the supplier dropped off 8 more". */
export const UNITS_ARRIVED =
  /\b(?:got|had|took|received)\s+(?:(?:uh|um|erm|er|like|another|in)\s+){0,3}\d+\s+(?:more|extra)\b[^.?!]{0,20}\bin\b|\b(?:dropped off|delivered|brought)\s+(?:(?:uh|um|another)\s+)?\d+\s+(?:more|extra)\b|\b\d+\s+(?:more|extra)\s+(?:\w+\s+){0,3}(?:in|came in|arrived|turned up|were delivered)\s+(?:today|yesterday|this (?:morning|afternoon|week))\b/;

export const inventoryAdjustment: ProposalModule = {
  name: "propose_inventory_adjustment",
  rules: [
    r(
      "propose_inventory_adjustment",
      5,
      /\b(set|update|change|adjust|correct|fix|make)\b[^.]{0,50}\b(stock|inventory|on[- ]hand|quantity|qty|count)\b/,
    ),
    r("propose_inventory_adjustment", 3, /\b(stock|inventory|on[- ]hand|quantity|qty)\b[^.]{0,40}\bto\s+\d+\b/),
    // "reduce the stock of X to 5", "bring the hoof oil stock down to 12": the stock is what changes.
    r(
      "propose_inventory_adjustment",
      5,
      /\b(?:reduce|lower|increase|raise|drop|bring|bump)\s+(?:the\s+|our\s+|my\s+)?(?:stock|inventory|on[- ]hand|quantity|qty|count)\b|\b(?:reduce|lower|increase|raise|drop|bring|bump|take|put)\b[^.]{0,40}\b(?:stock|inventory|qty|quantity)\s+(?:(?:up|down)\s+)?(?:to|by)\s+\d|\b(?:up|bump|boost|top up)\s+(?:the\s+|our\s+|my\s+)?(?:stock|inventory|on[- ]hand|quantity|qty|count)\b[^.?!]{0,40}\bby\s+\d/,
    ),
    r(
      "propose_inventory_adjustment",
      4,
      /\b(counted|recount(?:ed)?|re-count(?:ed)?|stocktake|stock take|cycle count)\b/,
    ),
    // "i count the black hoody, we have really 11 not 8": a count in the present tense, a figure that corrects another.
    r("propose_inventory_adjustment", 4, /\b(?:i|we)\s+(?:just\s+|have\s+)?count\b/, (s) => s.product),
    r(
      "propose_inventory_adjustment",
      5,
      /\b(?:have|has|got|is|are)\s+(?:really|actually|in fact|in reality)\s+\d+\b|\b(?:really|in reality|in fact)\s+(?:have|has|got|is|are)?\s*\d+\b|\b\d+\s*,?\s+not\s+\d+\b(?!\s*(?:%|percent|days?|weeks?))/,
      (s) => s.product && !s.percent,
    ),
    // "add stock for the hoof pick", "add more inventory to the gilet": a delivery whose count comes next (asked for).
    r(
      "propose_inventory_adjustment",
      5,
      /\b(?:add|adding|book in|log)\s+(?:some\s+|more\s+|new\s+|extra\s+)?(?:stock|inventory|units)\s+(?:for|to|of|on)\b/,
      (s) => s.product,
    ),
    // "add 5 bracelets", "add them to stock", "put 3 back on the shelf": units added at a location.
    r(
      "propose_inventory_adjustment",
      4,
      /\badd(?:ed|ing)?\s+(?:another\s+)?\d+\b|\badd (?:(?:them|these|those|it|that) )?(?:to|into|onto|in) (?:the\s+|our\s+|my\s+)?(?:stock|inventory|count|shelf|shelves)\b|\bput\s+\d+\b[^.]{0,30}\bback\b/,
      (s) => s.product,
    ),
    r(
      "propose_inventory_adjustment",
      5,
      /\b(?:sort|fix|correct|update)\b[^.]{0,10}\bcount\b|\bcount\b[^.]{0,10}\b(?:wrong|off|out)\b|\bshrink(?:age)?\b/,
      (s) => s.amount,
    ),
    r(
      "propose_inventory_adjustment",
      4,
      /\b(received|receive|receiving|got in|arrived?|arrives|arriving|delivered|came in|come in|comes in)\b|\bgot \d+ (?:more|units|pcs|pieces)\b|\b\d+ more (?:arrived?|came|come)\b|\b(?:got|had|took)\s+(?:in\s+)?\d+\b[^.,]{0,40}\s+in(?:\s+(?:today|yesterday|this morning|this week))?\s*[.!]*$/,
      (s) => s.amount,
    ),
    // "we got uh twenty more in today from the supplier", "the supplier dropped off 8 more": units that
    // arrived, however many fillers sit between the words; the supplier is where they came from, not
    // whom to order from (blind batch n read it as a purchase order).
    r("propose_inventory_adjustment", 5, UNITS_ARRIVED, (s) => s.amount),
    r(
      "propose_inventory_adjustment",
      5,
      /\b(?:inventory|stock)\s+(?:correction|adjustment|recount|fix)\b|\bactually (?:have|has|is|are|at)?\s*\d+\b/,
    ),
    r(
      "propose_inventory_adjustment",
      4,
      new RegExp(`\\b(?:${DAMAGED}|write off|writing off|wrote off|lost|stolen|shrinkage)\\b`),
      (s) => s.amount,
    ),
    r(
      "propose_inventory_adjustment",
      5,
      /\b(?:stock|inventory|on[- ]hand|qty|quantity|count)\s+(?:should|must|needs? to|ought to)\s+(?:be|read|say)\s+(?:at\s+)?\d/,
    ),
    r(
      "propose_inventory_adjustment",
      4,
      /\b(?:stock|inventory) count\b|\b(?:stock|inventory|on[- ]hand|count)\b[^.]{0,40}\b(?:is|are|=)\s+\d+\b/,
    ),
    r(
      "propose_inventory_adjustment",
      4,
      /\bhas\s+\d+\s+(?:on[- ]hand|in stock|left)|\b\d+\s+(?:on[- ]hand|in stock|left)\b/,
    ),
    // "stock for the tights is wrong, should be 20", "stock for the supplement put on 20": the count is what is
    // wrong or to be set, said with words between the noun and the figure.
    r(
      "propose_inventory_adjustment",
      5,
      /\b(?:stock|inventory|on[- ]hand|qty|quantity|count)\b[^.?!]{0,40}\b(?:wrong|incorrect|not right|off by|should (?:be|say|read)|put (?:on|at|to)|set (?:on|at|to)|make (?:it|them))\b[^.?!]{0,15}?\d/,
      (s) => s.product && !s.percent,
    ),
    // "cap stock 30", "halter qty: 12": a terse new count next to a named product.
    r(
      "propose_inventory_adjustment",
      5,
      /\b(?:stock|inventory|on[- ]hand|qty|quantity)\s*[:=]?\s*\d+\b(?!\s*(?:%|percent|days?|weeks?|months?|\.\d))/,
      (s) => s.product && !s.percent,
    ),
    // Returns and write-offs named by where the units go: "put them back in stock", "add it back into stock",
    // "take 1 out of stock as damaged" (not a question about running out).
    r(
      "propose_inventory_adjustment",
      7,
      /\bback\s+(?:in|into|on|onto|to)\s+(?:the\s+|our\s+)?(?:stock|inventory|shel(?:f|ves))\b|\b(?:take|took|taking)\b[^.]{0,40}?\b(?:out of|off)\s+(?:the\s+)?(?:stock|inventory)\b/,
      (s) => s.product,
    ),
    // A question about how many there are is not a stock change.
    r("propose_inventory_adjustment", -4, /^(?:\w+,?\s+)?how (?:many|much)\b/),
  ],
  build(msg: Message): Understanding {
    const sel = msg.selection;
    if (sel.kind === "none") return clarify("Which product or SKU's stock should I set?");
    if (sel.kind === "unknown-sku")
      return clarify(`I can't find the SKU ${sel.token} in your catalogue. Which product or SKU do you mean?`);
    const unsure = unsureProduct(msg, "adjust the stock of");
    if (unsure) return unsure;
    if (sel.kind === "ambiguous") return productQuestion(sel.products, "adjust the stock of");
    const withSku = sel.entries.filter((e) => e.sku);
    if (withSku.length === 0)
      return refuse(
        `${sel.entries[0].title} has no SKU, so I can't propose a stock change for it; add a SKU in Shopify first.`,
      );
    // "not 7", "system says 13": the figure being corrected, not the new one.
    const numbers = msg.numbers.filter(
      (n) =>
        n.kind === "number" &&
        Number.isInteger(n.value) &&
        !["not", "than", "says", "said", "shows", "showed", "showing", "reads", "thinks", "instead", "from"].includes(
          n.before,
        ),
    );
    // "add stock for the hoof pick": units to add, not a new total, are what is missing.
    const adding = /^(?:please\s+|pls\s+|can you\s+|could you\s+)?(?:add|adding|book in|log)\b/.test(msg.text);
    if (withSku.length > 1) {
      const hint = numbers.length
        ? ""
        : adding
          ? ", and how many units came in"
          : ", and what should the new on-hand quantity be";
      return variantQuestion(withSku, `Which variant of ${sel.products[0].title}${hint}?`);
    }
    const entry = withSku[0];
    const t = msg.text;
    const reason =
      /\b(?:came in|arrived|turned up|delivered|got delivered)\s+(?:\w+\s+)?(?:damaged|broken|cracked|smashed|dented|split|ripped|torn|bent|leaking|faulty)\b/.test(
        t,
      )
        ? "damaged"
        : UNITS_ARRIVED.test(t) ||
            /\b(received|receive|receiving|got in|arrived|delivered|came in|restocked with)\b|\bgot \d+ (?:more|units|pcs|pieces)\b|\b\d+ more (?:arrived|came)\b|\b(?:got|had|took)\s+(?:in\s+)?\d+\b[^.,]{0,40}\s+in(?:\s+(?:today|yesterday|this (?:morning|afternoon|am|pm|week)|earlier|just now))?\s*[.!]*$/.test(
              t,
            )
          ? "received"
          : DAMAGED_WORD.test(t)
            ? "damaged"
            : /\b(lost|stolen|missing|shrink|shrinkage)\b/.test(t)
              ? "shrinkage"
              : /\b(counted|count|recount(?:ed)?|re-count(?:ed)?|stocktake|stock take|cycle count)\b/.test(t)
                ? "cycle_count_available"
                : "correction";
    // "we've got 36 sellable now": a count of what is there, whatever else happened.
    const counted = numbers.find(
      (n) =>
        ["sellable", "left", "remaining", "usable", "available", "now", "total", "good"].includes(n.after) ||
        /^\s*(?:units?\s+)?(?:on the shel(?:f|ves)|in stock|on hand|in the (?:warehouse|stockroom|shop))\b/.test(
          t.slice(n.end),
        ),
    );
    const ABSOLUTE = ["to", "at", "is", "are", "be", "now", "only", "has", "="];
    const locations = entry.locations ?? [];
    // A location's own digits ("Warehouse 2") are not quantities.
    const named = locations.filter(
      (l) => t.includes(l.name.toLowerCase()) || msg.raw.toLowerCase().includes(l.name.toLowerCase()),
    );
    const inNames = (n: NumberMention) =>
      named.some((l) => {
        const at = t.indexOf(l.name.toLowerCase());
        return at >= 0 && n.start >= at && n.end <= at + l.name.length;
      });
    const quantities = numbers.filter((n) => !inNames(n));
    const target =
      quantities.find((n) => ABSOLUTE.includes(n.before)) ??
      (counted && !inNames(counted) ? counted : undefined) ??
      quantities[quantities.length - 1];
    if (!target)
      return clarify(
        `${adding ? `How many units of ${describe(entry)} came in?` : `What should the on-hand quantity of ${describe(entry)} be?`}${entry.inventory != null ? (adding ? ` It has ${entry.inventory} on hand now.` : ` It is ${entry.inventory} now.`) : ""}`,
      );
    // "add 20", "got 20 more", "3 broke": units added or removed, never a new total.
    const added =
      /\b(?:add(?:ed|ing)?|plus|put (?:in|back)|top(?:ped)? up with|returned|sent (?:\w+\s+)?back|brought (?:\w+\s+)?back)\b|\bback\s+(?:in|into|on|onto|to)\s+(?:the\s+|our\s+)?(?:stock|inventory|shel(?:f|ves))\b|\b\d+\s+(?:more|extra|additional)\b|\banother\s+\d+\b/.test(
        t,
      );
    const removed =
      /\b(?:remove[ds]?|removing|(?:take|took|knock|knocked)\s+(?:\d+\s+(?:units?\s+)?|(?:them|those|these|it)\s+)?(?:off|away|out)|minus|subtract(?:ed)?|write off|written off|(?:write|wrote) (?:them|those|these|it) off)\b/.test(
        t,
      );
    // "bump stock by 25", "up the stock by 10", "lower the count by 3": "by" names the change, not the total.
    const byAmount = target.before === "by";
    const lowering = byAmount && /\b(?:reduce|lower|drop|decrease|cut|knock|bring (?:it |them )?down)\b/.test(t);
    const delta =
      (reason === "received" || reason === "damaged" || reason === "shrinkage" || added || removed || byAmount) &&
      !ABSOLUTE.includes(target.before) &&
      target !== counted;
    if (delta) {
      const adjustBy =
        reason === "damaged" || reason === "shrinkage" || removed || lowering ? -target.value : target.value;
      if (adjustBy === 0) return clarify(`How many units of ${describe(entry)} should I add or remove?`);
      const input: Record<string, unknown> = {
        sku: entry.sku,
        adjustBy,
        reason: reason === "correction" && adjustBy > 0 ? "received" : reason,
      };
      if (locations.length > 1) {
        if (named.length !== 1) {
          const where = locations.map((l) => `${l.name} (${l.available})`).join(", ");
          return clarify(
            `${describe(entry)} is stocked at ${locations.length} locations: ${where}. Which location should the ${Math.abs(adjustBy)} unit${Math.abs(adjustBy) === 1 ? "" : "s"} ${adjustBy > 0 ? "go to" : "come off"}?`,
            locations.map((l) => l.name),
          );
        }
        input.locationId = named[0].id;
      }
      const stock = locations.length > 1 ? named[0].available : entry.inventory;
      if (stock != null && stock + adjustBy < 0)
        return clarify(
          `${describe(entry)} has ${stock} on hand${locations.length > 1 ? ` at ${named[0].name}` : ""}, so that would go below zero. What should the new quantity be?`,
        );
      return tool("propose_inventory_adjustment", input);
    }
    const quantity = target.value;
    const input: Record<string, unknown> = { sku: entry.sku, quantity, reason };
    if (named.length === 1) input.locationId = named[0].id;
    return tool("propose_inventory_adjustment", input);
  },
};
