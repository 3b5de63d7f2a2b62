-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN "eventId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_shop_topic_eventId_key" ON "WebhookEvent"("shop", "topic", "eventId");

