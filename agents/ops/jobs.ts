// What the scheduled operations agents share: their dependencies, and the tool context a job's
// tool calls run with (the shop's Admin API client, the job's db, logger and clock, the agent as actor).
import type { Actor, ToolContext } from "../core/context";
import type { AgentJobContext } from "../runtime/agents";
import type { AdminClient } from "../shopify/admin-client";
import type { ReplyWriter } from "../support/reply";

export interface AgentDeps {
  /** The Admin API client for a shop (the emulator in local mode, the offline session otherwise). */
  adminFor(shop: string): Promise<AdminClient>;
  /** Drafts support replies with the configured language model; absent: the template drafts. */
  replyWriter?: ReplyWriter;
}

export async function toolContext(ctx: AgentJobContext, deps: AgentDeps, agent: string): Promise<ToolContext> {
  const actor: Actor = { kind: "schedule", id: agent };
  return {
    shop: ctx.shop,
    db: ctx.db,
    admin: await deps.adminFor(ctx.shop),
    logger: ctx.logger,
    actor,
    // Heavy analysis an agent runs is stored for pages to read (ADR 0015).
    results: { mode: "compute", runId: ctx.runId },
    now: ctx.now,
  };
}
