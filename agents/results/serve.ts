// How a tool with a stored result answers (ADR 0015), called by the registry after input validation:
//  - in the worker ("compute"): compute it and store the answer;
//  - in a request ("serve"): answer from the stored result, and when it is older than the tool
//    allows (or missing) ask the worker for a new one through the agent runtime. A request never
//    computes heavy analysis itself, so no page, AIRA turn or MCP call blocks the web process on it.
import { setTimeout as sleep } from "node:timers/promises";
import { actorLabel, type ToolContext } from "../core/context";
import { fail, type ToolResult } from "../core/result";
import type { AnyTool } from "../core/tool";
import { REFRESH_AGENT } from "./names";
import { inputKey, markRequested, readStoredResult, writeStoredResult, type StoredResultRow } from "./store";

export { REFRESH_AGENT };
const POLL_MS = 200;

type Compute = () => Promise<ToolResult<unknown>>;

export async function storedAnswer(
  ctx: ToolContext,
  tool: AnyTool & { stored: { freshForMs: number } },
  input: unknown,
  compute: Compute,
): Promise<ToolResult<unknown>> {
  const policy = ctx.results;
  if (!policy) return compute();
  if (policy.mode === "compute") {
    const started = performance.now();
    const result = await compute();
    await writeStoredResult(ctx.db, {
      shop: ctx.shop,
      tool: tool.name,
      input,
      result,
      computedAt: ctx.now(),
      ms: performance.now() - started,
      runId: policy.runId,
    });
    return result;
  }

  const key = inputKey(input);
  const stored = usable(tool, await readStoredResult(ctx.db, ctx.shop, tool.name, key));
  const now = ctx.now();
  const stale = !stored || now.getTime() - stored.computedAt.getTime() > tool.stored.freshForMs;
  let refresh: { runId: string } | { error: string } | null = null;
  if (stale) refresh = await requestRefresh(ctx, tool.name, input, key, now);
  if (stored) return answerOf(stored, stale);
  if (!refresh || "error" in refresh)
    return fail(
      "unavailable",
      `${tool.title} has not been worked out yet and background jobs are not reachable right now${refresh ? ` (${refresh.error})` : ""}.`,
      "Try again in a minute; if it persists, the app's job queue (Redis) or worker needs attention.",
    );
  if (policy.waitMs > 0) {
    const deadline = Date.now() + policy.waitMs;
    while (Date.now() < deadline) {
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
      const row = usable(tool, await readStoredResult(ctx.db, ctx.shop, tool.name, key));
      if (row && row.computedAt.getTime() >= now.getTime() - tool.stored.freshForMs) return answerOf(row, false);
      const run = await ctx.db.agentRun.findUnique({
        where: { id: refresh.runId },
        select: { status: true, error: true },
      });
      if (run && (run.status === "failed" || run.status === "cancelled"))
        return fail(
          "unavailable",
          `${tool.title} could not be worked out: ${run.error ?? "the background run stopped"}.`,
          "Try again; if it fails again, the Agent Orchestration page shows the run's error.",
        );
    }
  }
  return fail(
    "pending",
    `${tool.title} is being worked out in the background from the store's full history; it is usually ready within a minute.`,
    "Ask again shortly; pages show it as soon as it is ready.",
  );
}

/** A stored answer whose data no longer matches the tool's output (an older version wrote it) is not used. */
function usable(tool: AnyTool, row: StoredResultRow | null): StoredResultRow | null {
  if (!row) return null;
  if (row.result.ok && !tool.output.safeParse(row.result.data).success) return null;
  return row;
}

function answerOf(row: StoredResultRow, refreshing: boolean): ToolResult<unknown> {
  return { ...row.result, asOf: row.computedAt.toISOString(), ...(refreshing ? { refreshing: true } : {}) };
}

async function requestRefresh(
  ctx: ToolContext,
  tool: string,
  input: unknown,
  key: string,
  now: Date,
): Promise<{ runId: string } | { error: string }> {
  if (!ctx.runner) return { error: "no job queue is connected" };
  try {
    // The business key makes concurrent asks share one run; a finished run's key is reused.
    const run = await ctx.runner.enqueue({
      shop: ctx.shop,
      agent: REFRESH_AGENT,
      trigger: actorLabel(ctx.actor),
      input: { tool, input },
      businessKey: `${tool}.${key}`,
    });
    if (!run.deduplicated) await markRequested(ctx.db, ctx.shop, tool, key, now);
    return { runId: run.runId };
  } catch (error) {
    ctx.logger.warn({ err: error, tool }, "could not ask for a stored result to be refreshed");
    return { error: (error as Error).message };
  }
}
