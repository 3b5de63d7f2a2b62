// Alerts for the Security module and the dashboard, deduplicated by a business key so that a
// scheduled agent re-raising the same finding does not pile up copies. One place decides an
// alert's lifecycle: raised, acknowledged, snoozed, resolved by the merchant (with a note) or
// resolved automatically once its condition cleared (with the reason).
import type { Prisma } from "@prisma/client";
import { audit } from "../core/audit";
import { actorLabel, type Actor } from "../core/context";
import { DAY_MS } from "../core/time";
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

/**
 * Creates the alert or refreshes it in place. An alert that resolved itself and is raised again
 * opens again (its condition came back); one the merchant resolved stays resolved, and a snooze
 * runs its course: the merchant's decision sticks.
 */
export async function raiseAlert(db: Db, shop: string, alert: AlertInput) {
  const details = alert.details === undefined ? undefined : JSON.parse(JSON.stringify(alert.details));
  const key = { shop_dedupeKey: { shop, dedupeKey: alert.dedupeKey } };
  const existing = await db.alert.findUnique({ where: key, select: { resolutionKind: true, resolvedAt: true } });
  const reopen =
    existing?.resolvedAt && existing.resolutionKind === AUTOMATIC
      ? { resolvedAt: null, resolvedBy: null, resolutionKind: null, resolution: null, acknowledgedAt: null }
      : {};
  return db.alert.upsert({
    where: key,
    create: {
      shop,
      kind: alert.kind,
      severity: alert.severity,
      title: alert.title,
      details,
      dedupeKey: alert.dedupeKey,
      createdAt: alert.raisedAt,
    },
    update: { severity: alert.severity, title: alert.title, details, ...reopen },
  });
}

const AUTOMATIC = "automatic";
const MANUAL = "manual";

/** The prefix of an automatic resolution, so lists and explanations read the same everywhere. */
export const automaticResolution = (reason: string) => `Resolved automatically: ${reason}`;

/**
 * Resolves the open (or snoozed) alerts matching `where` because their condition cleared; the one
 * path every self-resolving alert takes (webhooks recovered, checks passing, stock received,
 * anomaly over). Returns how many were resolved.
 */
export async function resolveAlertsAutomatically(
  db: Db,
  shop: string,
  where: Prisma.AlertWhereInput,
  resolution: { reason: string; by: string; now: Date },
): Promise<number> {
  const { count } = await db.alert.updateMany({
    where: { ...where, shop, resolvedAt: null },
    data: {
      resolvedAt: resolution.now,
      resolvedBy: resolution.by,
      resolutionKind: AUTOMATIC,
      resolution: automaticResolution(resolution.reason),
    },
  });
  return count;
}

export type AlertDecision =
  | { decision: "acknowledge" }
  | { decision: "resolve"; note: string }
  | { decision: "snooze"; until: Date }
  | { decision: "reopen" };

export const ALERT_DECISIONS = ["acknowledge", "resolve", "snooze", "reopen"] as const;

export class AlertDecisionError extends Error {
  constructor(
    message: string,
    readonly code: "invalid_input" | "not_found",
  ) {
    super(message);
    this.name = "AlertDecisionError";
  }
}

/** Longest snooze: a year; a longer wait is a resolution, not a snooze. */
const MAX_SNOOZE_MS = 366 * DAY_MS;

/**
 * The merchant's decision on alerts of this shop: acknowledge, resolve with a note, snooze until a
 * time, or reopen. Changes only our data, never the store. Every id must belong to this shop (an
 * unknown id is an error and nothing changes); audited as alert.<decision>.
 */
export async function decideAlerts(
  ctx: { db: Db; shop: string; actor: Actor; now: () => Date },
  ids: string[],
  decision: AlertDecision,
): Promise<{ changed: number; ids: string[] }> {
  const now = ctx.now();
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new AlertDecisionError("Choose at least one alert.", "invalid_input");
  if (unique.length > 500) throw new AlertDecisionError("At most 500 alerts at a time.", "invalid_input");
  const note = decision.decision === "resolve" ? decision.note.trim() : "";
  if (decision.decision === "resolve" && !note)
    throw new AlertDecisionError("Say how it was resolved: the note cannot be empty.", "invalid_input");
  if (decision.decision === "resolve" && note.length > 1_000)
    throw new AlertDecisionError("Keep the note under 1,000 characters.", "invalid_input");
  if (decision.decision === "snooze") {
    const until = decision.until.getTime();
    if (Number.isNaN(until) || until <= now.getTime())
      throw new AlertDecisionError("Snooze until a time in the future.", "invalid_input");
    if (until - now.getTime() > MAX_SNOOZE_MS)
      throw new AlertDecisionError("Snooze for at most a year; resolve the alert instead.", "invalid_input");
  }
  const found = await ctx.db.alert.findMany({ where: { shop: ctx.shop, id: { in: unique } }, select: { id: true } });
  if (found.length < unique.length) {
    const known = new Set(found.map((a) => a.id));
    const missing = unique.filter((id) => !known.has(id));
    throw new AlertDecisionError(`No alert ${missing.slice(0, 5).join(", ")} in this shop.`, "not_found");
  }
  const by = actorLabel(ctx.actor);
  const data: Prisma.AlertUpdateManyMutationInput =
    decision.decision === "acknowledge"
      ? { acknowledgedAt: now, acknowledgedBy: by }
      : decision.decision === "resolve"
        ? { resolvedAt: now, resolvedBy: by, resolutionKind: MANUAL, resolution: note, snoozedUntil: null }
        : decision.decision === "snooze"
          ? { snoozedUntil: decision.until }
          : { resolvedAt: null, resolvedBy: null, resolutionKind: null, resolution: null, snoozedUntil: null };
  // Acknowledging or snoozing a resolved alert would be a no-op that reads like a change: skip those.
  const where: Prisma.AlertWhereInput = {
    shop: ctx.shop,
    id: { in: unique },
    ...(decision.decision === "reopen" ? { resolvedAt: { not: null } } : { resolvedAt: null }),
  };
  const { count } = await ctx.db.alert.updateMany({ where, data });
  await audit(ctx, {
    action: `alert.${decision.decision}`,
    input: {
      ids: unique,
      ...(decision.decision === "resolve" ? { note } : {}),
      ...(decision.decision === "snooze" ? { until: decision.until.toISOString() } : {}),
    },
    result: { changed: count },
    outcome: "ok",
  });
  return { changed: count, ids: unique };
}
