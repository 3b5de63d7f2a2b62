// get_support_metrics: how quickly support answers and resolves tickets, and how many wait for a first reply.
import type { getSupportMetrics } from "../../../support/tools";
import { findDuration } from "../dates";
import { formatNumber, num, plural, storeText, type Input, type Out } from "../format";
import { clamp, daysOf, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const supportMetrics: ToolModule = {
  name: "get_support_metrics",
  rules: [
    r(
      "get_support_metrics",
      5,
      /\bsupport (?:stats|statistics|metrics|figures|numbers|performance|kpis?|volume)\b|\b(?:first[- ])?(?:response|reply|answer) (?:times?|speed|rates?)\b|\bresolution times?\b|\bhow (?:is|'s) support\b|\bsla\b/,
    ),
    r(
      "get_support_metrics",
      5,
      /\bhow (?:quickly|quick|fast|long|soon|promptly)\b[^.]{0,40}\b(?:resolv|respond|repl|answer|clos|handl|solv|get(?:ting)? back)\w*/,
    ),
    r(
      "get_support_metrics",
      5,
      /\b(?:support|tickets?|help ?desk)\s+(?:\w+\s+)?(?:stats|statistics|metrics|figures|kpis?|volumes?|sla)\b/,
    ),
    r("get_support_metrics", 5, /\b(?:waiting|awaiting) (?:for )?(?:a )?(?:first )?(?:reply|response)\b/),
    // "ticket numbers for the fortnight: how many came in, how many got solved".
    r(
      "get_support_metrics",
      6,
      /\btickets?\s+(?:numbers|counts?|volumes?|totals?)\b|\bhow many (?:tickets\s+)?(?:came in|got solved|were solved|got closed|were opened|were raised)\b/,
    ),
    r(
      "get_support_metrics",
      5,
      /\bhow(?:'s| is| are| has| have| was)\s+(?:the\s+|our\s+|my\s+)?(?:customer (?:service|support|care)|support(?: team| desk)?|help ?desk)\b|\b(?:customer (?:service|support|care)|support team|help ?desk)\b[^.]{0,30}\b(?:doing|performing|performance|going|stats|statistics|metrics|numbers|kpis?)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    // "reply times 7d": a bare duration is the window.
    const days = daysOf(msg.period) ?? findDuration(msg.text)?.days ?? null;
    return tool("get_support_metrics", days ? { days: clamp(days, 1, 365) } : {});
  },
  write(d: Out<typeof getSupportMetrics>, input: Input): string[] {
    const days = num(input, "days", 30);
    if (d.tickets === 0) return [`No support tickets in the last ${plural(days, "day")}.`];
    const hours = (h: number | null) => (h == null ? "n/a" : `${formatNumber(h, 1)} h`);
    const byStatus = Object.entries(d.byStatus)
      .map(([s, n]) => `${storeText(s, 20)} ${formatNumber(n, 0)}`)
      .join(", ");
    return [
      `**${plural(d.tickets, "ticket")} in the last ${plural(days, "day")}:** ${byStatus}.`,
      `Median first response ${hours(d.medianFirstResponseHours)}, median resolution ${hours(d.medianResolutionHours)}; ${plural(d.awaitingFirstResponse, "ticket")} still awaiting a first response.`,
    ];
  },
};
