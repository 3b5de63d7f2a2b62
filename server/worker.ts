// The worker process (`npm run worker`): runs every registered agent's jobs from BullMQ.
// SIGTERM/SIGINT stop it gracefully: no new jobs, the active ones finish first.
import { createLogger, useLines } from "../agents/infra/logger";
import { createDb, prepareDatabase } from "../agents/db/client";
import { createAgents } from "../agents/agents";
import { recoverActions } from "../agents/actions/recover";
import { modelReplyWriter } from "../agents/aira/copywriter";
import { resolveModel } from "../agents/aira/models";
import { closeStaleSyncs } from "../agents/mirror/sync";
import { createAgentRegistry } from "../agents/runtime/agents";
import { startWorkerProcess } from "../agents/runtime/process";
import { adminClientFor, appCredentials } from "../agents/shopify/local";
import { envOrExit } from "../config/env.server";

async function main() {
  const config = envOrExit();
  const logger = createLogger(
    { level: config.LOG_LEVEL, base: { service: "royal-equips-worker" } },
    useLines(config.LOG_FORMAT, config.localMode),
  );
  try {
    const db = createDb(config.DATABASE_URL);
    await prepareDatabase(db, config.DATABASE_URL);
    const local = config.localMode
      ? { emulatorUrl: config.EMULATOR_URL, emulatorAccessToken: config.EMULATOR_ACCESS_TOKEN, shop: config.LOCAL_SHOP }
      : null;
    const adminFor = (shop: string) => adminClientFor(db, shop, local, { logger }, appCredentials(config));
    const agents = createAgentRegistry(createAgents({ adminFor, replyWriter: replyWriterFor(config) }));
    await startWorkerProcess({
      redisUrl: config.REDIS_URL,
      db,
      logger,
      agents,
      concurrency: config.WORKER_CONCURRENCY,
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
          name: "close interrupted syncs",
          everyMs: 60_000,
          run: async () => {
            const closed = await closeStaleSyncs(db);
            return closed.length ? { closed } : null;
          },
        },
      ],
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
