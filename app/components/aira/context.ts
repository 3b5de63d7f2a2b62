// The resource a conversation is about ("Ask AIRA" on a product or order page): parsed from the
// `?context=product:<gid>|order:<gid>` parameter, shown as a chip and sent with the first message.

export type AiraContextType = "product" | "order";

export interface AiraContext {
  type: AiraContextType;
  /** The Admin API GID, e.g. gid://shopify/Product/123. */
  id: string;
  label?: string;
}

const RESOURCE = { product: "Product", order: "Order" } as const;

export type ParsedContext = { ok: true; context: AiraContext } | { ok: false; error: string };

/**
 * `product:gid://shopify/Product/123`, `order:gid://shopify/Order/9` or the short forms
 * `product:123` / `order:9`. Returns null when there is no parameter, an error message when it is
 * malformed (the page says so instead of silently ignoring it).
 */
export function parseContextParam(value: string | null | undefined, label?: string | null): ParsedContext | null {
  if (value == null || value.trim() === "") return null;
  const match = /^(product|order):(.+)$/.exec(value.trim());
  if (!match) return { ok: false, error: `The context "${value}" is not understood: use product:<id> or order:<id>.` };
  const type = match[1] as AiraContextType;
  const raw = match[2].trim();
  const resource = RESOURCE[type];
  const id = /^\d+$/.test(raw) ? `gid://shopify/${resource}/${raw}` : raw;
  if (!new RegExp(`^gid://shopify/${resource}/\\d+$`).test(id))
    return {
      ok: false,
      error: `The ${type} id "${raw}" is not a Shopify ${resource} id (gid://shopify/${resource}/<number>).`,
    };
  const cleanLabel = label?.replace(/\s+/g, " ").trim().slice(0, 200);
  return { ok: true, context: { type, id, ...(cleanLabel ? { label: cleanLabel } : {}) } };
}

/** The query-parameter form of a context: the inverse of parseContextParam. */
export const contextParam = (context: AiraContext) => `${context.type}:${context.id}`;

/** The numeric part of a GID (the store mirror keys rows by it). */
export function numericId(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

export const sameContext = (a: AiraContext | null | undefined, b: AiraContext | null | undefined) =>
  (a?.type ?? null) === (b?.type ?? null) && (a?.id ?? null) === (b?.id ?? null);

/** What the chip says: the label when known, otherwise the type and number. */
export function contextChipText(context: AiraContext): string {
  const name = context.label ?? `#${numericId(context.id)}`;
  return `${context.type === "product" ? "Product" : "Order"}: ${name}`;
}

/** A first question that fits the resource, so the merchant can send it as is or edit it. */
export function suggestedQuestion(context: AiraContext): string {
  const name = context.label ? `"${context.label}"` : `${context.type} ${numericId(context.id)}`;
  return context.type === "product"
    ? `Forecast demand for ${name} for the next 14 days`
    : `What is the fraud risk of order ${context.label ?? numericId(context.id)}?`;
}
