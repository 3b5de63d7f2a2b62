// The registry's tools as AI SDK tools for AIRA. Reading tools run at once. Store-changing tools
// pause for the merchant: before asking, AIRA records the proposal (before -> after, nothing
// applied) so that the approval card shows exactly what will change; the merchant's approval,
// signed by the AI SDK and checked on the server, then applies that recorded action through the
// action path (audited, revertible). The tool arguments come from the model; the approval and
// the result never come from the client.
//
// The rule for tools that act in the app without changing the store (run an agent, create or edit
// a support ticket, decide an alert: not read-only, not changesStore): AIRA asks too. Whatever model
// answers reads tool results, and those carry text written by customers and others (ticket bodies,
// product copy, order notes) that may tell it to act; the merchant's approval of the exact call is
// what makes it the merchant's own decision. (docs/decisions/0018-bounded-input-and-local-hardening.md)
import { tool, type ToolApprovalStatus, type ToolSet } from "ai";
import { approveAction, proposalResult, toProposed } from "../actions/actions";
import type { Actor, ToolContext } from "../core/context";
import type { ToolRegistry } from "../core/registry";
import { fail, ok, type ToolFailure, type ToolResult } from "../core/result";
import type { AnyTool } from "../core/tool";

export interface AiraToolOptions {
  registry: ToolRegistry;
  /** Context for AIRA's own calls (actor kind "aira"). */
  ctx: ToolContext;
  /** The merchant in this request: the only one who approves. */
  merchant: Actor;
  conversationId: string;
}

/** Links a recorded proposal to the tool call that made it, so a replayed approval finds it again. */
export const originOf = (conversationId: string, toolCallId: string) => `aira:${conversationId}:${toolCallId}`;

export function createAiraTools(options: AiraToolOptions) {
  const { registry, ctx, merchant, conversationId } = options;
  const tools: ToolSet = {};
  const toolApproval: Record<string, (input: unknown, call: { toolCallId: string }) => Promise<ToolApprovalStatus>> =
    {};
  // Proposals that failed (unknown SKU, bad value): execute reports them without asking anyone.
  const failedProposals = new Map<string, ToolFailure>();

  for (const definition of registry.list()) {
    if (!definition.changesStore && !definition.annotations.readOnly) {
      tools[definition.name] = tool({
        description: `${definition.description} The merchant sees this call and approves or denies it in the chat before it runs.`,
        inputSchema: definition.input,
        execute: (input: unknown) => registry.call({ ...ctx, actor: merchant }, definition.name, input),
      });
      toolApproval[definition.name] = (input) =>
        Promise.resolve({ type: "user-approval", reason: actionText(definition, input) });
      continue;
    }
    if (!definition.changesStore) {
      tools[definition.name] = tool({
        description: definition.description,
        inputSchema: definition.input,
        execute: (input: unknown) => registry.call(ctx, definition.name, input),
      });
      continue;
    }
    tools[definition.name] = tool({
      description: `${definition.description} The merchant sees the exact change and approves or denies it in the chat before anything is applied.`,
      inputSchema: definition.input,
      execute: (_input: unknown, call: { toolCallId: string }) => applyApproved(call.toolCallId),
    });
    toolApproval[definition.name] = (input, call) => proposeForApproval(definition, input, call.toolCallId);
  }

  async function proposeForApproval(
    definition: AnyTool,
    input: unknown,
    toolCallId: string,
  ): Promise<ToolApprovalStatus> {
    const origin = originOf(conversationId, toolCallId);
    // The approval policy is evaluated again when the approval comes back: reuse the proposal.
    const existing = await ctx.db.action.findUnique({ where: { origin } });
    if (existing) return { type: "user-approval", reason: approvalText(toProposed(existing)) };
    const result = await registry.call(ctx, definition.name, input);
    if (!result.ok) {
      failedProposals.set(toolCallId, result);
      return "not-applicable";
    }
    const { actionId } = result.data as { actionId: string };
    const action = await ctx.db.action.update({ where: { id: actionId }, data: { origin } });
    return { type: "user-approval", reason: approvalText(toProposed(action)) };
  }

  async function applyApproved(toolCallId: string): Promise<ToolResult<unknown>> {
    const failed = failedProposals.get(toolCallId);
    if (failed) return failed;
    const action = await ctx.db.action.findUnique({ where: { origin: originOf(conversationId, toolCallId) } });
    if (!action || action.shop !== ctx.shop)
      return fail("not_found", "This proposal is no longer on record; nothing was changed.");
    if (action.status !== "pending")
      return ok({
        ...proposalResult(toProposed(action)),
        note: `Already ${action.status} elsewhere; nothing more was done.`,
      });
    const applied = await approveAction(
      { ...ctx, actor: merchant, logger: ctx.logger.child({ approvedVia: "aira" }) },
      action.id,
    );
    return applied.ok ? ok(proposalResult(applied.data)) : applied;
  }

  return { tools, toolApproval };
}

/** An in-app action's approval card: its title, then one line per argument ("Agent: pricing-optimizer"). */
export function actionText(definition: AnyTool, input: unknown): string {
  const fields = input && typeof input === "object" ? Object.entries(input as Record<string, unknown>) : [];
  const words = (key: string) => key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
  const value = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v)).slice(0, 200);
  return [
    definition.title,
    ...fields.filter(([, v]) => v !== undefined).map(([k, v]) => `${words(k)}: ${value(v)}`),
  ].join("\n");
}

/** Line 1 the summary, then one line per change, then the count: what the approval card shows. */
export function approvalText(proposal: { summary: string; changes: string[]; itemCount: number }): string {
  const items = `${proposal.itemCount} item${proposal.itemCount === 1 ? "" : "s"}`;
  return [proposal.summary, ...proposal.changes, items].join("\n");
}
