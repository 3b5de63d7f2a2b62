-- CreateIndex
CREATE INDEX "MirrorProduct_shop_title_id_idx" ON "MirrorProduct"("shop", "title", "id");
