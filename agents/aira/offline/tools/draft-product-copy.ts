// draft_product_copy: a draft title, search title and description for one product, in a tone (nothing changes).
import type { draftProductCopyTool } from "../../../marketing/tools";
import { formatNumber, quote, storeText, type Format, type Input, type Out } from "../format";
import { clarify, productQuestion, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const copyDraft: ToolModule = {
  name: "draft_product_copy",
  rules: [
    r(
      "draft_product_copy",
      5,
      /\b(product descriptions?|descriptions?|copy|copywriting|blurb|listing text|seo (?:title|description|text)|write up|writeup)\b/,
    ),
    r("draft_product_copy", 1, /\b(write|draft|rewrite|improve)\b/),
    // "make me a text for the rope halter": second-language English for copy.
    r("draft_product_copy", 5, /\b(?:a|some|new|nice|better)\s+texts?\s+(?:for|about|on)\b/, (s) => s.product),
  ],
  build(msg: Message): Understanding {
    const sel = msg.selection;
    const t = msg.text;
    const tone = /\b(premium|luxury|luxurious|luxe|upscale|elegant|high[- ]end|posh|classy|sophisticated)\b/.test(t)
      ? "premium"
      : /\b(playful|fun|casual|cheeky|witty|friendly|light-?hearted|cheerful|jokey)\b/.test(t)
        ? "playful"
        : /\b(plain|simple|straightforward|factual|neutral)\b/.test(t)
          ? "plain"
          : undefined;
    if (sel.kind === "none") return clarify("Which product should I write copy for?");
    if (sel.kind === "unknown-sku")
      return clarify(`I can't find the SKU ${sel.token} in your catalogue. Which product do you mean?`);
    if (sel.kind === "ambiguous") return productQuestion(sel.products, "write copy for");
    const target =
      sel.bySku && sel.entries.length === 1 && sel.entries[0].sku
        ? { sku: sel.entries[0].sku }
        : { productId: sel.products[0].productId };
    return tool("draft_product_copy", { ...target, ...(tone ? { tone } : {}) });
  },
  write(d: Out<typeof draftProductCopyTool>, _input: Input, _f: Format): string[] {
    return [
      `**Draft copy (${storeText(d.tone, 12)})** — nothing is changed until you approve it:`,
      `- Title: ${quote(d.draft.title, 70)}`,
      `- Search title: ${quote(d.draft.seoTitle, 70)} (${formatNumber(d.lengths.seoTitle)}/${formatNumber(d.lengths.seoTitleMax)} characters)`,
      `- Search description: ${quote(d.draft.seoDescription, 120)}`,
      ...(d.warnings.length ? [`Note: ${storeText(d.warnings[0], 120)}`] : []),
    ];
  },
};
