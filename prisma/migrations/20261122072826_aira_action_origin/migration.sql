-- AlterTable
ALTER TABLE "Action" ADD COLUMN "origin" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Action_origin_key" ON "Action"("origin");

