// How long to wait before the next reconnect attempt: exponential, capped, with "equal jitter"
// (half the delay fixed, half random) so that many tabs dropped by one server restart do not
// reconnect in lockstep, yet none reconnects instantly in a tight loop.

export interface BackoffOptions {
  /** Delay of the first retry before jitter (ms). */
  baseMs: number;
  /** Upper bound of any delay (ms). */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 30_000 };

/** Delay before retry number `attempt` (0 = first retry); `random` returns [0, 1). */
export function reconnectDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 0)
    throw new Error(`attempt must be a non-negative integer, got ${attempt}`);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
