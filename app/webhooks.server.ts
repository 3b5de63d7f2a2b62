// Every webhook route goes through here: Shopify's HMAC check (401 on a bad or missing signature),
// then idempotency on X-Shopify-Webhook-Id (a redelivery of a processed webhook is acknowledged
// without running the handler again), then the handler, audited. A failure answers 500 so Shopify
// retries, and the retry runs the handler again.
import type { ActionFunctionArgs } from "@remix-run/node";
import { Prisma } from "@prisma/client";
import { jsonValue } from "../agents/db/json";
import db from "./db.server";
import { logger } from "./logger.server";
import { authenticate } from "./shopify.server";

export type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>>;
export type WebhookHandler = (context: WebhookContext) => Promise<unknown>;

export function webhookAction(expectedTopic: string, handler: WebhookHandler) {
  return async ({ request }: ActionFunctionArgs) => {
    // The library answers 400 to a missing signature; unsigned is unauthenticated, so 401.
    if (!request.headers.get("X-Shopify-Hmac-Sha256")) return new Response("Unauthorized", { status: 401 });
    const context = await authenticate.webhook(request); // throws a 401 Response on a bad HMAC
    // The library reports topics as APP_UNINSTALLED; compare in that form, record ours.
    const topicKey = (t: string) => t.toUpperCase().replace(/[/.]/g, "_");
    if (topicKey(String(context.topic)) !== topicKey(expectedTopic)) {
      return new Response(`This endpoint receives ${expectedTopic}, not ${String(context.topic)}`, { status: 400 });
    }
    const topic = expectedTopic;
    const log = logger.child({ webhookId: context.webhookId, topic, shop: context.shop });

    const claimed = await claim(context, topic);
    if (!claimed) {
      log.info("duplicate webhook delivery acknowledged without reprocessing");
      return new Response(null, { status: 200 });
    }
    try {
      const result = await handler(context);
      // upsert: shop/redact erases the shop's webhook rows, this one's included; it is written
      // back so a redelivery of the redaction stays a no-op.
      await db.webhookEvent.upsert({
        where: { webhookId: context.webhookId },
        update: { status: "processed", processedAt: new Date(), error: null },
        create: {
          webhookId: context.webhookId,
          shop: context.shop,
          topic,
          status: "processed",
          processedAt: new Date(),
        },
      });
      await db.auditLog.create({
        data: {
          shop: context.shop,
          actor: "shopify",
          action: `webhook.${topic}`,
          input: { webhookId: context.webhookId },
          result: jsonValue(result),
          outcome: "ok",
        },
      });
      return new Response(null, { status: 200 });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error({ err: error }, "webhook handler failed");
      await db.webhookEvent.update({
        where: { webhookId: context.webhookId },
        data: { status: "failed", error: message },
      });
      await db.auditLog.create({
        data: {
          shop: context.shop,
          actor: "shopify",
          action: `webhook.${topic}`,
          input: { webhookId: context.webhookId },
          result: { error: message },
          outcome: "error",
        },
      });
      return new Response("Webhook handler failed; Shopify will retry", { status: 500 });
    }
  };
}

/** Records the delivery; false when this webhook id was already processed (or is being processed). */
/** A delivery still "received" after this long was abandoned (the security monitor alerts on it too). */
const STUCK_AFTER_MS = 15 * 60_000;

async function claim(context: WebhookContext, topic: string): Promise<boolean> {
  try {
    await db.webhookEvent.create({
      data: {
        webhookId: context.webhookId,
        shop: context.shop,
        topic,
        apiVersion: context.apiVersion,
        triggeredAt: context.triggeredAt ? new Date(context.triggeredAt) : null,
      },
    });
    return true;
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    // Seen before: run again only if the earlier attempt failed (Shopify is retrying it), or if it
    // has been "received" for so long that its process must have died mid-handler.
    const retried = await db.webhookEvent.updateMany({
      where: {
        webhookId: context.webhookId,
        OR: [{ status: "failed" }, { status: "received", receivedAt: { lt: new Date(Date.now() - STUCK_AFTER_MS) } }],
      },
      data: { status: "received", receivedAt: new Date() },
    });
    return retried.count === 1;
  }
}
