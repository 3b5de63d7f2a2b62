// What the security-monitor agent records (ADR 0013): a security finding per open alert it owns
// (failing webhooks, failed MCP sign-ins, bursts of store changes, failing configuration checks),
// so its results are listed with the other agents' findings and tools (get_agent_findings). The
// alert stays the place to act (acknowledge, resolve, snooze: ADR 0014); a resolved alert's
// finding resolves with the next run. Risky orders are the fulfillment agent's findings.
import { z } from "zod";
import type { Db } from "../db/client";
import { findingKind } from "../findings/kind";
import type { FoundItem } from "../findings/store";

export const SECURITY_ALERT_KINDS = ["webhook_failing", "mcp_auth_failures", "change_rate", "security_config"];

export const securityFinding = findingKind(
  "security_finding",
  z.object({ alertId: z.string(), alertKind: z.string(), severity: z.string(), raisedAt: z.string() }),
);

const SEVERITY_SCORE: Record<string, number> = { critical: 3, warning: 2, info: 1 };

/** The security monitor's open alerts as findings, the most severe first. */
export async function securityFindings(db: Db, shop: string): Promise<FoundItem[]> {
  const alerts = await db.alert.findMany({
    where: { shop, kind: { in: SECURITY_ALERT_KINDS }, resolvedAt: null },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: { id: true, kind: true, severity: true, title: true, createdAt: true },
  });
  return alerts.map((alert) =>
    securityFinding.item(
      `alert:${alert.id}`,
      alert.title,
      { alertId: alert.id, alertKind: alert.kind, severity: alert.severity, raisedAt: alert.createdAt.toISOString() },
      SEVERITY_SCORE[alert.severity] ?? 0,
    ),
  );
}
