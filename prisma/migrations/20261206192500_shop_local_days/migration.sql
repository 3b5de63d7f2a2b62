-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "currencyCode" TEXT,
    "ianaTimezone" TEXT NOT NULL DEFAULT 'UTC',
    "scopes" TEXT NOT NULL DEFAULT '',
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "settings" JSONB,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("currencyCode", "domain", "installedAt", "name", "scopes", "settings", "uninstalledAt", "updatedAt") SELECT "currencyCode", "domain", "installedAt", "name", "scopes", "settings", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE TABLE "new_MirrorOrder" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "createdAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "sourceName" TEXT,
    "currencyCode" TEXT,
    "subtotal" REAL NOT NULL,
    "totalDiscounts" REAL NOT NULL,
    "totalShipping" REAL NOT NULL,
    "totalTax" REAL NOT NULL,
    "total" REAL NOT NULL,
    "totalRefunded" REAL NOT NULL DEFAULT 0,
    "financialStatus" TEXT,
    "fulfillmentStatus" TEXT,
    "discountCodes" TEXT NOT NULL DEFAULT '',
    "riskLevel" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "localDay" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("shop", "id")
);
INSERT INTO "new_MirrorOrder" ("cancelledAt", "createdAt", "currencyCode", "customerId", "discountCodes", "email", "financialStatus", "fulfillmentStatus", "id", "name", "riskLevel", "shop", "sourceName", "subtotal", "total", "totalDiscounts", "totalRefunded", "totalShipping", "totalTax", "updatedAt") SELECT "cancelledAt", "createdAt", "currencyCode", "customerId", "discountCodes", "email", "financialStatus", "fulfillmentStatus", "id", "name", "riskLevel", "shop", "sourceName", "subtotal", "total", "totalDiscounts", "totalRefunded", "totalShipping", "totalTax", "updatedAt" FROM "MirrorOrder";
DROP TABLE "MirrorOrder";
ALTER TABLE "new_MirrorOrder" RENAME TO "MirrorOrder";
CREATE INDEX "MirrorOrder_shop_createdAt_idx" ON "MirrorOrder"("shop", "createdAt");
CREATE INDEX "MirrorOrder_shop_localDay_idx" ON "MirrorOrder"("shop", "localDay");
CREATE INDEX "MirrorOrder_shop_customerId_cancelledAt_createdAt_idx" ON "MirrorOrder"("shop", "customerId", "cancelledAt", "createdAt");
CREATE TABLE "new_MirrorLineItem" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productId" TEXT,
    "variantId" TEXT,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPrice" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "localDay" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("shop", "id")
);
INSERT INTO "new_MirrorLineItem" ("createdAt", "id", "orderId", "productId", "quantity", "shop", "sku", "title", "unitPrice", "variantId") SELECT "createdAt", "id", "orderId", "productId", "quantity", "shop", "sku", "title", "unitPrice", "variantId" FROM "MirrorLineItem";
DROP TABLE "MirrorLineItem";
ALTER TABLE "new_MirrorLineItem" RENAME TO "MirrorLineItem";
CREATE INDEX "MirrorLineItem_shop_orderId_idx" ON "MirrorLineItem"("shop", "orderId");
CREATE INDEX "MirrorLineItem_shop_variantId_createdAt_idx" ON "MirrorLineItem"("shop", "variantId", "createdAt");
CREATE INDEX "MirrorLineItem_shop_createdAt_idx" ON "MirrorLineItem"("shop", "createdAt");
CREATE INDEX "MirrorLineItem_shop_localDay_idx" ON "MirrorLineItem"("shop", "localDay");
CREATE TABLE "new_MirrorRefund" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "amount" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "localDay" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("shop", "id")
);
INSERT INTO "new_MirrorRefund" ("amount", "createdAt", "id", "orderId", "shop") SELECT "amount", "createdAt", "id", "orderId", "shop" FROM "MirrorRefund";
DROP TABLE "MirrorRefund";
ALTER TABLE "new_MirrorRefund" RENAME TO "MirrorRefund";
CREATE INDEX "MirrorRefund_shop_orderId_idx" ON "MirrorRefund"("shop", "orderId");
CREATE INDEX "MirrorRefund_shop_localDay_idx" ON "MirrorRefund"("shop", "localDay");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Rows synced before carry their UTC day, which is right for the stored timezone (UTC until the
-- next sync reads the shop's own, re-keys the rows and rebuilds the rollup).
UPDATE "MirrorOrder" SET "localDay" = substr("createdAt", 1, 10);
UPDATE "MirrorLineItem" SET "localDay" = substr("createdAt", 1, 10);
UPDATE "MirrorRefund" SET "localDay" = substr("createdAt", 1, 10);
