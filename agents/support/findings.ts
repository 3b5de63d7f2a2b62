// What the support-desk agent records (ADR 0013): tickets past the merchant's reply targets, and a
// reply draft for each ticket still waiting for its first reply.
import { z } from "zod";
import { findingKind } from "../findings/kind";
import type { FoundItem } from "../findings/store";
import { plural } from "../findings/words";
import { waitText, type OverdueTicket } from "./overdue";

export const overdueTicket = findingKind(
  "overdue_ticket",
  z.object({
    ticketId: z.string(),
    subject: z.string(),
    email: z.string().nullable(),
    priority: z.string(),
    openedAt: z.string(),
    hoursOpen: z.number(),
    firstResponseOverdue: z.boolean(),
    resolutionOverdue: z.boolean(),
    targetHours: z.number(),
    hoursOver: z.number(),
  }),
);

export const replyDraft = findingKind(
  "reply_draft",
  z.object({
    ticketId: z.string(),
    subject: z.string(),
    email: z.string().nullable(),
    draft: z.string(),
    /** The model that wrote it, or "template". */
    draftedBy: z.string(),
    facts: z.array(z.string()),
    /** The ticket's updatedAt the draft was written for: a changed ticket gets a new draft. */
    ticketUpdatedAt: z.string(),
  }),
);

const PRIORITY_WEIGHT: Record<string, number> = { urgent: 3, high: 2, normal: 1, low: 0.5 };

export function overdueTitle(t: OverdueTicket): string {
  const waited = waitText(t.hoursOpen);
  return t.firstResponseOverdue
    ? `"${t.subject}" has waited ${waited} for a first reply (target ${plural(t.targetHours, "hour")})`
    : `"${t.subject}" has been open ${waited} (target: solved within ${plural(t.targetHours, "hour")})`;
}

export function overdueFindings(tickets: OverdueTicket[]): FoundItem[] {
  return tickets.map((t) =>
    overdueTicket.item(
      `ticket:${t.ticketId}`,
      overdueTitle(t),
      t,
      (t.hoursOver / t.targetHours) * (PRIORITY_WEIGHT[t.priority] ?? 1),
    ),
  );
}

export function supportSummary(overdue: number, drafts: number, open: number): string {
  const late =
    overdue === 0 ? "No ticket is past its reply targets" : `${plural(overdue, "ticket")} past their reply targets`;
  return `${late}; ${plural(drafts, "reply draft")} ready; ${plural(open, "open ticket")}`;
}
