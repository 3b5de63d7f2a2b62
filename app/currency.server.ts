// The shop's currency for every amount a page shows: Shop.currencyCode (saved at install and by the
// store sync), else the newest order's, else USD. Pages pass it to `money` from app/format.
import { parseWindow } from "../agents/analytics/window";
import { shopCalendar } from "../agents/mirror/local-days";
import db from "./db.server";

export async function shopCurrency(shop: string): Promise<string> {
  const saved = await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } });
  return saved?.currencyCode ?? newestOrderCurrency(shop);
}

/**
 * A sales page's window (?days, ?from/?to in the shop's own calendar) and the shop's currency, from
 * one read of the Shop row.
 */
export async function windowAndCurrency(shop: string, url: URL, now: Date) {
  const { timeZone, currency } = await shopCalendar(db, shop);
  const p = url.searchParams;
  const { window, error } = parseWindow({ days: p.get("days"), from: p.get("from"), to: p.get("to") }, now, timeZone);
  return { window, error, currency: currency ?? (await newestOrderCurrency(shop)) };
}

async function newestOrderCurrency(shop: string): Promise<string> {
  const order = await db.mirrorOrder.findFirst({
    where: { shop, currencyCode: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { currencyCode: true },
  });
  return order?.currencyCode ?? "USD";
}
