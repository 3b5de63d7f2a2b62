// search_products: products by name, vendor, price or stock on hand; one match answers as its details (get_product).
import type { searchProductsTool } from "../../../lookup/tools";
import { formatNumber, more, plural, quote, str, type Format, type Input, type Out } from "../format";
import { r, type ToolModule } from "../kit";
import { productDetails, productLookup, STOCK_ABOVE } from "./get-product";

export const productSearch: ToolModule = {
  name: "search_products",
  rules: [
    r(
      "search_products",
      4,
      /\b(?:find|look ?up|search(?: for)?|pull up|show me|details? (?:of|for|on|about)|info(?:rmation)? (?:on|about|for)|tell me about|what do (?:we|i) (?:have|know) (?:on|about|for))\b/,
      (s) => s.product && !s.orderName,
    ),
    r(
      "search_products",
      5,
      /\b(?:products?|items?|skus?)\s+(?:by|from|made by|supplied by)\s+(?!(?:revenue|sales|units|profit|margin)\b)[a-z]|\b(?:products?|items?)\s+(?:under|below|over|above|cheaper than|priced (?:under|over|below|above|at))\s+\$?\d/,
    ),
    // "what's under 5 in stock", "items with fewer than 3 left": a search by stock on hand.
    r(
      "search_products",
      7,
      /\b(?:under|below|fewer than|less than|at most|no more than)\s+\d+\s+(?:units?\s+)?(?:in stock|left|on hand|on the shelf)\b|\b\d+\s+(?:units?\s+)?or\s+(?:fewer|less|under|below)\s+(?:units?\s+)?(?:in stock|left|on hand|on the shelf)\b|\b(?:in stock|stock|on hand)\s+(?:under|below|of less than|less than|fewer than)\s+\d+\b|\b\d+\s+(?:units?|pcs|pieces)\s+or\s+(?:fewer|less|under)\b|\bdown to\s+\d+\s+(?:units?|pcs|pieces|left)\b/,
      (s) => !s.product,
    ),
    r("search_products", 7, STOCK_ABOVE, (s) => !s.product),
    // "what's the cob half pad selling for?", "how much is the lunge line at the moment": today's price of a named product.
    r(
      "search_products",
      8,
      /\b(?:what(?:'s| is| are| does| do)|how much (?:is|are|does|do))\b(?![^.?]{0,50}\b(?:should|ought|would|could|reckon|think|recommend)\b)[^.?]{0,50}\b(?:selling for|sell for|going for|priced at|retailing (?:at|for)|listed (?:at|for)|cost(?:s|ing)?(?! price))\b|\bwhat(?:'s| is) the (?:current |retail |selling )?price (?:of|on|for)\b|\bwhat (?:do|are) (?:we|you|i) (?:charging|charge|selling it at|asking) for\b|\bhow much (?:is|are)\s+(?:the|our|a|an|one)\b(?![^.?]*\b(?:worth|making|made|selling|sold|sell|left|in stock|stock|revenue|profit|margin|bring|brought|earn\w*|cost us)\b)/,
      (s) => s.product && !s.amount,
    ),
  ],
  build: productLookup,
  write(d: Out<typeof searchProductsTool>, input: Input, f: Format): string[] {
    if (d.products.length === 0)
      return [`I found no product matching ${quote(str(input, "query") ?? str(input, "vendor") ?? "that")}.`];
    if (d.products.length === 1) return productDetails.write({ product: d.products[0] } as never, input, f);
    return [
      `**${d.more ? `More than ${plural(d.products.length, "product")}` : plural(d.products.length, "product")} match:**`,
      ...d.products.slice(0, 4).map((p) => {
        const prices = p.variants.map((v) => v.price);
        const lo = Math.min(...prices);
        const hi = Math.max(...prices);
        const stock = p.variants.reduce((sum, v) => sum + v.stock, 0);
        return `- ${quote(p.title, 60)}: ${lo === hi ? f.money(lo) : f.moneyRange(lo, hi)}, ${formatNumber(stock, 0)} in stock`;
      }),
      ...more(d.products.length, 4),
      "Which one do you mean?",
    ];
  },
};
