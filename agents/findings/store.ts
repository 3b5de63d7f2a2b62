// Findings: what agent runs found that the merchant can act on, kept per shop (ADR 0013).
// An agent run records the items it found for the kinds it covers; the same item found again
// (same kind and subject) is updated in place, so a worklist shows one row per variant, order or
// product however often the agent runs. The merchant's decisions stick: a dismissed item stays
// dismissed, a snoozed one comes back when its snooze ends, an approved one keeps its proposal.
// Open items a new run no longer finds are resolved ("no longer found"), so a worklist never shows
// a risk that has cleared.
import { setImmediate as nextTurn } from "node:timers/promises";
import { z } from "zod";
import { actorLabel, type Actor } from "../core/context";
import { audit } from "../core/audit";
import { countInChunks } from "../db/chunk";
import type { Db } from "../db/client";
import { jsonValue, storableJson } from "../db/json";
import { sqlLiteral, sqlProvider } from "../mirror/sql";

export const FINDING_KINDS = [
  "stockout_risk",
  "reorder_line",
  "price_suggestion",
  "trending_product",
  "falling_product",
  "dead_stock",
  "bundle",
  "category_gap",
  "risky_order",
  "revenue_anomaly",
  "security_finding",
  "campaign_proposal",
  "campaign_result",
  "overdue_ticket",
  "reply_draft",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_STATUSES = ["open", "snoozed", "dismissed", "approved", "resolved"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** One item as an agent reports it. */
export interface FoundItem {
  kind: FindingKind;
  /** "variant:<id>", "product:<id>", "order:<name>", "vendor:<name>", "day:<iso>", ... */
  subject: string;
  /** The merchant-facing line, with product names. */
  title: string;
  /** The figures behind it. */
  data: Record<string, unknown>;
  /** Sort key within the kind, higher first (urgency, uplift, risk). */
  score: number;
}

export interface Finding extends FoundItem {
  id: string;
  agent: string;
  runId: string | null;
  status: FindingStatus;
  note: string | null;
  snoozedUntil: Date | null;
  actionId: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RecordOutcome {
  created: number;
  updated: number;
  /** Open or snoozed items of the covered kinds that this run no longer found. */
  resolved: number;
}

/** Items per transaction: each is a read, an update and an insert, one slice of the event loop. */
const RECORD_CHUNK = 100;

/**
 * Records what one run of `agent` found for `kinds`. Every kind in `kinds` is covered: its open
 * and snoozed items that are not in `items` are resolved. Items of other kinds are left alone.
 */
export async function recordFindings(
  db: Db,
  run: { shop: string; agent: string; runId: string | null; kinds: readonly FindingKind[]; now: Date },
  items: FoundItem[],
): Promise<RecordOutcome> {
  const outside = items.find((item) => !run.kinds.includes(item.kind));
  if (outside) throw new Error(`Finding kind ${outside.kind} is not among the kinds this run covers`);
  const unique = new Map(items.map((item) => [`${item.kind}\u0000${item.subject}`, item]));
  let created = 0;
  let updated = 0;
  // Chunked so that neither SQLite's bind limit nor one long transaction is hit by a big store.
  const list = [...unique.values()];
  for (let i = 0; i < list.length; i += RECORD_CHUNK) {
    const chunk = list.slice(i, i + RECORD_CHUNK);
    // A turn for the event loop between chunks: on SQLite each statement runs synchronously, and the
    // 13,000 findings of a 100k-product store's inventory run held the worker for 52 s in one go.
    if (i > 0) await nextTurn();
    await db.$transaction(async (tx) => {
      const existing = await tx.finding.findMany({
        where: { shop: run.shop, OR: chunk.map((item) => ({ kind: item.kind, subject: item.subject })) },
        select: { id: true, kind: true, subject: true, status: true },
      });
      const byKey = new Map(existing.map((row) => [`${row.kind}\u0000${row.subject}`, row]));
      const fresh = [];
      const again: { id: string; item: FoundItem }[] = [];
      for (const item of chunk) {
        const row = byKey.get(`${item.kind}\u0000${item.subject}`);
        if (row) again.push({ id: row.id, item });
        else
          fresh.push({
            shop: run.shop,
            kind: item.kind,
            subject: item.subject,
            agent: run.agent,
            runId: run.runId,
            title: item.title,
            data: jsonValue(item.data) as object,
            score: scoreOf(item),
          });
      }
      if (again.length) updated += await updateFoundAgain(tx, run, again);
      // New findings in one statement (a first run on a big store creates thousands).
      if (fresh.length) created += (await tx.finding.createMany({ data: fresh })).count;
    });
  }
  const found = new Set(unique.keys());
  const stale = await db.finding.findMany({
    where: { shop: run.shop, agent: run.agent, kind: { in: [...run.kinds] }, status: { in: ["open", "snoozed"] } },
    select: { id: true, kind: true, subject: true },
  });
  const cleared = stale.filter((row) => !found.has(`${row.kind}\u0000${row.subject}`)).map((row) => row.id);
  await countInChunks(cleared, (chunk) =>
    db.finding.updateMany({
      where: { id: { in: chunk } },
      data: { status: "resolved", note: "No longer found", decidedBy: `agent:${run.agent}`, decidedAt: run.now },
    }),
  );
  return { created, updated, resolved: cleared.length };
}

const scoreOf = (item: FoundItem) => (Number.isFinite(item.score) ? item.score : 0);

/**
 * Items found again, updated in place in one statement: their figures and title change; a resolved
 * one is open again, while the merchant's decisions (dismissed, snoozed, approved) stay. One Prisma
 * update per item cost ~5 ms of query compiling on the event loop each: a 100k-product store's second
 * inventory run (13,000 findings) held the worker ~1 s per chunk of 200, about a minute in all (issue #19).
 */
async function updateFoundAgain(
  tx: Pick<Db, "$executeRawUnsafe">,
  run: { agent: string; runId: string | null },
  again: { id: string; item: FoundItem }[],
): Promise<number> {
  const provider = sqlProvider();
  const lit = (value: unknown) => sqlLiteral(value, provider);
  const json = (value: unknown) =>
    provider === "postgresql" ? `CAST(${lit(storableJson(value))} AS JSONB)` : lit(storableJson(value));
  const rows = again.map(
    ({ id, item }) => `(${lit(id)}, ${lit(item.title)}, ${json(item.data)}, ${lit(scoreOf(item))})`,
  );
  const reopened = (column: string, value: string) =>
    `CASE WHEN "Finding"."status" = 'resolved' THEN ${value} ELSE "Finding"."${column}" END`;
  return tx.$executeRawUnsafe(
    `WITH "v" ("id", "title", "data", "score") AS (VALUES ${rows.join(", ")})
UPDATE "Finding" SET "agent" = ${lit(run.agent)}, "runId" = ${lit(run.runId)}, "title" = "v"."title", "data" = "v"."data",
  "score" = "v"."score", "note" = ${reopened("note", "NULL")}, "decidedBy" = ${reopened("decidedBy", "NULL")},
  "decidedAt" = ${reopened("decidedAt", "NULL")}, "status" = ${reopened("status", "'open'")}, "updatedAt" = ${lit(new Date())}
FROM "v" WHERE "Finding"."id" = "v"."id"`,
  );
}

export const findingFilter = z.object({
  kinds: z.array(z.enum(FINDING_KINDS)).min(1),
  /** "open" counts snoozed items whose snooze has ended as open. */
  status: z.enum(["open", "snoozed", "dismissed", "approved", "resolved", "all"]).default("open"),
  /** Matches the title (product names, order names). */
  search: z.string().trim().max(200).optional(),
  /** Exactly this subject ("variant:123", "order:#1001", "day:2026-11-03"): the item a link opens. */
  subject: z.string().trim().min(1).max(200).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(25),
});
export type FindingFilter = z.input<typeof findingFilter>;

function whereOf(shop: string, filter: z.output<typeof findingFilter>, now: Date, postgres: boolean) {
  const status =
    filter.status === "all"
      ? {}
      : filter.status === "open"
        ? { OR: [{ status: "open" }, { status: "snoozed", snoozedUntil: { lte: now } }] }
        : filter.status === "snoozed"
          ? { status: "snoozed", snoozedUntil: { gt: now } }
          : { status: filter.status };
  return {
    shop,
    kind: { in: filter.kinds },
    ...status,
    // "bracelet" finds "Bangle Bracelet" on both databases (SQLite's LIKE ignores ASCII case already).
    ...(filter.search
      ? { title: { contains: filter.search, ...(postgres ? { mode: "insensitive" as const } : {}) } }
      : {}),
    ...(filter.subject ? { subject: filter.subject } : {}),
  };
}

// Asked of the client itself rather than through databaseKind: the web app's shared client can come
// from another copy of agents/db/client (the Remix build bundles its own), and a value import of
// that module would pull Node-only code into pages' browser bundles through the tool list.
function isPostgres(db: Db): boolean {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}

/** One page of findings, most important first, with the total for the filter. */
export async function listFindings(db: Db, shop: string, filter: FindingFilter, now: Date) {
  const parsed = findingFilter.parse(filter);
  const where = whereOf(shop, parsed, now, isPostgres(db));
  const [total, rows] = await Promise.all([
    db.finding.count({ where }),
    db.finding.findMany({
      where,
      orderBy: [{ score: "desc" }, { id: "asc" }],
      skip: (parsed.page - 1) * parsed.pageSize,
      take: parsed.pageSize,
    }),
  ]);
  return { total, page: parsed.page, pageSize: parsed.pageSize, items: rows.map(toFinding) };
}

/**
 * When the next snooze of the shop's findings of these kinds ends (null: none is snoozed): at that
 * instant a worklist's open and snoozed lists change by the clock alone.
 */
export async function nextFindingSnoozeEnd(
  db: Db,
  shop: string,
  kinds: readonly FindingKind[],
  now: Date,
): Promise<Date | null> {
  const next = await db.finding.findFirst({
    where: { shop, kind: { in: [...kinds] }, status: "snoozed", snoozedUntil: { gt: now } },
    orderBy: { snoozedUntil: "asc" },
    select: { snoozedUntil: true },
  });
  return next?.snoozedUntil ?? null;
}

/** Open findings per kind (snoozes that have ended count as open). */
export async function openFindingCounts(
  db: Db,
  shop: string,
  now: Date,
): Promise<Partial<Record<FindingKind, number>>> {
  const rows = await db.finding.groupBy({
    by: ["kind"],
    where: { shop, OR: [{ status: "open" }, { status: "snoozed", snoozedUntil: { lte: now } }] },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((row) => [row.kind, row._count._all]));
}

export type FindingDecision =
  | { decision: "dismiss"; reason: string }
  | { decision: "snooze"; until: Date }
  | { decision: "approve"; actionId: string }
  | { decision: "reopen" };

/**
 * The merchant's decision on findings of this shop (ids of other shops are ignored). Dismissing
 * needs a reason; snoozing a time in the future. Audited; returns how many rows changed.
 */
export async function decideFindings(
  ctx: { db: Db; shop: string; actor: Actor; now: () => Date },
  ids: string[],
  decision: FindingDecision,
): Promise<{ changed: number }> {
  const now = ctx.now();
  if (decision.decision === "dismiss" && !decision.reason.trim())
    throw new FindingDecisionError("Say why you dismiss it.");
  if (decision.decision === "snooze" && decision.until.getTime() <= now.getTime())
    throw new FindingDecisionError("Snooze until a time in the future.");
  const data =
    decision.decision === "dismiss"
      ? { status: "dismissed", note: decision.reason.trim().slice(0, 500), snoozedUntil: null }
      : decision.decision === "snooze"
        ? { status: "snoozed", snoozedUntil: decision.until, note: null }
        : decision.decision === "approve"
          ? { status: "approved", actionId: decision.actionId, note: null, snoozedUntil: null }
          : { status: "open", note: null, snoozedUntil: null };
  const changed = await countInChunks(ids, (chunk) =>
    ctx.db.finding.updateMany({
      where: { shop: ctx.shop, id: { in: chunk } },
      data: { ...data, decidedBy: actorLabel(ctx.actor), decidedAt: now },
    }),
  );
  await audit(ctx, {
    action: `finding.${decision.decision}`,
    input: { ids, ...decision },
    result: { changed },
    outcome: changed > 0 ? "ok" : "error",
  });
  return { changed };
}

export class FindingDecisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FindingDecisionError";
  }
}

function toFinding(row: {
  id: string;
  shop: string;
  agent: string;
  runId: string | null;
  kind: string;
  subject: string;
  title: string;
  data: unknown;
  score: number;
  status: string;
  note: string | null;
  snoozedUntil: Date | null;
  actionId: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}): Finding {
  return {
    id: row.id,
    agent: row.agent,
    runId: row.runId,
    kind: row.kind as FindingKind,
    subject: row.subject,
    title: row.title,
    data: (row.data ?? {}) as Record<string, unknown>,
    score: row.score,
    status: row.status as FindingStatus,
    note: row.note,
    snoozedUntil: row.snoozedUntil,
    actionId: row.actionId,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
