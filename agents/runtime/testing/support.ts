// Helpers shared by the runtime's tests.
import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { z } from "zod";
import { raiseAlert } from "../../ops/alerts";
import { createAgentRegistry, defineAgent, noopAgent } from "../agents";
import { effectAgent, flakyAgent, slowAgent } from "./agents";

export const silentLogger = pino({ level: "silent" });

/** A prefix no other test run uses, so queues, events and breakers never collide. */
export const randomPrefix = () => `test-runtime-${randomUUID().slice(0, 8)}`;
export const randomShop = () => `shop-${randomUUID().slice(0, 8)}.myshopify.com`;

export const scheduledAgent = defineAgent({
  name: "test-scheduled",
  title: "Scheduled test agent",
  description: "Returns at once; has a schedule so the scheduler can be tested.",
  capabilities: ["testing"],
  tools: [],
  schedule: {
    every: 3_600_000,
    // As store-sync: its work counts as done at the shop's last successful sync.
    lastDone: async (db, shop) =>
      (await db.syncRun.findFirst({ where: { shop, status: "succeeded" }, orderBy: { finishedAt: "desc" } }))
        ?.finishedAt ?? null,
  },
  input: z.object({}),
  async run() {
    return { scheduled: true };
  },
});

/** Raises one alert keyed by its input, as the monitors do: a second run with the same key finds it. */
export const alertingAgent = defineAgent({
  name: "test-alerting",
  title: "Alerting test agent",
  description: "Raises an alert with the given business key.",
  capabilities: ["testing"],
  tools: [],
  input: z.object({ key: z.string(), severity: z.enum(["info", "warning", "critical"]).default("warning") }),
  async run(ctx, input) {
    const alert = await raiseAlert(ctx.db, ctx.shop, {
      kind: "test",
      severity: input.severity,
      title: `Test finding ${input.key}`,
      dedupeKey: input.key,
    });
    return { alertId: alert.id };
  },
});

export const testRegistry = () =>
  createAgentRegistry([noopAgent, slowAgent, effectAgent, flakyAgent, scheduledAgent, alertingAgent]);

/** Polls until check() returns a value other than undefined/false, or fails with what it last saw. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
  );
}
