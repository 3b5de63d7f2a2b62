// get_product: one product's variants with their prices, costs and stock by location. No phrase chooses it:
// the product look-up (productLookup, shared with search_products) calls it when one product is named.
import type { getProduct } from "../../../lookup/tools";
import { formatNumber, more, plural, quote, storeText, words, type Format, type Input, type Out } from "../format";
import { mask } from "../text";
import { clamp, clarify, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

const stockText = (v: { stock: number; stockByLocation: { location: string; available: number }[] }) =>
  v.stockByLocation.length > 1
    ? `${formatNumber(v.stock, 0)} in stock (${v.stockByLocation.map((l) => `${storeText(l.location, 30)} ${formatNumber(l.available, 0)}`).join(", ")})`
    : `${formatNumber(v.stock, 0)} in stock${v.stockByLocation[0] ? ` at ${storeText(v.stockByLocation[0].location, 30)}` : ""}`;
const variantLine = (v: Out<typeof getProduct>["product"]["variants"][number], f: Format) =>
  `- ${v.title && v.title !== "Default Title" ? `${quote(v.title, 40)} ` : ""}${v.sku ? `(SKU ${storeText(v.sku, 30)}) ` : ""}at ${f.money(v.price)}${v.cost != null ? `, cost ${f.money(v.cost)}` : ""}: ${stockText(v)}`;

/** The words that named products in the message, as a search query. */
function productWords(msg: Message): string {
  return msg.products.spans
    .map((s) => msg.text.slice(s.start, s.end))
    .join(" ")
    .trim();
}

/** Stock on hand above a count: "more than 50 units on hand", "at least 20 in stock", "stock over 10". */
export const STOCK_ABOVE =
  /\b(over|above|more than|at least|no fewer than|no less than)\s+(\d+)\s+(?:units?\s+|pieces\s+)?(?:in stock|left|on hand|on the shelf)\b|\b(?:in stock|stock|on hand)\s+(over|above|of more than|more than|of at least|at least)\s+(\d+)\b/;

export function productLookup(msg: Message): Understanding {
  const sel = msg.selection;
  // One variant named ("the cob Gel Half Pad", a SKU): by its SKU.
  if (sel.kind === "found" && sel.products.length === 1)
    return tool(
      "get_product",
      (sel.bySku || sel.narrowed) && sel.entries.length === 1 && sel.entries[0].sku
        ? { sku: sel.entries[0].sku }
        : { productId: sel.products[0].productId },
    );
  const input: Record<string, unknown> = {};
  const words = productWords(msg);
  if (words) input.query = words.slice(0, 200);
  else if (sel.kind === "unknown-sku") input.query = sel.token;
  const vendor =
    /\b(?:by|from|made by|supplied by)\s+([a-z0-9][\w&' .-]{1,40}?)\s*(?:$|[.,?!]|\s(?:under|over|below|above|that|with|in)\b)/i.exec(
      msg.raw,
    );
  if (vendor && !words) input.vendor = vendor[1].trim();
  // Stock on hand first ("under 5 in stock", "fewer than 3 left"): those numbers are units, not prices.
  const STOCK_BELOW =
    /\b(under|below|fewer than|less than|at most|no more than)\s+(\d+)\s+(?:units?\s+)?(?:in stock|left|on hand|on the shelf)\b|\b(?:in stock|stock|on hand)\s+(under|below|of less than|less than|fewer than)\s+(\d+)\b|\b(\d+)\s+(?:units?\s+)?(or (?:fewer|less|under|below))\s+(?:units?\s+)?(?:in stock|left|on hand|on the shelf)\b|\b(\d+)\s+(?:units?|pcs|pieces)\s+or\s+(?:fewer|less|under)\b|\bdown to\s+(\d+)\s+(?:units?|pcs|pieces|left)\b/;
  const stockBelow = STOCK_BELOW.exec(msg.text);
  if (stockBelow) {
    // "3 or fewer" includes 3, as "at most 3" does.
    const word = stockBelow[1] ?? stockBelow[3] ?? "at most";
    // "2 units or fewer", "down to 2 units": at most that many.
    const n = Number(stockBelow[2] ?? stockBelow[4] ?? stockBelow[5] ?? stockBelow[7] ?? stockBelow[8]);
    input.maxStock = /at most|no more than/.test(word) ? n : Math.max(0, n - 1);
  }
  // "more than 50 units on hand", "at least 20 in stock": "more than 50" is at least 51.
  const stockAbove = STOCK_ABOVE.exec(msg.text);
  if (stockAbove) {
    const n = Number(stockAbove[2] ?? stockAbove[4]);
    input.minStock = /at least|no fewer than|no less than/.test(stockAbove[1] ?? stockAbove[3]) ? n : n + 1;
  }
  const priceText = mask(
    msg.text,
    [stockBelow, stockAbove].flatMap((m) => (m ? [{ start: m.index, end: m.index + m[0].length }] : [])),
  );
  const under = /\b(?:under|below|less than|cheaper than|at most|up to)\s+[$€£]?\s*(\d+(?:\.\d+)?)/.exec(priceText);
  const over = /\b(?:over|above|more than|at least)\s+[$€£]?\s*(\d+(?:\.\d+)?)/.exec(priceText);
  if (under) input.maxPrice = Number(under[1]);
  if (over) input.minPrice = Number(over[1]);
  if (/\b(?:out of stock|sold out|none left|no stock)\b/.test(msg.text)) input.maxStock = 0;
  if (msg.limit) input.limit = clamp(msg.limit, 1, 50);
  if (Object.keys(input).length === 0)
    return clarify("Which product should I look up? Give me a name, a SKU or a vendor.");
  return tool("search_products", input);
}

export const productDetails: ToolModule = {
  name: "get_product",
  rules: [],
  build: productLookup,
  write(d: Out<typeof getProduct>, _input: Input, f: Format): string[] {
    const p = d.product;
    const about = [p.vendor ? `by ${quote(p.vendor, 40)}` : "", p.status !== "ACTIVE" ? `(${words(p.status)})` : ""]
      .filter(Boolean)
      .join(" ");
    return [
      `**${quote(p.title, 80)}**${about ? ` ${about}` : ""}: ${plural(p.variants.length, "variant")}.`,
      ...p.variants.slice(0, 4).map((v) => variantLine(v, f)),
      ...more(p.variants.length, 4, "more variants"),
    ];
  },
};
