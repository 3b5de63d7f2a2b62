// Expected failures travel as data (the caller, a model or a merchant, can act on them); bugs throw.
export type ToolFailureCode =
  | "invalid_input"
  | "not_found"
  | "insufficient_data"
  | "not_configured"
  | "forbidden"
  | "conflict"
  | "shopify_error"
  | "rate_limited"
  /** A stored analysis is not computed yet: the worker is on it (ADR 0015). */
  | "pending"
  /** A service the answer needs (the job queue, Shopify) does not answer right now. */
  | "unavailable";

export interface ToolFailure {
  ok: false;
  code: ToolFailureCode;
  message: string;
  /** What to send or do instead. */
  hint?: string;
  /** Answers from a stored result: when it was computed (ISO 8601). */
  asOf?: string;
  /** Answers from a stored result that is being computed again. */
  refreshing?: boolean;
}

export type ToolResult<T> =
  | {
      ok: true;
      data: T;
      /** Answers from a stored result (ADR 0015): when it was computed (ISO 8601). */
      asOf?: string;
      /** The stored result is older than its tool allows and is being computed again. */
      refreshing?: boolean;
    }
  | ToolFailure;

export const ok = <T>(data: T): ToolResult<T> => ({ ok: true, data });
export const fail = (code: ToolFailureCode, message: string, hint?: string): ToolFailure => ({
  ok: false,
  code,
  message,
  ...(hint ? { hint } : {}),
});
