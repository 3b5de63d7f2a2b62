// The shop's currency for every amount a page shows: Shop.currencyCode (saved at install and by the
// store sync), else the newest order's, else USD. Pages pass it to `money` from app/format.
import db from "./db.server";

export async function shopCurrency(shop: string): Promise<string> {
  const saved = await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } });
  if (saved?.currencyCode) return saved.currencyCode;
  const order = await db.mirrorOrder.findFirst({
    where: { shop, currencyCode: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { currencyCode: true },
  });
  return order?.currencyCode ?? "USD";
}
