// Loads the app's server modules against a given environment: each test file gets its own
// database and configuration, as a fresh process would.
import { vi } from "vitest";

export async function loadAppWithEnv(overrides: Record<string, string>) {
  for (const [key, value] of Object.entries(overrides)) process.env[key] = value;
  vi.resetModules();
  const [{ default: db }, shopify, envModule] = await Promise.all([
    import("../../app/db.server"),
    import("../../app/shopify.server"),
    import("../../config/env.server"),
  ]);
  return { db, shopify, env: envModule.env() };
}

/**
 * The worker's analysis refreshes in this process (ADR 0015), for tests of pages and APIs that
 * read stored analyses: the app's own agents, on the app's Redis and database (call after loadAppWithEnv).
 */
export async function startAnalysisWorker() {
  const [{ appAgents }, { default: db }, { env }, { createWorkers }, { REFRESH_AGENT }, { pino }] = await Promise.all([
    import("../../app/runtime.server"),
    import("../../app/db.server"),
    import("../../config/env.server"),
    import("../../agents/runtime/worker"),
    import("../../agents/results/names"),
    import("pino"),
  ]);
  const workers = createWorkers({
    redisUrl: env().REDIS_URL,
    db,
    logger: pino({ level: "silent" }),
    agents: appAgents(),
    only: [REFRESH_AGENT],
    concurrency: 2,
  });
  await workers.ready();
  return workers;
}
