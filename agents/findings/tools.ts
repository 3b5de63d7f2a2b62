// The tool over findings: what the scheduled agents found (stockout risks, reorder lines, price
// suggestions, research, risky orders, revenue anomalies), for AIRA and MCP clients (ADR 0013).
import { z } from "zod";
import { ok } from "../core/result";
import { defineTool } from "../core/tool";
import { FINDING_KINDS, listFindings } from "./store";

export const getAgentFindings = defineTool({
  name: "get_agent_findings",
  title: "What the agents found",
  description:
    "Lists what the scheduled agents found and the merchant has not dealt with yet: stockout risks and reorder lines (inventory forecasting), price suggestions (pricing optimizer), trending/falling products, dead stock, bundles and category gaps (product research), risky orders (order fulfillment) and unusual revenue days (finance monitor). Each item has a title in the merchant's words, its figures, its status and which agent found it when; most important first, paged. Read-only.",
  capability: "findings",
  input: z.object({
    kind: z
      .enum(FINDING_KINDS)
      .optional()
      .describe("Only this kind (e.g. stockout_risk, price_suggestion, risky_order); default: every kind"),
    status: z
      .enum(["open", "snoozed", "dismissed", "approved", "resolved", "all"])
      .default("open")
      .describe("open (default): still to deal with; dismissed/approved: the merchant's decisions"),
    search: z.string().trim().max(200).optional().describe("Only items whose title contains this (a product name)"),
    page: z.number().int().min(1).default(1).describe("Page, from 1"),
    pageSize: z.number().int().min(1).max(100).default(20).describe("Items per page (1-100)"),
  }),
  output: z.object({
    total: z.number(),
    page: z.number(),
    pageSize: z.number(),
    findings: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        title: z.string(),
        status: z.string(),
        agent: z.string(),
        foundAt: z.string().describe("When a run last found it (ISO time)"),
        figures: z.record(z.string(), z.unknown()),
        note: z.string().nullable(),
      }),
    ),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const page = await listFindings(
      ctx.db,
      ctx.shop,
      {
        kinds: input.kind ? [input.kind] : [...FINDING_KINDS],
        status: input.status,
        search: input.search || undefined,
        page: input.page,
        pageSize: input.pageSize,
      },
      ctx.now(),
    );
    return ok({
      total: page.total,
      page: page.page,
      pageSize: page.pageSize,
      findings: page.items.map((f) => ({
        id: f.id,
        kind: f.kind,
        title: f.title,
        status: f.status,
        agent: f.agent,
        foundAt: f.updatedAt.toISOString(),
        figures: f.data,
        note: f.note,
      })),
    });
  },
});

export const getAgentStatus = defineTool({
  name: "get_agent_status",
  title: "When an agent last ran",
  description:
    "Tells when an agent last ran and what it found, without starting it: its latest runs with status (queued, running, succeeded, failed, cancelled), when they were queued and finished, and the run's one-line summary in the merchant's words. Use it for 'when did the forecasting agent last run?' or 'is the sync up to date?'; run_agent starts a new run. Read-only.",
  capability: "findings",
  input: z.object({
    agent: z
      .string()
      .min(1)
      .max(60)
      .optional()
      .describe("The agent's name, e.g. inventory-forecasting; default: every agent"),
    limit: z.number().int().min(1).max(20).default(3).describe("Runs to return (1-20)"),
  }),
  output: z.object({
    runs: z.array(
      z.object({
        agent: z.string(),
        status: z.string(),
        trigger: z.string(),
        queuedAt: z.string(),
        finishedAt: z.string().nullable(),
        summary: z.string().nullable(),
        error: z.string().nullable(),
      }),
    ),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  // The runs' rows only: a run's progress is a commit.
  sharedUntil: () => Infinity,
  async handler(ctx, input) {
    // Indexed on (shop, agent, queuedAt) for one agent, (shop, queuedAt) for all.
    const runs = await ctx.db.agentRun.findMany({
      where: { shop: ctx.shop, ...(input.agent ? { agent: input.agent } : {}) },
      orderBy: { queuedAt: "desc" },
      take: input.limit,
      select: {
        agent: true,
        status: true,
        trigger: true,
        queuedAt: true,
        finishedAt: true,
        summary: true,
        error: true,
      },
    });
    return ok({
      runs: runs.map((r) => ({
        ...r,
        queuedAt: r.queuedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
      })),
    });
  },
});
