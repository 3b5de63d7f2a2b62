// Schedules follow installs and the merchant's settings: every installed shop has a scheduler per
// scheduled agent it has not turned off in Settings, and a shop that uninstalled the app has none.
// Each pass compares what the database wants with what Redis holds *now* (one listing per agent),
// so schedulers lost with Redis (a restart without persistence, a failover, a flush) come back on
// the next pass; nothing is remembered between passes. The worker runs a pass at start, every
// minute, and as soon as its Redis connection is ready again; the uninstall webhook also removes
// a shop's schedulers at once.
import type { Db } from "../db/client";
import { parseSettings, scheduleEnabled } from "../settings";
import { schedulerIdFor } from "./names";
import type { AgentRuntime } from "./queues";

export interface ScheduleReconciler {
  /**
   * One pass: shops with a scheduler added, changed or removed (`scheduled`), uninstalled shops
   * whose schedulers were removed (`unscheduled`). A shop already as wanted is in neither.
   */
  reconcile(): Promise<{ scheduled: string[]; unscheduled: string[] }>;
}

export function scheduleReconciler(
  runtime: Pick<AgentRuntime, "agents" | "schedule" | "unschedule" | "listSchedulers">,
  db: Db,
): ScheduleReconciler {
  return {
    async reconcile() {
      const result = { scheduled: [] as string[], unscheduled: [] as string[] };
      const scheduled = runtime.agents.list().filter((agent) => agent.schedule);
      if (scheduled.length === 0) return result;
      const inRedis = new Map<string, Map<string, { every?: number; pattern?: string }>>();
      for (const agent of scheduled)
        inRedis.set(agent.name, new Map((await runtime.listSchedulers(agent.name)).map((s) => [s.id, s])));
      const shops = await db.shop.findMany({ select: { domain: true, uninstalledAt: true, settings: true } });
      for (const { domain, uninstalledAt, settings } of shops) {
        const parsed = parseSettings(settings);
        let changed = false;
        for (const agent of scheduled) {
          const wanted = !uninstalledAt && scheduleEnabled(parsed, agent.name);
          const held = inRedis.get(agent.name)!.get(schedulerIdFor(agent.name, domain));
          const current =
            held !== undefined &&
            (held.every ?? null) === (agent.schedule!.every ?? null) &&
            (held.pattern ?? null) === (agent.schedule!.pattern ?? null);
          if (wanted && !current) await runtime.schedule(domain, agent.name);
          else if (!wanted && held) await runtime.unschedule(domain, agent.name);
          else continue;
          changed = true;
        }
        if (changed) (uninstalledAt ? result.unscheduled : result.scheduled).push(domain);
      }
      return result;
    },
  };
}
