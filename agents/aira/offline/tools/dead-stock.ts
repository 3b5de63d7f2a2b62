// find_dead_stock: stock on hand that has not sold for N days (slow movers), with its value at cost.
import type { findDeadStockTool } from "../../../research/tools";
import { more, plural, quote, storeText, num, type Format, type Input, type Out } from "../format";
import { clamp, durationDays, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

const ALSO_CUT_THEM =
  /\b(?:and|then|&)\s+(?:put|mark|knock|discount|take|cut|reduce|drop|price)\s+(?:them|those|these|all of them|the lot)\s+(?:down\s+)?(?:by\s+)?(\d+(?:\.\d+)?)\s*%\s*(?:off|down|cheaper|lower)?|\b(?:and|then|&)\s+(?:put|mark|knock)\s+(\d+(?:\.\d+)?)\s*%\s*off\s+(?:them|those|these|all of them|the lot)\b/;

export const deadStock: ToolModule = {
  name: "find_dead_stock",
  rules: [
    r(
      "find_dead_stock",
      5,
      /\b(dead ?stock|not selling|(?:hasn'?t|haven'?t|has not|have not|didn'?t|not) (?:moved|move|shifted)|not moving|(?:hasn'?t|haven'?t|didn'?t|not) sold|no sales|zero sales|0 sales|sitting on the shelf|gathering dust|slow[- ]?(?:movers?|moving)|stale (?:stock|inventory)|overstock(?:ed)?|excess (?:stock|inventory)|never sells?|doesn'?t sell|don'?t sell)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const days = durationDays(msg);
    const found = tool("find_dead_stock", {
      ...(days ? { noSalesDays: clamp(days, 14, 730) } : {}),
      ...(msg.limit ? { limit: clamp(msg.limit, 1, 100) } : {}),
    });
    // "... and put them 20% off": a second call proposes the cut for exactly what the first one found.
    // Only an instruction ("and put them", "then mark them down"), not a thought ("I'm thinking of putting them").
    const cut = ALSO_CUT_THEM.exec(msg.text);
    if (!cut || found.kind !== "tool") return found;
    const percent = Number(cut[1] ?? cut[2]);
    if (!(percent > 0 && percent < 90)) return found;
    return { ...found, then: { tool: "propose_price_change", takes: "foundVariants", percent: -percent } };
  },
  write(d: Out<typeof findDeadStockTool>, input: Input, f: Format): string[] {
    const days = num(input, "noSalesDays", 90);
    if (d.items.length === 0 && d.deadUnits === 0)
      return [`No stock has gone ${plural(days, "day")} without a sale (as of ${d.asOf}).`];
    const withoutCost = d.deadItemsWithoutCost
      ? `, plus ${plural(d.deadItemsWithoutCost, "variant")} without a unit cost`
      : "";
    return [
      `**${plural(d.deadUnits, "unit", "units", 0)} unsold for ${plural(days, "day")} or more** (as of ${d.asOf}), worth ${f.money(d.deadValueAtCost)} at cost${withoutCost}:`,
      ...d.items
        .slice(0, 4)
        .map(
          (i) =>
            `- ${storeText(i.sku ?? "no SKU", 40)} (${quote(i.title, 50)}): ${plural(i.onHand, "unit", "units", 0)}, ${i.valueAtCost == null ? "cost unknown" : f.money(i.valueAtCost)}, last sale ${i.lastSaleDate ?? "never"}`,
        ),
      ...more(d.items.length, 4),
    ];
  },
};
