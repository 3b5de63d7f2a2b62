// The contract every part of agents/ uses to reach a shop's Admin GraphQL API. One implementation
// (agents/shopify/graphql-client.ts) serves real shops and the local emulator alike; only the
// endpoint differs.
export interface AdminClient {
  readonly shop: string;
  /**
   * Runs a GraphQL document and returns `data`. Throttling is waited out and transient failures
   * retried inside; what is left throws AdminApiError (GraphQL errors, 4xx, an open circuit).
   */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly details: { status?: number; code?: string; errors?: unknown[] } = {},
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

/** Shopify reports invalid mutations as userErrors with HTTP 200: turn them into a message. */
export function userErrorMessage(errors: UserError[] | null | undefined): string | null {
  if (!errors || errors.length === 0) return null;
  return errors.map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message)).join("; ");
}
