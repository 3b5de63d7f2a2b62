// Schedules follow installs: every installed shop has a scheduler per scheduled agent, and a shop
// that uninstalled the app has none. The worker reconciles at start and then every minute, so a
// new install is scheduled without a restart; the uninstall webhook also removes them at once.
import type { Db } from "../db/client";
import type { AgentRegistry } from "./agents";
import type { AgentRuntime } from "./queues";

export interface ScheduleReconciler {
  /** One pass: schedules shops not yet scheduled by this process, unschedules uninstalled ones. */
  reconcile(): Promise<{ scheduled: string[]; unscheduled: string[] }>;
}

export function scheduleReconciler(runtime: Pick<AgentRuntime, "schedule" | "unschedule">, db: Db, agents: AgentRegistry): ScheduleReconciler {
  const scheduled = agents.list().filter((agent) => agent.schedule).map((agent) => agent.name);
  // Shops this process has scheduled (or found uninstalled) since it started.
  const done = new Set<string>();
  const removed = new Set<string>();
  return {
    async reconcile() {
      const shops = await db.shop.findMany({ select: { domain: true, uninstalledAt: true } });
      const result = { scheduled: [] as string[], unscheduled: [] as string[] };
      if (!scheduled.length) return result;
      for (const { domain, uninstalledAt } of shops) {
        if (!uninstalledAt && !done.has(domain)) {
          for (const agent of scheduled) await runtime.schedule(domain, agent);
          done.add(domain);
          removed.delete(domain);
          result.scheduled.push(domain);
        } else if (uninstalledAt && !removed.has(domain)) {
          for (const agent of scheduled) await runtime.unschedule(domain, agent);
          removed.add(domain);
          done.delete(domain);
          result.unscheduled.push(domain);
        }
      }
      return result;
    },
  };
}
