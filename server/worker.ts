// The worker process (`npm run worker`): runs every registered agent's jobs from BullMQ.
// SIGTERM/SIGINT stop it gracefully: no new jobs, the active ones finish first (up to
// WORKER_SHUTDOWN_GRACE_SECONDS, then they go back to the queue).
import { createLogger, useLines } from "../agents/infra/logger";
import { createDb, prepareDatabase } from "../agents/db/client";
import { createAgents } from "../agents/agents";
import { recoverActions } from "../agents/actions/recover";
import { modelReplyWriter } from "../agents/aira/copywriter";
import { resolveModel } from "../agents/aira/models";
import { closeStaleSyncs } from "../agents/mirror/sync";
import { createAgentRegistry } from "../agents/runtime/agents";
import { startWorkerProcess } from "../agents/runtime/process";
import { createRedis } from "../agents/infra/redis";
import { adminClientFor, appCredentials } from "../agents/shopify/local";
import { envOrExit, tokenCipherFor } from "../config/env.server";
import { startWorkerHttp } from "./worker-http";
import { startTelemetry } from "./telemetry";
import { traceIds } from "../agents/infra/tracing";
import { reencryptSessionTokens } from "../agents/shopify/session-tokens";

async function main() {
  const config = envOrExit();
  await startTelemetry("royal-equips-worker");
  const logger = createLogger(
    { level: config.LOG_LEVEL, base: { service: "royal-equips-worker" }, mixin: traceIds },
    useLines(config.LOG_FORMAT, config.localMode),
  );
  try {
    const db = createDb(config.DATABASE_URL, { tokenCipher: tokenCipherFor(config) });
    await prepareDatabase(db, config.DATABASE_URL);
    const local = config.localMode
      ? { emulatorUrl: config.EMULATOR_URL, emulatorAccessToken: config.EMULATOR_ACCESS_TOKEN, shop: config.LOCAL_SHOP }
      : null;
    // Every worker and web process shares each shop's Shopify cost bucket through Redis (ADR 0025).
    const sharedBucket = createRedis(config.REDIS_URL, { name: "worker-cost-bucket" });
    sharedBucket.on("error", () => {}); // an outage is reported by the bucket (it falls back to its own model)
    const adminFor = (shop: string) =>
      adminClientFor(db, shop, local, { logger, sharedBucket }, appCredentials(config));
    const agents = createAgentRegistry(createAgents({ adminFor, replyWriter: replyWriterFor(config) }));
    const worker = await startWorkerProcess({
      redisUrl: config.REDIS_URL,
      db,
      logger,
      agents,
      concurrency: config.WORKER_CONCURRENCY,
      lanes: config.WORKER_LANES,
      shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_SECONDS * 1_000,
      scheduleInstalledShops: true,
      housekeeping: [
        // Store changes a crash left between approved and applied: settled from what the store holds.
        {
          name: "settle interrupted store changes",
          everyMs: 30_000,
          run: async () => {
            const pass = await recoverActions({ db, logger, adminFor });
            return pass.settled.length || pass.pending.length ? pass : null;
          },
        },
        {
          // Key rotation (TOKEN_ENCRYPTION_PREVIOUS_KEYS): tokens under a previous key, or stored
          // before encryption, are rewritten under the current one.
          name: "re-encrypt Shopify tokens",
          everyMs: 3_600_000,
          run: async () => {
            const rewritten = await reencryptSessionTokens(db);
            return rewritten ? { rewritten } : null;
          },
        },
        {
          name: "close interrupted syncs",
          everyMs: 60_000,
          run: async () => {
            const closed = await closeStaleSyncs(db);
            return closed.length ? { closed } : null;
          },
        },
      ],
    });
    if (config.workerPort !== null)
      await startWorkerHttp({
        process: worker,
        db,
        redisUrl: config.REDIS_URL,
        port: config.workerPort,
        host: config.HOST,
        logger,
      });
  } catch (error) {
    logger.fatal({ err: (error as Error).message }, "worker could not start");
    process.exit(1);
  }
}

/** Reply drafts from AIRA's configured language model; none (the template drafts) without one. */
function replyWriterFor(config: ReturnType<typeof envOrExit>) {
  if (config.AIRA_MODEL === "offline" || !(config.OPENAI_API_KEY || config.OPENAI_BASE_URL)) return undefined;
  const { model, label, kind } = resolveModel(
    {
      provider: config.AIRA_MODEL,
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      model: config.OPENAI_MODEL,
    },
    // Never used: a remote model is configured (checked above).
    { context: async () => ({}) as never, currency: async () => null },
  );
  return kind === "offline" ? undefined : modelReplyWriter(model, label);
}

void main();
