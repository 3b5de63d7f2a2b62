// Local mode's first-run wiring, run by scripts/start.sh once the emulator answers:
//  - subscribes the app's webhook routes at the local store (webhookSubscriptionCreate), as
//    `shopify app deploy` does for a real app from shopify.app.toml;
//  - fills the store mirror with a full sync when it is empty.
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { syncStore } from "../agents/mirror/sync";
import db from "../app/db.server";
import { adminFor } from "../app/admin.server";
import { redis } from "../app/redis.server";
import { env } from "../config/env.server";
import { logger } from "../app/logger.server";
import { say } from "./say";
import type { VariablesOf } from "../agents/shopify/admin-client";

const LIST = /* GraphQL */ `#graphql
  query LocalWebhookSubscriptions {
    webhookSubscriptions(first: 100) { nodes { id topic uri } }
  }
`;

const CREATE = /* GraphQL */ `#graphql
  mutation LocalWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
      webhookSubscription { id }
      userErrors { field message }
    }
  }
`;

// The sync's own per-phase logs repeat the step lines: only its warnings and errors.
const quiet = logger.child({}, { level: "warn" });

async function main() {
  const config = env();
  if (!config.localMode) throw new Error("local-bootstrap is for local mode only");
  const shop = config.LOCAL_SHOP;
  const admin = await adminFor(shop);
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });

  const toml = parse(readFileSync("shopify.app.toml", "utf8")) as {
    webhooks: { subscriptions: { topics?: string[]; uri: string }[] };
  };
  const existing = await admin.graphql(LIST);
  const have = new Set(existing.webhookSubscriptions.nodes.map((s) => `${s.topic} ${s.uri}`));
  let created = 0;
  for (const subscription of toml.webhooks.subscriptions) {
    for (const topic of subscription.topics ?? []) {
      // shopify.app.toml's "orders/create" is the enum ORDERS_CREATE (Shopify refuses a topic it does not know).
      const enumTopic = topic.toUpperCase().replace(/\//g, "_") as VariablesOf<typeof CREATE>["topic"];
      const uri = `http://127.0.0.1:${config.PORT}${subscription.uri}`;
      if (have.has(`${enumTopic} ${uri}`)) continue;
      const result = await admin.graphql(CREATE, { topic: enumTopic, uri });
      const payload = result.webhookSubscriptionCreate;
      if (!payload) throw new Error(`webhookSubscriptionCreate ${topic}: Shopify answered without a payload`);
      if (payload.userErrors.length)
        throw new Error(`webhookSubscriptionCreate ${topic}: ${payload.userErrors.map((e) => e.message).join("; ")}`);
      created++;
    }
  }
  if (created) say(`local store: ${created} webhook subscriptions created (the store tells the app of its changes)`);

  if ((await db.mirrorOrder.count({ where: { shop } })) === 0) {
    say("sync: copying the local store into the app's mirror (first run only)");
    // One line per phase as it starts, not one per poll of the bulk operation.
    const result = await syncStore({ db, admin, shop, logger: quiet }, (p) => {
      if (p.stage === "starting") say(`sync: ${p.phase} (${p.rows.toLocaleString("en")} rows so far)`);
    });
    say(`sync: done, ${result.rows.toLocaleString("en")} rows in ${(result.durationMs / 1000).toFixed(1)} s`);
  }
  await db.$disconnect();
  // The Admin client shares the shop's cost bucket through Redis (ADR 0025): an open connection
  // would keep this one-off process (and `npm start` behind it) waiting forever.
  redis.disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
