// Liveness and readiness. /readyz names the dependency that failed so an operator (or a load
// balancer's log) knows where to look.
import type { Db } from "../agents/db/client";
import { pingRedis, withTimeout, type Redis } from "../agents/infra/redis";

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

export async function readiness(
  deps: { db: Db; redis: Redis },
  timeoutMs = 1_000,
): Promise<{ ok: boolean; checks: ReadinessCheck[] }> {
  const checks = await Promise.all([
    check("database", () => withTimeout(deps.db.$queryRawUnsafe("SELECT 1"), timeoutMs, "database query timed out")),
    check("redis", () => pingRedis(deps.redis, timeoutMs)),
  ]);
  return { ok: checks.every((c) => c.ok), checks };
}

async function check(name: string, run: () => Promise<unknown>): Promise<ReadinessCheck> {
  const started = performance.now();
  try {
    await run();
    return { name, ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      name,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      ms: Math.round(performance.now() - started),
    };
  }
}
