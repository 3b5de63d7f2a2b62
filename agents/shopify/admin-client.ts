// The contract every part of agents/ uses to reach a shop's Admin GraphQL API. One implementation
// (agents/shopify/graphql-client.ts) serves real shops and the local emulator alike; only the
// endpoint differs.
import type {} from "./types/admin.generated";

/**
 * The app's typed documents, keyed by their text: `npm run graphql-codegen` (.graphqlrc.ts) fills
 * these in from every #graphql constant in agents/, app/, mcp/, server/ and scripts/, by module augmentation
 * in ./types/admin.generated.d.ts (`{ return; variables }` per document).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdminQueries {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdminMutations {}
type AdminOperations = AdminQueries & AdminMutations;

/** The text of a document codegen has typed. */
export type TypedDocument = keyof AdminOperations & string;

/**
 * The `data` a document returns: the generated type for a typed document (a #graphql constant,
 * whose type is its literal text); `unknown` for any other string (built documents such as the
 * mirror's, tests' ad-hoc ones), which the caller must narrow or cast.
 */
export type ResultOf<Q extends string> = Q extends TypedDocument
  ? AdminOperations[Q] extends { return: infer R }
    ? R
    : never
  : unknown;

/** A document's variables: the generated type for a typed document, any JSON object otherwise. */
export type VariablesOf<Q extends string> = Q extends TypedDocument
  ? AdminOperations[Q] extends { variables: infer V }
    ? V
    : never
  : Record<string, unknown>;

export interface AdminClient {
  readonly shop: string;
  /**
   * Runs a GraphQL document and returns `data`, typed by the document (see ResultOf). Throttling
   * is waited out and transient failures retried inside; what is left throws AdminApiError
   * (GraphQL errors, 4xx, an open circuit).
   */
  graphql<Q extends string>(query: Q, variables?: VariablesOf<Q>): Promise<ResultOf<Q>>;
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
