// The support-desk agent: every 15 minutes it checks open tickets against the reply targets the
// merchant set (Settings), raises an alert for each overdue one (resolved by itself once the ticket
// is answered or solved), and prepares a reply draft for every ticket still waiting for its first
// reply: with the configured language model when there is one, else the template of
// draft_support_reply. Drafts are findings on the Support page; nothing is sent.
import { z } from "zod";
import { recordRunFindings } from "../findings/kind";
import type { FoundItem } from "../findings/store";
import { raiseAlert, resolveAlertsAutomatically } from "../ops/alerts";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { MINUTE_MS } from "../core/time";
import { defineAgent } from "../runtime/agents";
import { readSettings } from "../settings";
import { toolRegistry } from "../tools";
import { overdueFindings, overdueTicket, overdueTitle, replyDraft, supportSummary } from "./findings";
import { overdueTickets } from "./overdue";
import { draftSupportReply, getSupportMetrics } from "./tools";

export const SUPPORT_AGENT = "support-desk";
/** Drafts written per run at most (a model call each): the rest follow in the next runs. */
const DRAFTS_PER_RUN = 25;
/** Open tickets checked per run, oldest first. */
const TICKETS_PER_RUN = 5_000;

export function supportDeskAgent(deps: AgentDeps) {
  return defineAgent({
    name: SUPPORT_AGENT,
    title: "Support desk",
    description:
      "Watches open tickets against your reply targets, raises an alert for overdue ones, and prepares a reply draft for each new ticket.",
    capabilities: ["support"],
    tools: [draftSupportReply.name, getSupportMetrics.name],
    schedule: { every: 15 * MINUTE_MS },
    input: z.object({}).strict(),
    async run(ctx) {
      const now = ctx.now();
      const settings = await readSettings(ctx.db, ctx.shop);
      const targets = {
        firstResponseHours: settings.supportFirstResponseHours,
        resolutionHours: settings.supportResolutionHours,
      };
      const open = await ctx.db.supportTicket.findMany({
        where: { shop: ctx.shop, status: { in: ["open", "pending"] } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: TICKETS_PER_RUN,
      });

      const overdue = overdueTickets(open, targets, now);
      for (const t of overdue) {
        await raiseAlert(ctx.db, ctx.shop, {
          kind: "support_overdue",
          severity: t.priority === "urgent" || t.hoursOver >= t.targetHours ? "critical" : "warning",
          title: overdueTitle(t),
          details: t,
          dedupeKey: `support:${t.ticketId}`,
          raisedAt: now,
        });
      }
      // Answered, solved or no longer late (a target was raised): the alert resolves itself.
      const resolved = await resolveAlertsAutomatically(
        ctx.db,
        ctx.shop,
        { kind: "support_overdue", dedupeKey: { notIn: overdue.map((t) => `support:${t.ticketId}`) } },
        { reason: "the ticket was answered or solved", by: `schedule:${SUPPORT_AGENT}`, now },
      );

      await ctx.progress(40, "preparing reply drafts");
      const tools = await toolContext(ctx, deps, SUPPORT_AGENT);
      const waiting = open.filter((t) => t.status === "open" && !t.firstResponseAt);
      const earlier = new Map(
        (
          await ctx.db.finding.findMany({
            where: { shop: ctx.shop, kind: replyDraft.kind, subject: { in: waiting.map((t) => `ticket:${t.id}`) } },
            select: { subject: true, data: true },
          })
        ).map((f) => [f.subject, f.data as z.infer<typeof replyDraft.data>]),
      );
      const drafts: FoundItem[] = [];
      let written = 0;
      let modelFailures = 0;
      for (const ticket of waiting) {
        const subject = `ticket:${ticket.id}`;
        const before = earlier.get(subject);
        const ticketUpdatedAt = ticket.updatedAt.toISOString();
        // A draft already written for this version of the ticket is kept (no second model call).
        if (before && before.ticketUpdatedAt === ticketUpdatedAt) {
          drafts.push(
            replyDraft.item(subject, `Reply ready for "${ticket.subject}"`, before, score(ticket.createdAt, now)),
          );
          continue;
        }
        if (written >= DRAFTS_PER_RUN) continue;
        const template = await toolRegistry.run(tools, draftSupportReply, { ticketId: ticket.id });
        if (!template.ok) continue;
        let draft = template.data.draft;
        let draftedBy = "template";
        if (deps.replyWriter) {
          try {
            const customer = ticket.customerId
              ? await ctx.db.mirrorCustomer.findFirst({
                  where: { shop: ctx.shop, id: ticket.customerId },
                  select: { firstName: true },
                })
              : null;
            const text = await deps.replyWriter.write({
              subject: ticket.subject,
              message: ticket.body,
              customerName: customer?.firstName ?? null,
              facts: template.data.facts,
              policy: settings.supportPolicy,
            });
            if (text) {
              draft = text;
              draftedBy = deps.replyWriter.model;
            }
          } catch (error) {
            modelFailures++;
            ctx.logger.warn({ err: (error as Error).message, ticket: ticket.id }, "reply model failed; template used");
          }
        }
        written++;
        drafts.push(
          replyDraft.item(
            subject,
            `Reply ready for "${ticket.subject}"`,
            {
              ticketId: ticket.id,
              subject: ticket.subject,
              email: ticket.email,
              draft,
              draftedBy,
              facts: template.data.facts,
              ticketUpdatedAt,
            },
            score(ticket.createdAt, now),
          ),
        );
      }
      await recordRunFindings(
        ctx,
        SUPPORT_AGENT,
        [overdueTicket, replyDraft],
        [...overdueFindings(overdue), ...drafts],
      );
      return {
        summary: supportSummary(overdue.length, drafts.length, open.length),
        openTickets: open.length,
        overdue: overdue.length,
        firstReplyOverdue: overdue.filter((t) => t.firstResponseOverdue).length,
        draftsReady: drafts.length,
        draftsWritten: written,
        draftedWith: deps.replyWriter?.model ?? "template",
        modelFailures,
        alertsResolved: resolved,
        targets,
      };
    },
  });
}

/** Older tickets first in the drafts list. */
const score = (createdAt: Date, now: Date) => Math.round((now.getTime() - createdAt.getTime()) / MINUTE_MS);
