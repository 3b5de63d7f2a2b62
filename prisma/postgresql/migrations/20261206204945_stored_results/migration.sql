-- CreateTable
CREATE TABLE "StoredResult" (
    "shop" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "inputKey" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "ms" INTEGER NOT NULL,
    "runId" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StoredResult_pkey" PRIMARY KEY ("shop","tool","inputKey")
);

-- CreateIndex
CREATE INDEX "StoredResult_shop_requestedAt_idx" ON "StoredResult"("shop", "requestedAt");

