// Agents for the runtime's tests (not registered in the app): slow with progress, one with a
// store-like effect guarded by run id, and one that fails on demand.
import { z } from "zod";
import { defineAgent } from "../agents";

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new Error("aborted"));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), reject(new Error("aborted"))), { once: true });
  });

export const slowAgent = defineAgent({
  name: "test-slow",
  title: "Slow test agent",
  description: "Sleeps in steps, reporting progress after each; honours cancellation.",
  capabilities: ["testing"],
  tools: [],
  input: z.object({
    steps: z.number().int().min(1).max(100).default(4),
    stepMs: z.number().int().min(0).max(60_000).default(50),
  }),
  async run(ctx, input) {
    for (let step = 1; step <= input.steps; step++) {
      await sleep(input.stepMs, ctx.signal);
      await ctx.progress((step / input.steps) * 100, `step ${step} of ${input.steps}`);
    }
    return { steps: input.steps };
  },
});

/** The effect: one AuditLog row whose id is derived from the run id, written halfway through. */
export const effectId = (runId: string) => `effect.${runId}`;

export const effectAgent = defineAgent({
  name: "test-effect",
  title: "Effect test agent",
  description: "Writes one audit row keyed by its run id halfway through a slow run; a rerun skips it.",
  capabilities: ["testing"],
  tools: [],
  input: z.object({ beforeMs: z.number().int().min(0).default(100), afterMs: z.number().int().min(0).default(100) }),
  async run(ctx, input) {
    await sleep(input.beforeMs, ctx.signal);
    // Exactly once in effect: the row's id is the idempotency key; a rerun finds it and moves on.
    const existing = await ctx.db.auditLog.findUnique({ where: { id: effectId(ctx.runId) } });
    if (!existing) {
      await ctx.db.auditLog.create({
        data: {
          id: effectId(ctx.runId),
          shop: ctx.shop,
          actor: "schedule:test-effect",
          action: "test.effect",
          input: { attempt: ctx.attempt },
          outcome: "ok",
        },
      });
    }
    await ctx.progress(50, existing ? "effect already applied" : "effect applied");
    await sleep(input.afterMs, ctx.signal);
    return { applied: !existing, attempt: ctx.attempt };
  },
});

export const flakyAgent = defineAgent({
  name: "test-flaky",
  title: "Flaky test agent",
  description: "Fails while its attempt number is below failUntilAttempt, or always when fail is set.",
  capabilities: ["testing", "chaos"],
  tools: [],
  attempts: 3,
  input: z.object({ fail: z.boolean().default(false), failUntilAttempt: z.number().int().min(0).default(0) }),
  async run(ctx, input) {
    if (input.fail || ctx.attempt < input.failUntilAttempt) throw new Error(`flaky failure on attempt ${ctx.attempt}`);
    return { attempt: ctx.attempt };
  },
});
