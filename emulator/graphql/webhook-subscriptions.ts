// webhookSubscriptionCreate / webhookSubscriptions / webhookSubscriptionDelete.
import type { Row } from "../store/store";
import { rootConnection, type RootConnectionSpec } from "./connection";
import { CONNECTION_ARGS, gid, idOf, notImplemented, parseJson, rejectUnknownInput, type Resolvers } from "./util";

export function webhookSubscriptionView(row: Row, apiVersion: string) {
  return {
    __typename: "WebhookSubscription",
    _row: row,
    id: gid("WebhookSubscription", row.id),
    legacyResourceId: String(row.id),
    topic: row.topic,
    uri: row.uri,
    callbackUrl: row.uri,
    format: row.format,
    name: row.name,
    filter: null,
    includeFields: parseJson<string[]>(row.include_fields, []),
    metafieldNamespaces: [],
    metafields: [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    apiVersion: { handle: apiVersion, displayName: apiVersion, supported: true },
    endpoint: { __typename: "WebhookHttpEndpoint", callbackUrl: row.uri },
  };
}

const spec: RootConnectionSpec = {
  from: "webhook_subscriptions w",
  idExpr: "w.id",
  search: {
    resource: "webhookSubscriptions",
    defaultField: "topic",
    fields: {
      id: { kind: "number", expr: "w.id" },
      topic: { kind: "exact", expr: "w.topic" },
      created_at: { kind: "date", expr: "w.created_at" },
    },
  },
  sortKeys: { ID: "w.id", CREATED_AT: "w.created_at" },
};

export const webhookSubscriptionResolvers: Resolvers = {
  QueryRoot: {
    webhookSubscriptions: {
      args: [...CONNECTION_ARGS, "query", "sortKey", "topics", "uri", "callbackUrl", "format"],
      resolve: (_p, a, ctx, info) => {
        const where = [];
        if (a.topics?.length)
          where.push({ sql: `w.topic IN (${a.topics.map(() => "?").join(",")})`, params: a.topics });
        const uri = a.uri ?? a.callbackUrl;
        if (uri) where.push({ sql: "w.uri = ?", params: [uri] });
        if (a.format) where.push({ sql: "w.format = ?", params: [a.format] });
        return rootConnection(ctx, info, { ...spec, where }, a, (r) => webhookSubscriptionView(r, ctx.apiVersion));
      },
    },
    webhookSubscription: {
      args: ["id"],
      resolve: (_p, a, ctx) => {
        const id = idOf(a.id, "WebhookSubscription");
        const row = id == null ? undefined : ctx.store.one("SELECT * FROM webhook_subscriptions WHERE id = ?", id);
        return row ? webhookSubscriptionView(row, ctx.apiVersion) : null;
      },
    },
  },
  Mutation: {
    webhookSubscriptionCreate: {
      args: ["topic", "webhookSubscription"],
      resolve: (_p, a, ctx) => {
        const input = a.webhookSubscription;
        rejectUnknownInput(input, "WebhookSubscriptionInput", [
          "uri",
          "callbackUrl",
          "format",
          "includeFields",
          "name",
        ]);
        if (input.format && input.format !== "JSON") throw notImplemented("Webhook format XML");
        const uri: string | undefined = input.uri ?? input.callbackUrl;
        let valid = false;
        try {
          valid = ["http:", "https:"].includes(new URL(uri ?? "").protocol);
        } catch {
          valid = false;
        }
        if (!valid) {
          return {
            webhookSubscription: null,
            userErrors: [{ field: ["webhookSubscription", "uri"], message: "Address is invalid; send an http(s) URL" }],
          };
        }
        if (ctx.store.one("SELECT id FROM webhook_subscriptions WHERE topic = ? AND uri = ?", a.topic, uri)) {
          return {
            webhookSubscription: null,
            userErrors: [
              { field: ["webhookSubscription", "uri"], message: "Address for this topic has already been taken" },
            ],
          };
        }
        const now = ctx.store.now();
        const res = ctx.store.run(
          "INSERT INTO webhook_subscriptions (topic, uri, format, include_fields, name, created_at, updated_at) " +
            "VALUES (?, ?, 'JSON', ?, ?, ?, ?)",
          a.topic,
          uri,
          JSON.stringify(input.includeFields ?? []),
          input.name ?? null,
          now,
          now,
        );
        const row = ctx.store.one("SELECT * FROM webhook_subscriptions WHERE id = ?", Number(res.lastInsertRowid))!;
        return { webhookSubscription: webhookSubscriptionView(row, ctx.apiVersion), userErrors: [] };
      },
    },
    webhookSubscriptionDelete: {
      args: ["id"],
      resolve: (_p, a, ctx) => {
        const id = idOf(a.id, "WebhookSubscription");
        const res = id == null ? { changes: 0 } : ctx.store.run("DELETE FROM webhook_subscriptions WHERE id = ?", id);
        if (Number(res.changes) === 0)
          return {
            deletedWebhookSubscriptionId: null,
            userErrors: [{ field: ["id"], message: "Webhook subscription does not exist" }],
          };
        return { deletedWebhookSubscriptionId: a.id, userErrors: [] };
      },
    },
  },
};
