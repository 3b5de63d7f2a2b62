-- CreateTable
CREATE TABLE "VariantForecast" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "runId" TEXT,
    "firstDate" TEXT NOT NULL,
    "horizonDays" INTEGER NOT NULL,
    "model" TEXT,
    "message" TEXT,
    "curve" BYTEA,

    CONSTRAINT "VariantForecast_pkey" PRIMARY KEY ("shop","variantId")
);

-- CreateIndex
CREATE INDEX "VariantForecast_shop_computedAt_idx" ON "VariantForecast"("shop", "computedAt");

