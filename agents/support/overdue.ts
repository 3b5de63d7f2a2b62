// Which open tickets are past the merchant's reply targets (Settings): no first reply within the
// first-reply target, or not solved within the resolution target. A pending ticket waits for the
// customer, so its resolution clock is paused; it still needs its first reply.
import { HOUR_MS } from "../core/time";

export interface TicketForTargets {
  id: string;
  subject: string;
  email: string | null;
  priority: string;
  status: string;
  createdAt: Date;
  firstResponseAt: Date | null;
}

export interface SupportTargets {
  firstResponseHours: number;
  resolutionHours: number;
}

export interface OverdueTicket {
  ticketId: string;
  subject: string;
  email: string | null;
  priority: string;
  openedAt: string;
  hoursOpen: number;
  /** Still waiting for a first reply past the first-reply target. */
  firstResponseOverdue: boolean;
  /** Open past the resolution target. */
  resolutionOverdue: boolean;
  /** The target it is most overdue against, and by how many hours. */
  targetHours: number;
  hoursOver: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function overdueTickets(tickets: TicketForTargets[], targets: SupportTargets, now: Date): OverdueTicket[] {
  const out: OverdueTicket[] = [];
  for (const t of tickets) {
    if (t.status !== "open" && t.status !== "pending") continue;
    const hoursOpen = (now.getTime() - t.createdAt.getTime()) / HOUR_MS;
    const firstResponseOverdue = !t.firstResponseAt && hoursOpen > targets.firstResponseHours;
    const resolutionOverdue = t.status === "open" && hoursOpen > targets.resolutionHours;
    if (!firstResponseOverdue && !resolutionOverdue) continue;
    // A missing first reply is the more urgent miss whenever it is one.
    const targetHours = firstResponseOverdue ? targets.firstResponseHours : targets.resolutionHours;
    out.push({
      ticketId: t.id,
      subject: t.subject,
      email: t.email,
      priority: t.priority,
      openedAt: t.createdAt.toISOString(),
      hoursOpen: round1(hoursOpen),
      firstResponseOverdue,
      resolutionOverdue,
      targetHours,
      hoursOver: round1(hoursOpen - targetHours),
    });
  }
  return out.sort((a, b) => b.hoursOver / b.targetHours - a.hoursOver / a.targetHours);
}

/** "30 hours" / "3 days" for how long a ticket waited. */
export function waitText(hours: number): string {
  if (hours < 48) return `${Math.round(hours)} hour${Math.round(hours) === 1 ? "" : "s"}`;
  return `${Math.round(hours / 24)} days`;
}
