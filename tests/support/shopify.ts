// Requests as Shopify sends them, signed with the test app's secret.
import { createHmac, randomUUID } from "node:crypto";
import { API_KEY, API_SECRET_KEY, APP_URL } from "@shopify/shopify-api/test-helpers";

export const EMBEDDED_ENV = {
  NODE_ENV: "test",
  LOCAL_MODE: "false",
  SHOPIFY_API_KEY: API_KEY,
  SHOPIFY_API_SECRET: API_SECRET_KEY,
  SHOPIFY_APP_URL: APP_URL,
  SCOPES: "read_products,write_products,read_inventory,write_inventory,read_orders,read_customers",
  APP_SECRET: "test-app-secret-that-is-long-enough-0123456789",
  TOKEN_ENCRYPTION_KEY: "e7c1a0f4b9d2386a5f0e1c7b4d9a2e6f3c8b1d0a7e4f9c2b5a8d1e6f0c3b7a94",
  LOG_LEVEL: "silent",
};

export function webhookRequest(
  topic: string,
  payload: unknown,
  options: { shop?: string; webhookId?: string; eventId?: string; secret?: string | null; hmac?: string } = {},
): Request {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": options.shop ?? "test-shop.myshopify.com",
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-Event-Id": options.eventId ?? randomUUID(),
  };
  const secret = options.secret === undefined ? API_SECRET_KEY : options.secret;
  if (options.hmac !== undefined) headers["X-Shopify-Hmac-Sha256"] = options.hmac;
  else if (secret !== null)
    headers["X-Shopify-Hmac-Sha256"] = createHmac("sha256", secret).update(body, "utf8").digest("base64");
  return new Request(`${APP_URL}/webhooks/${topic}`, { method: "POST", headers, body });
}
