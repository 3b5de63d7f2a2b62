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
  /**
   * Reads the store to tell where a change stands when its apply (or revert) ended without a clear
   * answer: a lost response, a crash mid-way, a failure after some of its mutations. `direction`
   * says which side is the target: "apply" looks for `after`, "revert" for `before`.
   */
  check(ctx: ToolContext, change: Change<T>, direction: Direction): Promise<StoreCheck>;
  /** One line per item: what changes from what to what. */
  describe(before: T, after: T): string[];
}

export type Direction = "apply" | "revert";

export interface Change<T> {
  before: T;
  after: T;
  /** What apply returned (e.g. an id Shopify assigned), when it got that far. */
  result: unknown;
}

export interface StoreCheck {
  /**
   * applied: the store holds the target; not_applied: it still holds the other side; partly: some
   * items each; unknown: the store holds neither (changed by someone else meanwhile, or a relative
   * change the values cannot prove).
   */
  state: "applied" | "not_applied" | "partly" | "unknown";
  /** For applied: what apply would have returned (e.g. the created discount's id). */
  result?: unknown;
}

/** Item by item: does the store hold the target value, the other side's value (both when they are equal)? */
export function settle(items: { target: boolean; other: boolean }[]): StoreCheck["state"] {
  if (items.every((i) => i.target)) return "applied";
  if (items.every((i) => i.other)) return "not_applied";
  if (items.some((i) => i.target && !i.other)) return "partly";
  return "unknown";
}

/** The target and the other side of a change for a direction. */
export function sides<T>(change: Change<T>, direction: Direction): { target: T; other: T } {
  return direction === "apply"
    ? { target: change.after, other: change.before }
    : { target: change.before, other: change.after };
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
