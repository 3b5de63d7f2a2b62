// Starting agents from AIRA, MCP or the UI: the same BullMQ path as "Run now" on the Agents page.
import { z } from "zod";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { UnknownAgentError } from "./agents";

export const runAgent = defineTool({
  name: "run_agent",
  title: "Run an agent",
  description:
    "Starts a background run of one of the store's agents (store-sync, inventory-forecasting, pricing-optimizer, product-research, order-fulfillment, finance-monitor, marketing-campaigns, support-desk, weekly-report, ...) and returns its run id; progress appears on the Agents page and in the chat. Agents only read and propose: any store change they suggest still waits for approval.",
  capability: "orchestration",
  input: z.object({
    agent: z.string().min(1).max(60).describe("The agent's name, e.g. inventory-forecasting"),
    input: z.record(z.string(), z.unknown()).optional().describe("Optional input for the agent run"),
  }),
  output: z.object({ runId: z.string(), agent: z.string(), deduplicated: z.boolean() }),
  annotations: { readOnly: false, destructive: false, idempotent: false },
  changesStore: false,
  async handler(ctx, input) {
    if (!ctx.runner)
      return fail(
        "not_configured",
        "Agents cannot be started from here: no job queue is connected.",
        "Start Redis and the worker (npm start does both).",
      );
    try {
      const run = await ctx.runner.enqueue({
        shop: ctx.shop,
        agent: input.agent,
        trigger: `${ctx.actor.kind}:${ctx.actor.id}`,
        input: input.input,
      });
      return ok({ runId: run.runId, agent: input.agent, deduplicated: run.deduplicated });
    } catch (error) {
      if (error instanceof UnknownAgentError)
        return fail(
          "invalid_input",
          `There is no agent named "${error.agent}".`,
          `Use one of: ${error.known.join(", ")}`,
        );
      throw error;
    }
  },
});
