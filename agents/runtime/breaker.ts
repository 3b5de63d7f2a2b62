// A circuit breaker per agent (opossum): repeated failures open it, and while it is open the
// worker delays jobs instead of failing them. Each state change is written to a Redis hash so
// the web process (a different process) can show it.
import CircuitBreaker from "opossum";
import type { Logger } from "pino";
import type { Redis } from "../infra/redis";
import { DEFAULT_PREFIX, breakersKey } from "./names";

export type BreakerState = "closed" | "open" | "halfOpen";

export interface BreakerSnapshot {
  state: BreakerState;
  /** When the state last changed (ISO). */
  since: string;
  failures: number;
  successes: number;
}

export interface BreakerOptions {
  /** Percentage of failed runs in the rolling window that opens the breaker (default 50). */
  errorThresholdPercentage?: number;
  /** Runs in the window before the breaker may open (default 5). */
  volumeThreshold?: number;
  /** How long it stays open before letting one run through (default 30 s). */
  resetTimeoutMs?: number;
  /** The rolling statistics window (default 60 s). */
  rollingCountTimeoutMs?: number;
}

export type AgentCall = (run: () => Promise<unknown>) => Promise<unknown>;

export interface AgentBreaker {
  fire: AgentCall;
  readonly state: BreakerState;
  /** How long a job refused by the open breaker is delayed. */
  readonly retryAfterMs: number;
  shutdown(): void;
}

/** True for the error opossum rejects with while open (or half-open with a trial run in flight). */
export const isBreakerOpenError = (error: unknown) => (error as { code?: string } | null)?.code === "EOPENBREAKER";

export function createAgentBreaker(
  agent: string,
  redis: Redis,
  logger: Logger,
  options: BreakerOptions = {},
  prefix = DEFAULT_PREFIX,
  ignore: (error: unknown) => boolean = () => false,
): AgentBreaker {
  const resetTimeout = options.resetTimeoutMs ?? 30_000;
  const breaker = new CircuitBreaker((run: () => Promise<unknown>) => run(), {
    name: agent,
    timeout: false, // agents may run for minutes; cancellation is by AbortSignal
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 5,
    resetTimeout,
    rollingCountTimeout: options.rollingCountTimeoutMs ?? 60_000,
    // Cancellations and bad input say nothing about the agent's health.
    errorFilter: ignore,
  });
  let state: BreakerState = "closed";
  const publish = (next: BreakerState) => {
    state = next;
    const stats = breaker.stats;
    const snapshot: BreakerSnapshot = {
      state: next,
      since: new Date().toISOString(),
      failures: stats.failures,
      successes: stats.successes,
    };
    logger[next === "open" ? "warn" : "info"]({ agent, breaker: snapshot }, `circuit breaker ${next}`);
    redis
      .hset(breakersKey(prefix), agent, JSON.stringify(snapshot))
      .catch((error: Error) => logger.warn({ err: error.message, agent }, "could not publish breaker state"));
  };
  breaker.on("open", () => publish("open"));
  breaker.on("halfOpen", () => publish("halfOpen"));
  breaker.on("close", () => publish("closed"));
  return {
    fire: (run) => breaker.fire(run),
    get state() {
      return state;
    },
    retryAfterMs: resetTimeout,
    shutdown: () => breaker.shutdown(),
  };
}

/** Every agent's last published breaker state (agents never tripped are absent: closed). */
export async function readBreakers(redis: Redis, prefix = DEFAULT_PREFIX): Promise<Record<string, BreakerSnapshot>> {
  const raw = await redis.hgetall(breakersKey(prefix));
  const result: Record<string, BreakerSnapshot> = {};
  for (const [agent, text] of Object.entries(raw)) {
    try {
      result[agent] = JSON.parse(text) as BreakerSnapshot;
    } catch {
      // skip a malformed entry
    }
  }
  return result;
}
