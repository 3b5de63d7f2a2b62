-- DropIndex
DROP INDEX "MirrorOrder_shop_localDay_idx";

-- DropIndex
DROP INDEX "MirrorLineItem_shop_localDay_idx";

-- CreateIndex
CREATE INDEX "MirrorOrder_shop_localDay_customerId_cancelledAt_idx" ON "MirrorOrder"("shop", "localDay", "customerId", "cancelledAt");

-- CreateIndex
CREATE INDEX "MirrorLineItem_shop_localDay_variantId_quantity_unitPrice_idx" ON "MirrorLineItem"("shop", "localDay", "variantId", "quantity", "unitPrice");

