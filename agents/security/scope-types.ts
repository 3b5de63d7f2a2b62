// The shape of one scope requirement, in its own module so that the generated
// scope-requirements.ts and scopes.ts (which reads it) do not import each other.

/** A need for one of several scopes (any one suffices), and what needs it. */
export interface ScopeRequirement {
  anyOf: string[];
  /** Admin API types and fields ("Order", "Mutation.productUpdate") or a plain-words reason. */
  needs: string[];
  /** Which documents or features have the need. */
  usedBy: string[];
}
