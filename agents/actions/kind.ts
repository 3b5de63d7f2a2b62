// What a store change is (ActionKind: read its current state, apply it, undo it) and the helpers every
// kind shares. The kinds live with their capabilities (agents/<capability>/actions.ts); kinds.ts lists
// them. Every mutation's userErrors are checked; a non-empty list fails the apply with Shopify's message.
import type { z } from "zod";
import type { ToolContext } from "../core/context";
import { AdminApiError, userErrorMessage, type UserError } from "../shopify/admin-client";

export interface ActionKind<T> {
  kind: string;
  /** Shape of both the before and after payloads. */
  values: z.ZodType<T>;
  /** Reads the store's current values for the items that `after` changes (the before values). */
  readCurrent(ctx: ToolContext, after: T): Promise<T>;
  /** Makes the store hold `values`; returns anything revert needs (e.g. an id Shopify assigned). */
  apply(ctx: ToolContext, values: T, previous?: unknown): Promise<unknown>;
  /** Puts back `before`. Defaults to apply(before). */
  revert?(ctx: ToolContext, before: T, applied: unknown): Promise<unknown>;
  /** One line per item: what changes from what to what. */
  describe(before: T, after: T): string[];
}

export class ActionFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ActionFailed";
  }
}

/**
 * A mutation's payload, once its userErrors are checked. The schema makes every payload nullable;
 * Shopify answers null only alongside GraphQL errors (which the client throws), so a null here is a
 * malformed answer: it fails like any other Admin API failure, not as a refusal.
 */
export function checkUserErrors<P extends { userErrors: UserError[] }>(
  mutation: string,
  payload: P | null | undefined,
): P {
  if (!payload) throw new AdminApiError(`Shopify answered ${mutation} without a payload`, { code: "BAD_RESPONSE" });
  const message = userErrorMessage(payload.userErrors);
  if (message) throw new ActionFailed(`Shopify refused ${mutation}: ${message}`);
  return payload;
}

export const gid = (type: string, id: string) => (id.startsWith("gid://") ? id : `gid://shopify/${type}/${id}`);
export const money = (n: number) => n.toFixed(2);
