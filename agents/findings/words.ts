// Merchant words for finding titles and run summaries: product names, short dates, grouped numbers.
import type { Db } from "../db/client";

/** "Bangle Bracelet – Gold"; a product's only variant ("Default Title") is just the product. */
export function variantName(productTitle: string, variantTitle: string | null | undefined): string {
  const variant = variantTitle?.trim();
  return !variant || variant === "Default Title" ? productTitle : `${productTitle} – ${variant}`;
}

// One formatter: toLocaleDateString with options builds a new one per call (~50 µs; 2,000 stockout
// findings spent 0.1 s in it).
const SHORT_DAY = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/** "Dec 12" for an ISO day ("2026-12-12"); the day itself, whatever the server's zone. */
export function shortDay(isoDay: string): string {
  const date = new Date(`${isoDay.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDay;
  return SHORT_DAY.format(date);
}

/** 1052 -> "1,052". */
export const count = (n: number) => Math.round(n).toLocaleString("en-US");

/** "1 variant", "3 variants". */
export const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** "$1,234.50" in the shop's currency; without a known currency just "1,234.50". */
export function moneyText(amount: number, currency: string | null | undefined): string {
  if (currency)
    try {
      return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 2 }).format(amount);
    } catch {
      // An unknown code: fall through to the plain number.
    }
  return amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The shop's currency code as synced (null before the first sync). */
export async function shopCurrency(db: Db, shop: string): Promise<string | null> {
  return (await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }))?.currencyCode ?? null;
}
