// AIRA for one request: the model the environment configures, the shop's rate limit, and the
// secret that signs approvals.
import { createHmac } from "node:crypto";
import { understandContextFor } from "../agents/aira/context";
import { resolveModel, type ResolvedModel } from "../agents/aira/models";
import { callLimiter, createLimiter, type CallLimiter } from "../agents/infra/limits";
import { appAgents } from "./agents.server";
import db from "./db.server";
import { env } from "../config/env.server";
import { redis } from "./redis.server";

/** `locations`: the shop's location names by id, read from the store when the offline model needs them. */
export function airaModel(shop: string, now: Date, locations?: () => Promise<Map<string, string>>): ResolvedModel {
  const config = env();
  return resolveModel(
    {
      provider: config.AIRA_MODEL,
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      model: config.OPENAI_MODEL,
    },
    {
      context: () =>
        understandContextFor(db, shop, {
          now,
          agents: appAgents()
            .list()
            .map((a) => a.name),
          locations,
        }),
      currency: async () =>
        (await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }))?.currencyCode ?? null,
    },
  );
}

let limiter: CallLimiter | undefined;

/** Chat turns per shop per minute (AIRA_TURNS_PER_MINUTE), shared by all web processes through Redis. */
export function airaLimiter(): CallLimiter {
  limiter ??= callLimiter(
    createLimiter({ points: env().AIRA_TURNS_PER_MINUTE, durationSeconds: 60, keyPrefix: "aira-turns" }, redis),
  );
  return limiter;
}

/** The AI SDK signs approval requests with this and rejects approvals it did not sign. */
export function approvalSecret(): string {
  return createHmac("sha256", env().appSecret).update("aira-tool-approval").digest("base64url");
}
