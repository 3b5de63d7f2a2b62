-- CreateIndex
CREATE INDEX "MirrorVariant_shop_inventoryItemId_idx" ON "MirrorVariant"("shop", "inventoryItemId");

