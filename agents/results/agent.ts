// The analysis-refresh agent (ADR 0015): computes stored results in the worker. A run with a tool
// computes that one result (a page, AIRA or MCP asked for it); the hourly run without one
// recomputes the shop's stale results that surfaces asked for in the last week and drops those
// nobody asked for in a month.
import { z } from "zod";
import { DAY_MS } from "../core/time";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { toolRegistry } from "../tools";
import { REFRESH_AGENT } from "./serve";
import { pruneUnrequested, staleRequested } from "./store";

/** Results the hourly sweep recomputes per shop at most (the rest wait for the next hour or a visit). */
const SWEEP_LIMIT = 20;
const KEEP_REQUESTED_DAYS = 7;
const PRUNE_AFTER_DAYS = 30;

export function analysisRefreshAgent(deps: AgentDeps) {
  return defineAgent({
    name: REFRESH_AGENT,
    title: "Analysis refresh",
    description:
      "Works out heavy analyses (customer segments, lifetime value, campaigns, research, reports) from the store's full history in the background, so pages and the assistant answer at once.",
    capabilities: ["system"],
    tools: [],
    schedule: { pattern: "17 * * * *" },
    // Refreshes are cheap to retry; a failed one is asked for again by the next visit.
    attempts: 2,
    // One at a time per worker process: each holds a shop's history in memory (a few hundred MB
    // at a million orders), and four at once took the worker past 1.4 GB with no gain on 2 cores.
    concurrency: 1,
    input: z
      .object({
        tool: z.string().min(1).max(80).optional(),
        input: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    async run(ctx, input) {
      const tools = {
        ...(await toolContext(ctx, deps, REFRESH_AGENT)),
        results: { mode: "compute" as const, runId: ctx.runId },
      };
      const computeOne = async (name: string, toolInput: unknown) => {
        const tool = toolRegistry.get(name);
        if (!tool?.stored) throw new Error(`${name} is not a tool with a stored result`);
        const started = performance.now();
        const result = await toolRegistry.call(tools, name, toolInput ?? {});
        return { tool: name, ok: result.ok, ms: Math.round(performance.now() - started) };
      };
      if (input.tool) {
        await ctx.progress(10, "working it out");
        const done = await computeOne(input.tool, input.input);
        return { summary: `${toolRegistry.get(input.tool)!.title} worked out`, ...done };
      }
      const now = ctx.now();
      const stale = await staleRequested(
        ctx.db,
        ctx.shop,
        new Date(now.getTime() - KEEP_REQUESTED_DAYS * DAY_MS),
        (tool, computedAt) => {
          const stored = toolRegistry.get(tool)?.stored;
          return !!stored && now.getTime() - computedAt.getTime() > stored.freshForMs;
        },
        SWEEP_LIMIT,
      );
      const done = [];
      for (const [i, item] of stale.entries()) {
        if (ctx.signal.aborted) throw new Error("cancelled");
        await ctx.progress(Math.round((100 * i) / stale.length), `refreshing ${i + 1} of ${stale.length}`);
        done.push(await computeOne(item.tool, item.input));
      }
      const pruned = await pruneUnrequested(ctx.db, ctx.shop, new Date(now.getTime() - PRUNE_AFTER_DAYS * DAY_MS));
      return { summary: `${done.length} analyses refreshed`, refreshed: done, pruned };
    },
  });
}
