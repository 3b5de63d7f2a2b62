// A run as the tools report it (run_agent, get_agent_run), and waiting for one to finish: the
// AgentRun row is the truth (the worker writes status, progress and message there), so a caller
// in any process (web, stdio) follows a run through the database, with no Redis subscription.
import { z } from "zod";
import type { ToolContext } from "../core/context";

export const runStatusSchema = z.object({
  runId: z.string(),
  agent: z.string(),
  status: z.string().describe("queued, running, succeeded, failed or cancelled"),
  progress: z.number().describe("Percent done (0-100), as the agent reports it"),
  message: z.string().nullable().describe("The agent's latest progress line"),
  trigger: z.string(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  summary: z.string().nullable().describe("What the run found, in one line (once it succeeded)"),
  error: z.string().nullable(),
});
export type RunStatusView = z.infer<typeof runStatusSchema>;

export const FINISHED_STATUSES = ["succeeded", "failed", "cancelled"];

/** The run, if it is this shop's; null otherwise (another shop's run id is "not found"). */
export async function readRunStatus(
  ctx: Pick<ToolContext, "db" | "shop">,
  runId: string,
): Promise<RunStatusView | null> {
  const run = await ctx.db.agentRun.findFirst({
    where: { id: runId, shop: ctx.shop },
    select: {
      id: true,
      agent: true,
      status: true,
      progress: true,
      message: true,
      trigger: true,
      queuedAt: true,
      startedAt: true,
      finishedAt: true,
      summary: true,
      error: true,
    },
  });
  if (!run) return null;
  const { id, queuedAt, startedAt, finishedAt, ...rest } = run;
  return {
    runId: id,
    ...rest,
    queuedAt: queuedAt.toISOString(),
    startedAt: startedAt?.toISOString() ?? null,
    finishedAt: finishedAt?.toISOString() ?? null,
  };
}

/** How often a waiting call reads the run's row: progress reaches the client within this. */
export const RUN_POLL_MS = 250;

/**
 * Follows a run until it finishes, `waitMs` passes or the caller gives up (ctx.signal), reporting
 * each new progress step through ctx.progress. Returns the run as last read.
 */
export async function waitForRun(
  ctx: Pick<ToolContext, "db" | "shop" | "progress" | "signal">,
  runId: string,
  waitMs: number,
  pollMs = RUN_POLL_MS,
): Promise<RunStatusView | null> {
  const deadline = Date.now() + waitMs;
  let reported = "";
  for (;;) {
    const run = await readRunStatus(ctx, runId);
    if (!run) return null;
    const finished = FINISHED_STATUSES.includes(run.status);
    const step = `${run.status}|${run.progress}|${run.message ?? ""}`;
    if (ctx.progress && step !== reported) {
      reported = step;
      await ctx.progress({
        progress: finished ? 100 : run.progress,
        total: 100,
        message: run.message ?? `${run.agent}: ${run.status}`,
      });
    }
    if (finished || Date.now() >= deadline || ctx.signal?.aborted) return run;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(pollMs, Math.max(0, deadline - Date.now())));
      function done() {
        clearTimeout(timer);
        ctx.signal?.removeEventListener("abort", done);
        resolve();
      }
      ctx.signal?.addEventListener("abort", done, { once: true });
    });
  }
}
