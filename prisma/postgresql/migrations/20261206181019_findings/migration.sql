-- AlterTable
ALTER TABLE "AgentRun" ADD COLUMN     "summary" TEXT;

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "agent" TEXT NOT NULL,
    "runId" TEXT,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "score" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'open',
    "note" TEXT,
    "snoozedUntil" TIMESTAMP(3),
    "actionId" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Finding_shop_kind_status_score_idx" ON "Finding"("shop", "kind", "status", "score");

-- CreateIndex
CREATE INDEX "Finding_shop_runId_idx" ON "Finding"("shop", "runId");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_shop_kind_subject_key" ON "Finding"("shop", "kind", "subject");

