// One pass of the security monitor: the detectors, then the configuration scan, whose failing
// checks become alerts (one per check while it fails, resolved once it passes).
import type { Db } from "../db/client";
import {
  detectChangeRate,
  detectFailingWebhooks,
  detectMcpAuthFailures,
  detectRiskyOrders,
  type DetectorRun,
} from "./detectors";
import { raiseEpisode, resolveEpisode } from "./episodes";
import { loadScanFacts, scanConfiguration, type Env } from "./scan";

export const DETECTOR_NAMES = ["risky_orders", "failing_webhooks", "mcp_auth_failures", "change_rate"] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];
export const DETECTORS: Record<DetectorName, (db: Db, shop: string, now: Date) => Promise<DetectorRun>> = {
  risky_orders: (db, shop, now) => detectRiskyOrders(db, shop, now),
  failing_webhooks: (db, shop, now) => detectFailingWebhooks(db, shop, now),
  mcp_auth_failures: (db, shop, now) => detectMcpAuthFailures(db, shop, now),
  change_rate: (db, shop, now) => detectChangeRate(db, shop, now),
};

export interface MonitorReport {
  detectors: DetectorRun[];
  /** Failing check ids, alerts newly raised for them, and alerts resolved because their check passes again. */
  configuration: { failing: string[]; raised: number; resolved: number };
}

export async function configurationAlerts(db: Db, shop: string, now: Date, env: Env) {
  const { checks } = scanConfiguration(env, await loadScanFacts(db, shop, now));
  let raised = 0;
  let resolved = 0;
  for (const check of checks) {
    if (check.status === "fail") {
      const { created } = await raiseEpisode(db, shop, now, {
        kind: "security_config",
        subject: check.id,
        severity: "critical",
        title: `Security check failing: ${check.title}`,
        details: { checkId: check.id, title: check.title, evidence: check.evidence, fix: check.fix },
        gapMs: Number.MAX_SAFE_INTEGER, // one alert for as long as the check fails
      });
      if (created) raised++;
    } else {
      resolved += await resolveEpisode(db, shop, "security_config", check.id, now, "the check passes again");
    }
  }
  return { failing: checks.filter((c) => c.status === "fail").map((c) => c.id), raised, resolved };
}

export async function runSecurityMonitor(
  db: Db,
  shop: string,
  now: Date,
  options: {
    env: Env;
    detectors?: readonly DetectorName[];
    progress?: (percent: number, message: string) => Promise<void>;
  },
): Promise<MonitorReport> {
  const names = options.detectors ?? DETECTOR_NAMES;
  const detectors: DetectorRun[] = [];
  for (const [i, name] of names.entries()) {
    await options.progress?.(Math.round((i / (names.length + 1)) * 100), `checking ${name.replace(/_/g, " ")}`);
    detectors.push(await DETECTORS[name](db, shop, now));
  }
  await options.progress?.(Math.round((names.length / (names.length + 1)) * 100), "scanning the configuration");
  const configuration = await configurationAlerts(db, shop, now, options.env);
  return { detectors, configuration };
}
