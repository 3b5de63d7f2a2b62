-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "acknowledgedAt" TIMESTAMP(3),
ADD COLUMN     "acknowledgedBy" TEXT,
ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "resolutionKind" TEXT,
ADD COLUMN     "resolvedBy" TEXT,
ADD COLUMN     "snoozedUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Alert_shop_resolvedAt_snoozedUntil_idx" ON "Alert"("shop", "resolvedAt", "snoozedUntil");

