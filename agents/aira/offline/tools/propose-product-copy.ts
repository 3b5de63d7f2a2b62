// propose_product_copy: a new title, search title or search description for one product, proposed for approval.
import { clarify, productQuestion, r, RENAME_INTO, tool, type ProposalModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const copyChange: ProposalModule = {
  name: "propose_product_copy",
  rules: [
    r(
      "propose_product_copy",
      7,
      /\b(?:rename|retitle)\b|\b(change|update|set)\b[^.]{0,30}\b(title|name)\b[^.]{0,60}\b(?:to|into|in)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const sel = msg.selection;
    if (sel.kind === "none" || sel.kind === "unknown-sku") return clarify("Which product should I rename?");
    if (sel.kind === "ambiguous") return productQuestion(sel.products, "rename");
    const raw = msg.raw.trim();
    const title = (/\b(?:rename|retitle|title|name|description)\b.*?\s(?:to|as)\s+["“']?(.+?)["”']?\s*[.!]?$/i.exec(
      raw,
    ) ??
      (RENAME_INTO.test(raw)
        ? /\b(?:rename|retitle|title|name)\b.*?\s(?:into|in)\s+["“']?(.+?)["”']?\s*[.!]?$/i.exec(raw)
        : null))?.[1]?.trim();
    // "change the SEO title ... to ...", "set the meta description ... to ...": the search-result fields.
    const field = /\bseo title\b|\bmeta title\b|\bpage title\b/.test(msg.text)
      ? "seoTitle"
      : /\bseo description\b|\bmeta description\b/.test(msg.text)
        ? "seoDescription"
        : "title";
    if (!title)
      return clarify(
        `What should the new ${field === "title" ? "title" : field === "seoTitle" ? "SEO title" : "SEO description"} of ${sel.products[0].title} be?`,
      );
    return tool("propose_product_copy", {
      productId: sel.products[0].productId,
      [field]: title.slice(0, field === "seoTitle" ? 70 : field === "seoDescription" ? 320 : 255),
    });
  },
};
