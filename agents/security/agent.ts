// The security-monitor agent: every 10 minutes, the detectors and the configuration checks (it needs
// no Admin API client: everything it reads is in the database and the environment).
import { z } from "zod";
import { MINUTE_MS } from "../core/time";
import { recordRunFindings } from "../findings/kind";
import { plural } from "../findings/words";
import { defineAgent } from "../runtime/agents";
import { securityFinding, securityFindings } from "./findings";
import { DETECTOR_NAMES, runSecurityMonitor } from "./monitor";
import { explainAlert, getSecurityScan, listAlerts } from "./tools";

export const securityMonitorAgent = defineAgent({
  name: "security-monitor",
  title: "Security monitor",
  description:
    "Every 10 minutes: alerts on risky orders in the mirror, failing webhooks, repeated failed MCP sign-ins and unusual bursts of store changes, and on failing configuration checks; webhook and configuration alerts resolve once they clear.",
  capabilities: ["security"],
  tools: [listAlerts.name, explainAlert.name, getSecurityScan.name],
  schedule: { every: 10 * MINUTE_MS },
  attempts: 2,
  input: z.object({ detectors: z.array(z.enum(DETECTOR_NAMES)).min(1).optional() }).strict(),
  async run(ctx, input) {
    const report = await runSecurityMonitor(ctx.db, ctx.shop, ctx.now(), {
      env: process.env,
      detectors: input.detectors,
      progress: (percent, message) => ctx.progress(percent, message),
    });
    const raised =
      report.detectors.reduce((s, d) => s + d.raised.filter((r) => r.created).length, 0) + report.configuration.raised;
    await recordRunFindings(ctx, "security-monitor", [securityFinding], await securityFindings(ctx.db, ctx.shop));
    return {
      summary: raised === 0 ? "No new security alerts" : `${plural(raised, "new security alert")}`,
      raised,
      detectors: report.detectors.map((d) => ({
        detector: d.detector,
        examined: d.examined,
        raised: d.raised.length,
        newAlerts: d.raised.filter((r) => r.created).length,
        resolved: d.resolved,
        note: d.note,
      })),
      configuration: report.configuration,
    };
  },
});
