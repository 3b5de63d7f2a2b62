// The worklists' server side: one page of findings per worklist, read from the page's URL, and the
// merchant's decisions on them (approve through the approval path, dismiss with a reason, snooze).
import { approveFindings, APPROVABLE_KINDS } from "../agents/findings/approve";
import {
  decideFindings,
  FINDING_KINDS,
  FINDING_STATUSES,
  FindingDecisionError,
  listFindings,
  type FindingKind,
} from "../agents/findings/store";
import { DAY_MS } from "../agents/core/time";
import { orderNameOf } from "../agents/lookup/queries";
import { productImageUrls } from "../agents/data/catalog";
import { appAgents } from "./agents.server";
import type { AdminContext } from "./auth.server";
import db from "./db.server";

export const WORKLIST_STATUSES = ["open", "snoozed", "dismissed", "approved", "resolved"] as const;
export type WorklistStatus = (typeof WORKLIST_STATUSES)[number];
const PAGE_SIZE = 25;

export interface WorklistSpec {
  /** Names this worklist's filters in the URL ("risks" -> ?risks.status=...&risks.q=...&risks.page=...). */
  key: string;
  kinds: FindingKind[];
  /**
   * The one item a link opened (an alert's "View product" / "View order" / "View day"): the list
   * shows just that item, whatever its status, until the merchant asks for the whole list again,
   * which drops the page URL's `param`.
   */
  focus?: WorklistFocus | null;
}

export interface WorklistFocus {
  /** The finding's subject, e.g. "variant:123", "order:#1001", "day:2026-11-03". */
  subject: string;
  /** The page URL's parameter that asked for it ("variant", "order", "day"). */
  param: string;
}

export interface WorklistItem {
  id: string;
  kind: FindingKind;
  title: string;
  status: string;
  note: string | null;
  snoozedUntil: string | null;
  actionId: string | null;
  foundAt: string;
  data: Record<string, unknown>;
  /** The product's image for a row about one product: null when it has none, absent when the row is not about a product. */
  productImage?: string | null;
}

/** The product a finding is about, when it is about one (stock, price and research findings keep its id). */
const productIdOf = (data: Record<string, unknown>) =>
  typeof data.productId === "string" && data.productId ? data.productId : null;

export interface WorklistData {
  key: string;
  kinds: FindingKind[];
  status: WorklistStatus;
  search: string;
  page: number;
  pageSize: number;
  total: number;
  /** Whether these kinds have a store change to approve. */
  approvable: boolean;
  items: WorklistItem[];
  focus: WorklistFocus | null;
}

/** One page of a worklist, filtered by the page URL's `<key>.status`, `<key>.q` and `<key>.page`. */
export async function loadWorklist(shop: string, url: URL, spec: WorklistSpec): Promise<WorklistData> {
  const param = (name: string) => url.searchParams.get(`${spec.key}.${name}`);
  const focus = spec.focus ?? null;
  const status = (WORKLIST_STATUSES as readonly string[]).includes(param("status") ?? "")
    ? (param("status") as WorklistStatus)
    : "open";
  const search = focus ? "" : (param("q") ?? "").trim().slice(0, 200);
  const page = focus ? 1 : Math.max(1, Math.min(10_000, Number.parseInt(param("page") ?? "1", 10) || 1));
  const result = await listFindings(
    db,
    shop,
    focus
      ? { kinds: spec.kinds, status: "all", subject: focus.subject, page: 1, pageSize: PAGE_SIZE }
      : { kinds: spec.kinds, status, search: search || undefined, page, pageSize: PAGE_SIZE },
    new Date(),
  );
  const images = await productImageUrls(
    db,
    shop,
    result.items.map((f) => productIdOf(f.data)).filter((id): id is string => id !== null),
  );
  return {
    key: spec.key,
    kinds: spec.kinds,
    status,
    search,
    page: result.page,
    pageSize: result.pageSize,
    total: result.total,
    approvable: spec.kinds.some((k) => APPROVABLE_KINDS.includes(k)),
    focus,
    items: result.items.map((f) => ({
      id: f.id,
      kind: f.kind,
      title: f.title,
      status: f.status,
      note: f.note,
      snoozedUntil: f.snoozedUntil?.toISOString() ?? null,
      actionId: f.actionId,
      foundAt: f.updatedAt.toISOString(),
      data: f.data,
      ...(productIdOf(f.data) ? { productImage: images.get(productIdOf(f.data)!) ?? null } : {}),
    })),
  };
}

export type DecisionResult = { ok: true; message: string; changed: number } | { ok: false; error: string };

const SNOOZES: Record<string, number> = { day: DAY_MS, week: 7 * DAY_MS };

/**
 * The merchant's decision from a worklist form: `ids` (one or more), `decision` (approve, dismiss,
 * snooze, reopen), `reason` for a dismissal, `snooze` (day or week). Bad input changes nothing.
 */
export async function decideFromForm(admin: AdminContext, form: FormData): Promise<DecisionResult> {
  const ids = [...new Set(form.getAll("ids").map(String).filter(Boolean))].slice(0, 500);
  if (ids.length === 0) return { ok: false, error: "Select at least one item." };
  const decision = String(form.get("decision") ?? "");
  const ctx = { db, shop: admin.shop, actor: admin.actor, now: () => new Date() };
  try {
    if (decision === "approve") {
      const outcome = await approveFindings(await admin.toolContext(), ids);
      if (outcome.approved.length === 0)
        return {
          ok: false,
          error: outcome.problems.map((p) => `${p.title}: ${p.message}`).join(" ") || "Nothing to approve.",
        };
      const problems = outcome.problems.length ? ` ${outcome.problems.length} could not be proposed.` : "";
      return {
        ok: true,
        changed: outcome.approved.length,
        message: `${outcome.approved.length} change(s) proposed: approve them on the AIRA page.${problems}`,
      };
    }
    if (decision === "dismiss") {
      const reason = String(form.get("reason") ?? "").trim();
      if (!reason) return { ok: false, error: "Say why you dismiss it." };
      const { changed } = await decideFindings(ctx, ids, { decision: "dismiss", reason });
      return { ok: true, changed, message: `${changed} dismissed` };
    }
    if (decision === "snooze") {
      const span = SNOOZES[String(form.get("snooze") ?? "")];
      if (!span) return { ok: false, error: "Snooze for a day or a week." };
      const { changed } = await decideFindings(ctx, ids, { decision: "snooze", until: new Date(Date.now() + span) });
      return { ok: true, changed, message: `${changed} snoozed` };
    }
    if (decision === "reopen") {
      const { changed } = await decideFindings(ctx, ids, { decision: "reopen" });
      return { ok: true, changed, message: `${changed} reopened` };
    }
    return { ok: false, error: "Choose approve, dismiss, snooze or reopen." };
  } catch (error) {
    if (error instanceof FindingDecisionError) return { ok: false, error: error.message };
    throw error;
  }
}

/** The kinds named by a `kind` query parameter ("stockout_risk" or "stockout_risk,reorder_line"). */
export function kindsFromQuery(value: string | null): FindingKind[] | null {
  const kinds = (value ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
  if (kinds.length === 0 || !kinds.every((k) => (FINDING_KINDS as readonly string[]).includes(k))) return null;
  return kinds as FindingKind[];
}

export const isStatus = (value: string | null): value is (typeof FINDING_STATUSES)[number] | "all" =>
  value === "all" || (FINDING_STATUSES as readonly string[]).includes(value ?? "");

export interface AgentStatus {
  agent: string;
  title: string;
  /** When its last run finished (or was queued, if it has not finished), ISO. */
  lastRunAt: string | null;
  lastRunStatus: string | null;
  summary: string | null;
  schedule: { every?: number; pattern?: string } | null;
}

/** What a worklist's empty state says: when the agent last ran, what it found, when it runs. */
export async function agentStatus(shop: string, agent: string): Promise<AgentStatus> {
  const definition = appAgents().get(agent);
  const run = await db.agentRun.findFirst({
    where: { shop, agent },
    orderBy: { queuedAt: "desc" },
    select: { status: true, queuedAt: true, finishedAt: true, summary: true },
  });
  return {
    agent,
    title: definition?.title ?? agent,
    lastRunAt: (run?.finishedAt ?? run?.queuedAt)?.toISOString() ?? null,
    lastRunStatus: run?.status ?? null,
    summary: run?.summary ?? null,
    schedule: definition?.schedule ?? null,
  };
}

/**
 * The item a page's URL asks to show (`?variant=123`, `?order=%231001`, `?day=2026-11-03`, as an
 * alert's link writes them), as the subject its findings are stored under; null when absent or
 * malformed (then the lists show as usual).
 */
export function focusFromUrl(url: URL, param: "variant" | "order" | "day"): WorklistFocus | null {
  const value = url.searchParams.get(param)?.trim();
  if (!value) return null;
  if (param === "variant") {
    const id = /(\d+)$/.exec(value)?.[1];
    return id ? { subject: `variant:${id}`, param } : null;
  }
  if (param === "day") return /^\d{4}-\d{2}-\d{2}$/.test(value) ? { subject: `day:${value}`, param } : null;
  return value.length <= 40 ? { subject: `order:${orderNameOf(value)}`, param } : null;
}
