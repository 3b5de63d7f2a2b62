// Each agent's health for one shop, from its recent AgentRun rows and its circuit breaker.
import type { Db } from "../db/client";
import { withRedis, type Redis } from "../infra/redis";
import type { AgentRegistry, AgentSchedule } from "./agents";
import { readBreakers, type BreakerSnapshot } from "./breaker";
import { agentRegistry } from "./catalog";
import { DEFAULT_PREFIX } from "./names";

export interface AgentHealth {
  name: string;
  title: string;
  description: string;
  capabilities: string[];
  tools: string[];
  schedule: AgentSchedule | null;
  /** Whether this shop has the agent's schedule installed; null when not asked (no runtime given). */
  scheduled: boolean | null;
  lastRun: {
    id: string;
    status: string;
    trigger: string;
    queuedAt: Date;
    finishedAt: Date | null;
    error: string | null;
  } | null;
  /** The latest succeeded run's one-line summary (what it found), in the window. */
  lastSummary: { text: string; finishedAt: Date | null } | null;
  /** Over the window's finished runs: succeeded / (succeeded + failed); null before any finished. */
  successRate: number | null;
  errorCount: number;
  /** 95th percentile of durationMs over the window's finished runs (nearest rank). */
  p95DurationMs: number | null;
  runsInWindow: number;
  breaker: BreakerSnapshot | { state: "closed"; since: null; failures: 0; successes: 0 };
}

export interface HealthOptions {
  agents?: AgentRegistry;
  prefix?: string;
  /** Runs per agent to look at (default 100). */
  window?: number;
  /** To report whether each schedule is installed for the shop. */
  isScheduled?: (shop: string, agent: string) => Promise<boolean>;
}

export async function agentHealth(
  db: Db,
  redis: Redis,
  shop: string,
  options: HealthOptions = {},
): Promise<AgentHealth[]> {
  const agents = (options.agents ?? agentRegistry()).list();
  const window = options.window ?? 100;
  // Redis down: the page still shows runs (from the database); breakers read as closed, schedules as unknown.
  const breakers = await withRedis(redis, "agent health", () =>
    readBreakers(redis, options.prefix ?? DEFAULT_PREFIX),
  ).catch(() => ({}) as Awaited<ReturnType<typeof readBreakers>>);
  return Promise.all(
    agents.map(async (agent) => {
      const runs = await db.agentRun.findMany({
        where: { shop, agent: agent.name },
        orderBy: { queuedAt: "desc" },
        take: window,
        select: {
          id: true,
          status: true,
          trigger: true,
          queuedAt: true,
          finishedAt: true,
          durationMs: true,
          error: true,
          summary: true,
        },
      });
      const succeeded = runs.filter((run) => run.status === "succeeded").length;
      const failed = runs.filter((run) => run.status === "failed").length;
      const durations = runs
        .filter((run) => run.status === "succeeded" || run.status === "failed")
        .flatMap((run) => (run.durationMs === null ? [] : [run.durationMs]));
      const last = runs[0];
      const summarized = runs.find((run) => run.status === "succeeded" && run.summary);
      return {
        name: agent.name,
        title: agent.title,
        description: agent.description,
        capabilities: agent.capabilities,
        tools: agent.tools,
        schedule: agent.schedule ?? null,
        scheduled:
          agent.schedule && options.isScheduled
            ? await options.isScheduled(shop, agent.name).catch(() => null)
            : agent.schedule
              ? null
              : false,
        lastRun: last
          ? {
              id: last.id,
              status: last.status,
              trigger: last.trigger,
              queuedAt: last.queuedAt,
              finishedAt: last.finishedAt,
              error: last.error,
            }
          : null,
        lastSummary: summarized ? { text: summarized.summary!, finishedAt: summarized.finishedAt } : null,
        successRate: succeeded + failed ? succeeded / (succeeded + failed) : null,
        errorCount: failed,
        p95DurationMs: percentile(durations, 0.95),
        runsInWindow: runs.length,
        breaker: breakers[agent.name] ?? { state: "closed", since: null, failures: 0, successes: 0 },
      } satisfies AgentHealth;
    }),
  );
}

/** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}
