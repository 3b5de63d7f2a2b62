// Schedules follow installs and the merchant's settings: every installed shop has a scheduler per
// scheduled agent it has not turned off in Settings, and a shop that uninstalled the app has none.
// The worker reconciles at start and then every minute, so a new install or a changed setting is
// scheduled without a restart; the uninstall webhook also removes them at once.
import type { Db } from "../db/client";
import { parseSettings, scheduleEnabled } from "../settings";
import type { AgentRuntime } from "./queues";

export interface ScheduleReconciler {
  /**
   * One pass: schedules shops whose installs or schedule settings changed since this process last
   * looked (listed in `scheduled`), unschedules uninstalled ones (`unscheduled`).
   */
  reconcile(): Promise<{ scheduled: string[]; unscheduled: string[] }>;
}

export function scheduleReconciler(
  runtime: Pick<AgentRuntime, "agents" | "schedule" | "unschedule" | "unscheduleShop">,
  db: Db,
): ScheduleReconciler {
  // The agents this process last left scheduled per shop ("" = none: uninstalled).
  const settled = new Map<string, string>();
  return {
    async reconcile() {
      const result = { scheduled: [] as string[], unscheduled: [] as string[] };
      const scheduled = runtime.agents.list().filter((agent) => agent.schedule);
      if (scheduled.length === 0) return result;
      const shops = await db.shop.findMany({ select: { domain: true, uninstalledAt: true, settings: true } });
      for (const { domain, uninstalledAt, settings } of shops) {
        const parsed = parseSettings(settings);
        const wanted = uninstalledAt ? [] : scheduled.filter((agent) => scheduleEnabled(parsed, agent.name));
        const key = uninstalledAt ? "" : `on:${wanted.map((a) => a.name).join(",")}`;
        if (settled.get(domain) === key) continue;
        if (uninstalledAt) {
          await runtime.unscheduleShop(domain);
          result.unscheduled.push(domain);
        } else {
          for (const agent of scheduled)
            if (wanted.includes(agent)) await runtime.schedule(domain, agent.name);
            else await runtime.unschedule(domain, agent.name);
          result.scheduled.push(domain);
        }
        settled.set(domain, key);
      }
      return result;
    },
  };
}
