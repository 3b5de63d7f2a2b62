-- AlterTable
ALTER TABLE "AgentRun" ADD COLUMN "summary" TEXT;

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "agent" TEXT NOT NULL,
    "runId" TEXT,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "score" REAL NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'open',
    "note" TEXT,
    "snoozedUntil" DATETIME,
    "actionId" TEXT,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Finding_shop_kind_status_score_idx" ON "Finding"("shop", "kind", "status", "score");

-- CreateIndex
CREATE INDEX "Finding_shop_runId_idx" ON "Finding"("shop", "runId");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_shop_kind_subject_key" ON "Finding"("shop", "kind", "subject");

