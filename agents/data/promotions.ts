// The shop's past promotions from the mirror: the discount codes its orders used, per shop-local
// day, turned into campaign periods by agents/forecasting/promotions.ts. The mirror keeps the codes
// each order used (MirrorOrder.discountCodes), not the shop's discount definitions, so a campaign is
// known by its use: from its first to its last order with the code.
import { dialect, num, selectRows } from "../analytics/sql";
import type { Db } from "../db/client";
import type { IsoDay } from "../core/time";
import { promotionPeriods, type DiscountCodeUse, type PastPromotion } from "../forecasting";

/** Orders that were not cancelled, per combination of codes and day, within [from, to]. */
export async function discountCodeUses(db: Db, shop: string, from: IsoDay, to: IsoDay): Promise<DiscountCodeUse[]> {
  const d = dialect();
  // One row per code combination and day: a few per promotion day, however many orders.
  const rows = await selectRows<{ codes: string; day: string; orders: number }>(
    db,
    `SELECT "discountCodes" AS "codes", "localDay" AS "day", COUNT(*) AS "orders"
     FROM "MirrorOrder"
     WHERE "shop" = ${d.lit(shop)} AND "cancelledAt" IS NULL AND "discountCodes" <> ''
       AND "localDay" >= ${d.lit(from)} AND "localDay" <= ${d.lit(to)}
     GROUP BY "discountCodes", "localDay"`,
  );
  return rows.map((r) => ({ codes: String(r.codes), day: String(r.day), orders: num(r.orders) }));
}

/** The campaign periods of the shop's discount codes used within [from, to], oldest first. */
export async function pastPromotions(db: Db, shop: string, from: IsoDay, to: IsoDay): Promise<PastPromotion[]> {
  return promotionPeriods(await discountCodeUses(db, shop, from, to));
}
