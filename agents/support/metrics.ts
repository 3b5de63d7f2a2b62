// Support figures from the tickets table: volume, first-response and resolution times.
import { HOUR_MS } from "../core/time";
export interface TicketTimes {
  createdAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  status: string;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function supportMetrics(tickets: TicketTimes[]) {
  const firstResponse = tickets
    .filter((t) => t.firstResponseAt)
    .map((t) => (t.firstResponseAt!.getTime() - t.createdAt.getTime()) / HOUR_MS);
  const resolution = tickets
    .filter((t) => t.resolvedAt)
    .map((t) => (t.resolvedAt!.getTime() - t.createdAt.getTime()) / HOUR_MS);
  const byStatus: Record<string, number> = {};
  for (const t of tickets) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
  const round = (n: number | null) => (n == null ? null : Math.round(n * 10) / 10);
  return {
    tickets: tickets.length,
    byStatus,
    medianFirstResponseHours: round(median(firstResponse)),
    medianResolutionHours: round(median(resolution)),
    awaitingFirstResponse: tickets.filter((t) => !t.firstResponseAt && t.status !== "closed" && t.status !== "solved")
      .length,
  };
}
