-- CreateIndex
CREATE INDEX "MirrorCustomer_shop_totalSpent_idx" ON "MirrorCustomer"("shop", "totalSpent");

