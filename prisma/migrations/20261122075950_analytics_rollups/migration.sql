-- DropIndex
DROP INDEX "MirrorOrder_shop_customerId_idx";

-- CreateTable
CREATE TABLE "MirrorCollection" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "MirrorCollectionProduct" (
    "shop" TEXT NOT NULL,
    "collectionId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,

    PRIMARY KEY ("shop", "collectionId", "productId")
);

-- CreateTable
CREATE TABLE "MirrorDailySales" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "revenue" REAL NOT NULL,
    "subtotal" REAL NOT NULL,
    "discounts" REAL NOT NULL,
    "shipping" REAL NOT NULL,
    "tax" REAL NOT NULL,
    "refunded" REAL NOT NULL,
    "units" INTEGER NOT NULL,
    "cancelledOrders" INTEGER NOT NULL,
    "lineItems" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "day")
);

-- CreateIndex
CREATE INDEX "MirrorCollectionProduct_shop_productId_collectionId_idx" ON "MirrorCollectionProduct"("shop", "productId", "collectionId");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_receivedAt_idx" ON "WebhookEvent"("shop", "receivedAt");

-- CreateIndex
CREATE INDEX "AgentRun_shop_queuedAt_idx" ON "AgentRun"("shop", "queuedAt");

-- CreateIndex
CREATE INDEX "MirrorOrder_shop_customerId_cancelledAt_createdAt_idx" ON "MirrorOrder"("shop", "customerId", "cancelledAt", "createdAt");

-- CreateIndex
CREATE INDEX "MirrorLineItem_shop_createdAt_idx" ON "MirrorLineItem"("shop", "createdAt");


-- Backfill: the daily sales rollup of every shop's orders already in the mirror
-- (agents/analytics/rollups.ts dailySalesInsert), which syncs and webhooks keep current from here.
INSERT INTO "MirrorDailySales" ("shop", "day", "orders", "revenue", "subtotal", "discounts", "shipping", "tax", "refunded", "units", "cancelledOrders", "lineItems")
SELECT o."shop", o."day", o."orders", o."revenue", o."subtotal", o."discounts", o."shipping", o."tax", o."refunded",
  COALESCE(l."units", 0) - COALESCE(c."units", 0) AS "units", o."cancelledOrders", COALESCE(l."lines", 0) AS "lineItems"
FROM (
  SELECT "shop", substr("createdAt", 1, 10) AS "day", SUM(CASE WHEN "cancelledAt" IS NULL THEN 1 ELSE 0 END) AS "orders", SUM(CASE WHEN "cancelledAt" IS NULL THEN "total" ELSE 0 END) AS "revenue", SUM(CASE WHEN "cancelledAt" IS NULL THEN "subtotal" ELSE 0 END) AS "subtotal",
    SUM(CASE WHEN "cancelledAt" IS NULL THEN "totalDiscounts" ELSE 0 END) AS "discounts", SUM(CASE WHEN "cancelledAt" IS NULL THEN "totalShipping" ELSE 0 END) AS "shipping", SUM(CASE WHEN "cancelledAt" IS NULL THEN "totalTax" ELSE 0 END) AS "tax",
    SUM(CASE WHEN "cancelledAt" IS NULL THEN "totalRefunded" ELSE 0 END) AS "refunded", SUM(CASE WHEN "cancelledAt" IS NULL THEN 0 ELSE 1 END) AS "cancelledOrders"
  FROM "MirrorOrder" 
  GROUP BY "shop", substr("createdAt", 1, 10)
) o
LEFT JOIN (
  SELECT "shop", substr("createdAt", 1, 10) AS "day", SUM("quantity") AS "units", COUNT(*) AS "lines"
  FROM "MirrorLineItem" 
  GROUP BY "shop", substr("createdAt", 1, 10)
) l ON l."shop" = o."shop" AND l."day" = o."day"
LEFT JOIN (
  SELECT co."shop", substr(co."createdAt", 1, 10) AS "day", SUM(li."quantity") AS "units"
  FROM "MirrorOrder" co JOIN "MirrorLineItem" li ON li."shop" = co."shop" AND li."orderId" = co."id"
  WHERE co."cancelledAt" IS NOT NULL
  GROUP BY co."shop", substr(co."createdAt", 1, 10)
) c ON c."shop" = o."shop" AND c."day" = o."day";
