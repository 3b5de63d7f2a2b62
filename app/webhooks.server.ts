// Every webhook route goes through here: a bounded body (413 beyond 5 MB, before anything is
// parsed), Shopify's HMAC check (401 on a bad or missing signature), then idempotency on
// X-Shopify-Webhook-Id and X-Shopify-Event-Id (a redelivery of a processed webhook, or the same
// event delivered again under another webhook id, is acknowledged without running the handler
// again), then the handler, audited. A failure answers 500 so Shopify retries, and the retry runs
// the handler again; a payload the handler cannot read (PayloadError) answers 400 instead, since a
// retry cannot fix it. GET answers 405: webhooks are POSTed.
import type { ActionFunctionArgs } from "@remix-run/node";
import { Prisma } from "@prisma/client";
import { PayloadError } from "../agents/core/payload";
import { jsonValue } from "../agents/db/json";
import { isBodyTooLarge, limitBody, tooLarge, WEBHOOK_MAX_BYTES } from "./body-limit.server";
import db from "./db.server";
import { announceWebhook } from "./live.server";
import { logger } from "./logger.server";
import { authenticate } from "./shopify.server";

export type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>>;
export type WebhookHandler = (context: WebhookContext) => Promise<unknown>;

export function webhookAction(expectedTopic: string, handler: WebhookHandler) {
  return async ({ request }: ActionFunctionArgs) => {
    // The library answers 400 to a missing signature; unsigned is unauthenticated, so 401.
    if (!request.headers.get("X-Shopify-Hmac-Sha256")) return new Response("Unauthorized", { status: 401 });
    const limited = limitBody(request, WEBHOOK_MAX_BYTES);
    if (limited instanceof Response) return limited;
    let context: WebhookContext;
    try {
      context = await authenticate.webhook(limited); // throws a 401 Response on a bad HMAC
    } catch (error) {
      if (isBodyTooLarge(error)) return tooLarge(WEBHOOK_MAX_BYTES);
      return refusal(error);
    }
    // The library reports topics as APP_UNINSTALLED; compare in that form, record ours.
    const topicKey = (t: string) => t.toUpperCase().replace(/[/.]/g, "_");
    if (topicKey(String(context.topic)) !== topicKey(expectedTopic)) {
      return new Response(`This endpoint receives ${expectedTopic}, not ${String(context.topic)}`, { status: 400 });
    }
    const topic = expectedTopic;
    const log = logger.child({ webhookId: context.webhookId, topic, shop: context.shop });
    // Every Shopify webhook payload is a JSON object; anything else is refused before it is recorded.
    if (!context.payload || typeof context.payload !== "object" || Array.isArray(context.payload))
      return new Response(`Bad request: the ${topic} payload must be a JSON object.`, { status: 400 });

    const rowId = await claim(context, topic);
    if (!rowId) {
      log.info("duplicate webhook delivery acknowledged without reprocessing");
      return new Response(null, { status: 200 });
    }
    try {
      const result = await handler(context);
      // upsert: shop/redact erases the shop's webhook rows, this one's included; it is written
      // back so a redelivery of the redaction stays a no-op.
      await db.webhookEvent.upsert({
        where: { webhookId: rowId },
        update: { status: "processed", processedAt: new Date(), error: null },
        create: {
          webhookId: rowId,
          shop: context.shop,
          topic,
          eventId: context.eventId ?? null,
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
      // Open pages showing what the webhook changed reload (coalesced; never fails the delivery).
      await announceWebhook(context.shop, topic, result);
      return new Response(null, { status: 200 });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A payload the handler cannot read fails the same way on every retry: the sender's error.
      const unreadable = error instanceof PayloadError;
      if (unreadable) log.warn({ err: error }, "webhook payload refused");
      else log.error({ err: error }, "webhook handler failed");
      await db.webhookEvent.update({
        where: { webhookId: rowId },
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
      if (unreadable)
        return new Response(`Bad request: the ${topic} payload cannot be read: ${message}`, { status: 400 });
      return new Response("Webhook handler failed; Shopify will retry", { status: 500 });
    }
  };
}

/**
 * What the library's refusals mean, in words: it throws bodiless 400/401 Responses (missing
 * headers, a signature that does not match), and a SyntaxError for a signed body that is not JSON.
 */
function refusal(error: unknown): Response {
  if (error instanceof Response && error.status < 500) {
    const reason =
      error.status === 401
        ? "Unauthorized: the X-Shopify-Hmac-Sha256 signature does not match the body."
        : "Bad request: a webhook needs the X-Shopify-Topic, X-Shopify-Shop-Domain, X-Shopify-Webhook-Id and X-Shopify-API-Version headers.";
    return new Response(reason, { status: error.status });
  }
  if (error instanceof SyntaxError) return new Response("Bad request: the payload is not JSON.", { status: 400 });
  throw error;
}

/** A delivery still "received" after this long was abandoned (the security monitor alerts on it too). */
const STUCK_AFTER_MS = 15 * 60_000;

/**
 * Records the delivery and returns the id of its row; null when this webhook id, or this event
 * under another webhook id, was already processed (or is being processed).
 */
async function claim(context: WebhookContext, topic: string): Promise<string | null> {
  const eventId = context.eventId || null;
  try {
    await db.webhookEvent.create({
      data: {
        webhookId: context.webhookId,
        shop: context.shop,
        topic,
        eventId,
        apiVersion: context.apiVersion,
        triggeredAt: context.triggeredAt ? new Date(context.triggeredAt) : null,
      },
    });
    return context.webhookId;
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    // Seen before, by webhook id or by event id: run again only if the earlier attempt failed
    // (Shopify is retrying it), or if it has been "received" for so long that its process must
    // have died mid-handler.
    const earlier = await db.webhookEvent.findFirst({
      where: {
        OR: [{ webhookId: context.webhookId }, ...(eventId ? [{ shop: context.shop, topic, eventId }] : [])],
      },
      select: { webhookId: true },
    });
    if (!earlier) return null;
    const retried = await db.webhookEvent.updateMany({
      where: {
        webhookId: earlier.webhookId,
        OR: [{ status: "failed" }, { status: "received", receivedAt: { lt: new Date(Date.now() - STUCK_AFTER_MS) } }],
      },
      data: { status: "received", receivedAt: new Date() },
    });
    return retried.count === 1 ? earlier.webhookId : null;
  }
}

/** A list field of a payload (absent: empty); anything but an array is a PayloadError naming the field. */
export function payloadList(value: unknown, field: string): unknown[] {
  if (value == null) return [];
  if (!Array.isArray(value))
    throw new PayloadError(`${field} must be a list, got ${JSON.stringify(value)?.slice(0, 80)}`);
  return value;
}

/** Webhook routes answer GET with 405: Shopify POSTs them, and a GET is a mistake or a probe. */
export const webhookLoader = () =>
  new Response("Method not allowed: webhooks are POSTed.", { status: 405, headers: { Allow: "POST" } });
