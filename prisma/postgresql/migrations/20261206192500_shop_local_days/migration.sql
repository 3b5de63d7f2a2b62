-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "ianaTimezone" TEXT NOT NULL DEFAULT 'UTC';

-- AlterTable
ALTER TABLE "MirrorOrder" ADD COLUMN     "localDay" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "MirrorLineItem" ADD COLUMN     "localDay" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "MirrorRefund" ADD COLUMN     "localDay" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "MirrorOrder_shop_localDay_idx" ON "MirrorOrder"("shop", "localDay");

-- CreateIndex
CREATE INDEX "MirrorLineItem_shop_localDay_idx" ON "MirrorLineItem"("shop", "localDay");

-- CreateIndex
CREATE INDEX "MirrorRefund_shop_localDay_idx" ON "MirrorRefund"("shop", "localDay");


-- Rows synced before carry their UTC day, which is right for the stored timezone (UTC until the
-- next sync reads the shop's own, re-keys the rows and rebuilds the rollup).
UPDATE "MirrorOrder" SET "localDay" = to_char("createdAt", 'YYYY-MM-DD');
UPDATE "MirrorLineItem" SET "localDay" = to_char("createdAt", 'YYYY-MM-DD');
UPDATE "MirrorRefund" SET "localDay" = to_char("createdAt", 'YYYY-MM-DD');
