// Starting agents from AIRA, MCP or the UI: the same BullMQ path as "Run now" on the Agents page.
import { z } from "zod";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { UnknownAgentError } from "./agents";
import { readRunStatus, runStatusSchema, waitForRun } from "./run-status";

/** The longest a call may wait for its run: long enough for most agents, short of client timeouts. */
export const MAX_RUN_WAIT_SECONDS = 120;

export const runAgent = defineTool({
  name: "run_agent",
  title: "Run an agent",
  description:
    "Starts a background run of one of the store's agents (store-sync, inventory-forecasting, pricing-optimizer, product-research, order-fulfillment, finance-monitor, marketing-campaigns, support-desk, weekly-report, ...) and returns its run id and status; progress appears on the Agents page and in the chat. With waitSeconds it waits for the run to finish (reporting progress as it goes) and returns its outcome and summary; otherwise check later with get_agent_run. Agents only read and propose: any store change they suggest still waits for approval.",
  capability: "orchestration",
  input: z.object({
    agent: z.string().min(1).max(60).describe("The agent's name, e.g. inventory-forecasting"),
    input: z.record(z.string(), z.unknown()).optional().describe("Optional input for the agent run"),
    waitSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_RUN_WAIT_SECONDS)
      .optional()
      .describe(
        `Wait up to this many seconds for the run to finish (0-${MAX_RUN_WAIT_SECONDS}; default 0: return at once)`,
      ),
  }),
  output: runStatusSchema.extend({
    deduplicated: z.boolean().describe("True when the same run was already queued or running"),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: false },
  changesStore: false,
  async handler(ctx, input) {
    if (!ctx.runner)
      return fail(
        "not_configured",
        "Agents cannot be started from here: no job queue is connected.",
        "Start Redis and the worker (npm start does both).",
      );
    let run;
    try {
      run = await ctx.runner.enqueue({
        shop: ctx.shop,
        agent: input.agent,
        trigger: `${ctx.actor.kind}:${ctx.actor.id}`,
        input: input.input,
      });
    } catch (error) {
      if (error instanceof UnknownAgentError)
        return fail(
          "invalid_input",
          `There is no agent named "${error.agent}".`,
          `Use one of: ${error.known.join(", ")}`,
        );
      throw error;
    }
    const status = input.waitSeconds
      ? await waitForRun(ctx, run.runId, input.waitSeconds * 1000)
      : await readRunStatus(ctx, run.runId);
    if (!status) throw new Error(`Run ${run.runId} was queued but its row is gone`);
    return ok({ ...status, deduplicated: run.deduplicated });
  },
});

export const getAgentRun = defineTool({
  name: "get_agent_run",
  title: "An agent run's outcome",
  description:
    "Tells how one agent run (a run id from run_agent) is going or how it ended: status (queued, running, succeeded, failed, cancelled), percent done and the agent's latest progress line, its one-line summary, and what it found that is still open (the findings this run was the last to find; the full worklists are in get_agent_findings). Read-only.",
  capability: "orchestration",
  input: z.object({
    runId: z.string().min(1).max(100).describe("The run id run_agent returned"),
    findingsLimit: z.number().int().min(0).max(50).default(10).describe("Findings to return (0-50)"),
  }),
  output: runStatusSchema.extend({
    findings: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), status: z.string() })),
    findingsTotal: z.number().describe("How many findings this run was the last to find"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const run = await readRunStatus(ctx, input.runId);
    if (!run)
      return fail(
        "not_found",
        `No agent run ${input.runId} in this store.`,
        "Use the run id run_agent returned, or get_agent_status for the latest runs.",
      );
    const where = { shop: ctx.shop, runId: run.runId };
    const [findings, findingsTotal] = await Promise.all([
      input.findingsLimit > 0
        ? ctx.db.finding.findMany({
            where,
            orderBy: [{ score: "desc" }, { id: "asc" }],
            take: input.findingsLimit,
            select: { id: true, kind: true, title: true, status: true },
          })
        : [],
      ctx.db.finding.count({ where }),
    ]);
    return ok({ ...run, findings, findingsTotal });
  },
});
