-- CreateIndex
CREATE INDEX "MirrorProduct_shop_vendor_idx" ON "MirrorProduct"("shop", "vendor");

-- CreateIndex
CREATE INDEX "MirrorOrder_shop_name_idx" ON "MirrorOrder"("shop", "name");

-- CreateIndex
CREATE INDEX "MirrorOrder_shop_riskLevel_createdAt_idx" ON "MirrorOrder"("shop", "riskLevel", "createdAt");

