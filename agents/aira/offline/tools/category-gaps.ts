// find_category_gaps: product types whose share of demand outruns their share of the catalogue or stock.
import type { findCategoryGapsTool } from "../../../research/tools";
import { formatPercent, plural, quote, type Format, type Input, type Out } from "../format";
import { type ToolModule, clamp, durationDays, r, tool } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const categoryGaps: ToolModule = {
  name: "find_category_gaps",
  rules: [
    r("find_category_gaps", 5, [
      /\b(categor(?:y|ies)|assortment|range)\b/,
      /\b(gaps?|missing|lacking|under-?represented|opportunit(?:y|ies)|expand|add|short (?:of|on)|thin|too few)\b/,
    ]),
    r(
      "find_category_gaps",
      5,
      /\b(?:start|begin) (?:selling|stocking|carrying)\b|\bwhat (?:else )?should (?:we|i) (?:sell|stock|carry|add)\b|\bnew (?:products?|lines?) (?:to|we could|i could|we should|i should) (?:add|stock|sell|carry)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const days = durationDays(msg);
    const measure = /\b(revenue|sales value|money|dollars?)\b/.test(msg.text)
      ? "revenue"
      : /\bunits?\b/.test(msg.text)
        ? "units"
        : undefined;
    return tool("find_category_gaps", {
      ...(days ? { windowDays: clamp(days, 28, 365) } : {}),
      ...(measure ? { measure } : {}),
    });
  },
  write(d: Out<typeof findCategoryGapsTool>, _input: Input, f: Format): string[] {
    const head = `${plural(d.categoriesChecked, "category", "categories")} checked (${d.window.from} to ${d.window.to})`;
    if (d.gaps.length === 0 && d.priceBandGaps.length === 0)
      return [`No category gaps: demand matches the catalogue and stock — ${head}.`];
    const gaps = d.gaps
      .slice(0, 3)
      .map(
        (g) =>
          `- ${quote(g.category, 40)}: ${formatPercent(g.demandShare)} of demand vs ${formatPercent(g.catalogueShare)} of the catalogue and ${formatPercent(g.stockShare)} of stock${g.growth == null ? "" : `, growth ${formatPercent(g.growth, { signed: true })}`}`,
      );
    const bands = d.priceBandGaps
      .slice(0, 2)
      .map((b) => `- ${quote(b.category, 40)}: no products between ${f.money(b.lower)} and ${f.money(b.upper)}`);
    return [
      `**${plural(d.gaps.length, "category gap")}, ${plural(d.priceBandGaps.length, "empty price band")}** — ${head}:`,
      ...gaps,
      ...bands,
    ];
  },
};
