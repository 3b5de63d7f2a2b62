// Schedules follow installs: every installed shop has a scheduler per scheduled agent, and a shop
// that uninstalled the app has none. The worker reconciles at start and then every minute, so a
// new install is scheduled without a restart; the uninstall webhook also removes them at once.
import type { Db } from "../db/client";
import type { AgentRuntime } from "./queues";

export interface ScheduleReconciler {
  /** One pass: schedules shops not yet scheduled by this process, unschedules uninstalled ones. */
  reconcile(): Promise<{ scheduled: string[]; unscheduled: string[] }>;
}

export function scheduleReconciler(
  runtime: Pick<AgentRuntime, "agents" | "scheduleShop" | "unscheduleShop">,
  db: Db,
): ScheduleReconciler {
  // Whether this process last left each shop scheduled (true) or unscheduled (false).
  const settled = new Map<string, boolean>();
  return {
    async reconcile() {
      const result = { scheduled: [] as string[], unscheduled: [] as string[] };
      if (!runtime.agents.list().some((agent) => agent.schedule)) return result;
      const shops = await db.shop.findMany({ select: { domain: true, uninstalledAt: true } });
      for (const { domain, uninstalledAt } of shops) {
        const installed = !uninstalledAt;
        if (settled.get(domain) === installed) continue;
        if (installed) await runtime.scheduleShop(domain);
        else await runtime.unscheduleShop(domain);
        settled.set(domain, installed);
        (installed ? result.scheduled : result.unscheduled).push(domain);
      }
      return result;
    },
  };
}
