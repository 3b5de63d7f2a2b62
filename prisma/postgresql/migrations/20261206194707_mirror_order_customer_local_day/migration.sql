-- CreateIndex
CREATE INDEX "MirrorOrder_shop_customerId_cancelledAt_localDay_idx" ON "MirrorOrder"("shop", "customerId", "cancelledAt", "localDay");

