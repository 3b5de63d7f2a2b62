-- AlterTable
ALTER TABLE "Alert" ADD COLUMN "acknowledgedAt" DATETIME;
ALTER TABLE "Alert" ADD COLUMN "acknowledgedBy" TEXT;
ALTER TABLE "Alert" ADD COLUMN "resolution" TEXT;
ALTER TABLE "Alert" ADD COLUMN "resolutionKind" TEXT;
ALTER TABLE "Alert" ADD COLUMN "resolvedBy" TEXT;
ALTER TABLE "Alert" ADD COLUMN "snoozedUntil" DATETIME;

-- CreateIndex
CREATE INDEX "Alert_shop_resolvedAt_snoozedUntil_idx" ON "Alert"("shop", "resolvedAt", "snoozedUntil");

