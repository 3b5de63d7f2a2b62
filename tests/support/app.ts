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
