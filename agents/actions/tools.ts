// The tool about the changes waiting for approval (approving them is the merchant's, in the app).
import { z } from "zod";
import { ok } from "../core/result";
import { defineTool } from "../core/tool";
import { toProposed } from "./actions";

export const listPendingActions = defineTool({
  name: "list_pending_actions",
  title: "Changes waiting for approval",
  description:
    "Lists store changes that were proposed (by AIRA, an agent or an MCP client) and wait for the merchant's approval, with exactly what each would change (before -> after). It does not approve anything: only the merchant approves, in the app.",
  capability: "security",
  input: z.object({
    status: z
      .enum(["pending", "applied", "failed", "denied", "reverted"])
      .default("pending")
      .describe("Which actions to list"),
    limit: z.number().int().min(1).max(100).default(20).describe("At most this many, newest first"),
    cursor: z.string().optional().describe("nextCursor from a previous page"),
  }),
  output: z.object({
    actions: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        status: z.string(),
        summary: z.string(),
        itemCount: z.number(),
        changes: z.array(z.string()),
        proposedBy: z.string(),
        createdAt: z.string(),
      }),
    ),
    nextCursor: z.string().nullable(),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const rows = await ctx.db.action.findMany({
      where: { shop: ctx.shop, status: input.status },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: input.limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    });
    const page = rows.slice(0, input.limit);
    return ok({
      actions: page
        .map((a) => ({ ...toProposed(a), proposedBy: a.proposedBy, createdAt: a.createdAt.toISOString() }))
        .map(({ before: _b, after: _a, ...rest }) => rest),
      nextCursor: rows.length > input.limit ? page[page.length - 1].id : null,
    });
  },
});
