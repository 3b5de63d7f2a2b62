// A tool is defined once here and adapted to every surface (AIRA's AI SDK tools, MCP tools, the
// UI and jobs). The adapters only map these fields; they add no behaviour of their own.
import type { z } from "zod";
import type { ToolContext } from "./context";
import type { ToolResult } from "./result";

export interface ToolAnnotations {
  /** Reads only: never changes the store or our data. */
  readOnly: boolean;
  /** May remove or overwrite something the merchant cares about (after approval). */
  destructive: boolean;
  /** Calling twice with the same input has the same effect as once. */
  idempotent: boolean;
}

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** snake_case verb_noun, e.g. forecast_demand. */
  name: string;
  title: string;
  /** Written for a model: when to use it, what it returns, what it does not do. */
  description: string;
  /** The agent capability it belongs to (inventory, pricing, marketing, ...). */
  capability: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /** True when the tool proposes a store change: it creates a pending action, never applies one. */
  changesStore: boolean;
  /**
   * Heavy analysis (reads much of the shop's history): requests answer from its stored result,
   * computed in the worker, and ask for a new one when it is older than freshForMs (ADR 0015).
   * `pagesOnly`: only the merchant's pages answer from the stored result (they load on every visit,
   * many times a day); AIRA and MCP, asked once, compute it in place (ADR 0049).
   */
  stored?: { freshForMs: number; pagesOnly?: boolean };
  /**
   * The answer depends only on the shop's data, the input and the clock: calls made while the
   * database is unchanged may share one computation (ADR 0050). Returns the instant (epoch ms) from
   * which the clock alone may change `data` (Infinity: never; e.g. the shop's next midnight for a
   * window of complete days). Not for tools that read Redis, Shopify or the caller's identity.
   */
  sharedUntil?: (data: z.infer<O>, now: Date) => number;
  handler(ctx: ToolContext, input: z.infer<I>): Promise<ToolResult<z.infer<O>>>;
}

const NAME = /^[a-z]+(_[a-z0-9]+)+$/;

export function defineTool<I extends z.ZodType, O extends z.ZodType>(
  definition: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  if (!NAME.test(definition.name)) throw new Error(`Tool name "${definition.name}" must be snake_case verb_noun`);
  if (definition.changesStore && definition.annotations.readOnly)
    throw new Error(`Tool ${definition.name} changes the store but is marked readOnly`);
  if (definition.stored && !definition.annotations.readOnly)
    throw new Error(`Tool ${definition.name} has a stored result but is not read-only`);
  if (definition.sharedUntil && (!definition.annotations.readOnly || definition.stored))
    throw new Error(`Tool ${definition.name}: only a read-only tool without a stored result may share answers`);
  if (definition.stored && !(definition.stored.freshForMs >= 60_000))
    throw new Error(`Tool ${definition.name}: stored.freshForMs must be at least a minute`);
  if (definition.description.trim().length < 40)
    throw new Error(`Tool ${definition.name} needs a description a model can act on`);
  return definition;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any>;
