// Reading the audit log (AuditLog rows: who, which shop, what, with which input and result, the
// outcome and when), newest first, with filters that say what is wrong when they are malformed.
import type { Prisma } from "@prisma/client";
import type { Db } from "../db/client";
import { newestFirstAfter } from "../lookup/cursor";

export const AUDIT_OUTCOMES = ["ok", "error", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditFilter {
  /** "mcp" (every MCP token), or an exact actor such as "mcp:clx123" or "schedule:finance-monitor". */
  actor?: string;
  /** "mcp.auth" (exact or that namespace: "action.apply" matches action.apply.price.update), or a prefix ending in "*". */
  action?: string;
  outcome?: AuditOutcome;
  /**
   * Include successful read-only tool calls (AIRA, MCP, agents and refreshes reading). Default true;
   * false leaves changes, sign-ins, runs, webhooks and every failure.
   */
  reads?: boolean;
  limit: number;
  /** Start after this row (its createdAt ISO time and id): the keyset of a list_audit_log cursor. */
  after?: readonly [string, string];
}

export type FilterResult =
  { ok: true; where: Prisma.AuditLogWhereInput } | { ok: false; message: string; hint: string };

const ACTOR = /^[A-Za-z0-9_.@-]+(:[^\s]{1,200})?$/;
const ACTION = /^[A-Za-z0-9_./-]+\*?$/;

/** Turns the filter into a query, or explains what is wrong with it. */
export function auditWhere(shop: string, filter: Omit<AuditFilter, "limit">): FilterResult {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (filter.actor !== undefined) {
    const actor = filter.actor.trim();
    if (!ACTOR.test(actor)) {
      return {
        ok: false,
        message: `actor "${filter.actor}" is not an actor label.`,
        hint: 'Use a kind (merchant, aira, mcp, schedule, system, shopify) or kind:id, e.g. "mcp" or "schedule:finance-monitor".',
      };
    }
    and.push(actor.includes(":") ? { actor } : { OR: [{ actor }, { actor: { startsWith: `${actor}:` } }] });
  }
  if (filter.action !== undefined) {
    const action = filter.action.trim();
    if (!ACTION.test(action) || action === "*") {
      return {
        ok: false,
        message: `action "${filter.action}" is not an audit action.`,
        hint: 'Use a name such as "tool.forecast_demand", a namespace such as "action.apply", or a prefix ending in "*" such as "webhook.*".',
      };
    }
    if (action.endsWith("*")) and.push({ action: { startsWith: action.slice(0, -1) } });
    else and.push({ OR: [{ action }, { action: { startsWith: `${action}.` } }] });
  }
  if (filter.outcome !== undefined) and.push({ outcome: filter.outcome });
  if (filter.reads === false) and.push({ NOT: { read: true, outcome: "ok" } });
  return { ok: true, where: { shop, AND: and } };
}

/** Big JSON values are shortened to a preview: the log is for reading, not for exporting tables. */
export function compactJson(value: unknown, max = 1_000): unknown {
  if (value === null || value === undefined) return null;
  const text = JSON.stringify(value);
  return text.length <= max ? value : { truncated: true, chars: text.length, preview: text.slice(0, max) };
}

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  action: string;
  outcome: string;
  /** A read-only tool call. */
  read: boolean;
  input: unknown;
  result: unknown;
}

export async function readAuditLog(db: Db, shop: string, filter: AuditFilter) {
  const built = auditWhere(shop, filter);
  if (!built.ok) return built;
  const page: Prisma.AuditLogWhereInput = filter.after
    ? { shop, AND: [built.where, ...newestFirstAfter("createdAt", filter.after)] }
    : built.where;
  // One row more than the page tells whether another page follows. matched and outcomes count the
  // whole filter, whatever the page.
  const [read, matched, byOutcome] = await Promise.all([
    db.auditLog.findMany({ where: page, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: filter.limit + 1 }),
    db.auditLog.count({ where: built.where }),
    db.auditLog.groupBy({ by: ["outcome"], where: built.where, _count: { _all: true } }),
  ]);
  const rows = read.slice(0, filter.limit);
  const last = rows.at(-1);
  const next = read.length > filter.limit && last ? ([last.createdAt.toISOString(), last.id] as const) : null;
  const entries: AuditEntryView[] = rows.map((r) => ({
    id: r.id,
    at: r.createdAt.toISOString(),
    actor: r.actor,
    action: r.action,
    outcome: r.outcome,
    read: r.read,
    input: compactJson(r.input),
    result: compactJson(r.result),
  }));
  const outcomes = Object.fromEntries(
    AUDIT_OUTCOMES.map((o) => [o, byOutcome.find((g) => g.outcome === o)?._count._all ?? 0]),
  ) as Record<AuditOutcome, number>;
  let note: string | null = null;
  if (matched === 0 && (filter.actor || filter.action)) note = await suggestion(db, shop, filter);
  return { ok: true as const, entries, matched, outcomes, note, next };
}

/** When a filter matches nothing: what the shop's log does hold, so the next try can succeed. */
async function suggestion(db: Db, shop: string, filter: AuditFilter): Promise<string> {
  const recent = await db.auditLog.findMany({
    where: { shop },
    orderBy: { createdAt: "desc" },
    take: 2_000,
    select: { actor: true, action: true },
  });
  if (recent.length === 0) return "The audit log of this shop is empty.";
  const parts: string[] = [];
  if (filter.action) {
    const namespaces = [...new Set(recent.map((r) => r.action.split(".")[0]))].sort();
    const asTool = recent.some((r) => r.action === `tool.${filter.action}`);
    parts.push(
      `${asTool ? `Did you mean "tool.${filter.action}"? ` : ""}Recorded actions start with: ${namespaces.map((n) => `${n}.`).join(", ")}.`,
    );
  }
  if (filter.actor) {
    const kinds = [...new Set(recent.map((r) => r.actor.split(":")[0]))].sort();
    parts.push(`Recorded actors are of kinds: ${kinds.join(", ")}.`);
  }
  return `No audit rows match. ${parts.join(" ")}`;
}
