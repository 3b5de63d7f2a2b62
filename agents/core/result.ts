// Expected failures travel as data (the caller, a model or a merchant, can act on them); bugs throw.
export type ToolFailureCode =
  | "invalid_input"
  | "not_found"
  | "insufficient_data"
  | "not_configured"
  | "forbidden"
  | "conflict"
  | "shopify_error"
  | "rate_limited";

export interface ToolFailure {
  ok: false;
  code: ToolFailureCode;
  message: string;
  /** What to send or do instead. */
  hint?: string;
}

export type ToolResult<T> = { ok: true; data: T } | ToolFailure;

export const ok = <T>(data: T): ToolResult<T> => ({ ok: true, data });
export const fail = (code: ToolFailureCode, message: string, hint?: string): ToolFailure => ({
  ok: false,
  code,
  message,
  ...(hint ? { hint } : {}),
});
