// Alerts for the Security module and the dashboard, deduplicated by a business key so that a
// scheduled agent re-raising the same finding does not pile up copies.
import type { Db } from "../db/client";

export interface AlertInput {
  kind: string;
  severity: "info" | "warning" | "critical";
  title: string;
  details?: unknown;
  dedupeKey: string;
  /** When the finding was made, on the caller's clock (explanations look back from it); default: now. */
  raisedAt?: Date;
}

export async function raiseAlert(db: Db, shop: string, alert: AlertInput) {
  const details = alert.details === undefined ? undefined : JSON.parse(JSON.stringify(alert.details));
  return db.alert.upsert({
    where: { shop_dedupeKey: { shop, dedupeKey: alert.dedupeKey } },
    create: {
      shop,
      kind: alert.kind,
      severity: alert.severity,
      title: alert.title,
      details,
      dedupeKey: alert.dedupeKey,
      createdAt: alert.raisedAt,
    },
    update: { severity: alert.severity, title: alert.title, details },
  });
}
