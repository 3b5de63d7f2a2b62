// Alerts for conditions that last a while (a webhook topic failing, a burst of store changes, a
// configuration problem): one alert per episode. While an episode goes on, each detector run
// refreshes the same alert (same business key); once it is resolved, or quiet for longer than the
// gap, the next occurrence is a new alert rather than a silent update of an old one.
import type { Alert } from "@prisma/client";
import type { Db } from "../db/client";
import { raiseAlert, resolveAlertsAutomatically, type AlertInput } from "../ops/alerts";

export interface EpisodeInput extends Omit<AlertInput, "dedupeKey" | "details"> {
  /** What the episode is about within its kind: a webhook topic, "all", a check id. */
  subject: string;
  details: Record<string, unknown>;
  /** An open alert last seen longer ago than this starts a new episode. */
  gapMs: number;
}

const lastSeen = (alert: Alert) => {
  const seen = (alert.details as { lastSeenAt?: string } | null)?.lastSeenAt;
  return seen ? Date.parse(seen) : alert.createdAt.getTime();
};

export const episodePrefix = (kind: string, subject: string) => `${kind}:${subject}:`;

export async function raiseEpisode(
  db: Db,
  shop: string,
  now: Date,
  input: EpisodeInput,
): Promise<{ alert: Alert; created: boolean }> {
  const prefix = episodePrefix(input.kind, input.subject);
  const open = await db.alert.findFirst({
    where: { shop, kind: input.kind, resolvedAt: null, dedupeKey: { startsWith: prefix } },
    orderBy: { createdAt: "desc" },
  });
  const current = open && lastSeen(open) >= now.getTime() - input.gapMs ? open : null;
  const details = {
    ...input.details,
    firstSeenAt: (current?.details as { firstSeenAt?: string } | null)?.firstSeenAt ?? now.toISOString(),
    lastSeenAt: now.toISOString(),
  };
  const alert = await raiseAlert(db, shop, {
    kind: input.kind,
    severity: input.severity,
    title: input.title,
    details,
    dedupeKey: current?.dedupeKey ?? `${prefix}${now.toISOString()}`,
    raisedAt: now,
  });
  return { alert, created: !current };
}

/**
 * Resolves the open alerts of an episode because the condition has cleared, recording why (e.g.
 * "the check passes again"); returns how many.
 */
export async function resolveEpisode(
  db: Db,
  shop: string,
  kind: string,
  subject: string,
  now: Date,
  reason: string,
): Promise<number> {
  return resolveAlertsAutomatically(
    db,
    shop,
    { kind, dedupeKey: { startsWith: episodePrefix(kind, subject) } },
    { reason, by: "system:security-monitor", now },
  );
}
