// list_support_tickets: the support queue, newest first, by status.
import type { listSupportTickets } from "../../../support/tools";
import { more, plural, quote, storeText, str, type Format, type Input, type Out } from "../format";
import { clamp, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const ticketList: ToolModule = {
  name: "list_support_tickets",
  rules: [
    r(
      "list_support_tickets",
      3,
      /\btickets?\b|\bsupport (?:queue|inbox)\b|\b(?:help ?desk|customer service) (?:queue|inbox)\b|\bsupport requests?\b|\bcustomer (?:messages|emails|questions|inquiries|enquiries|complaints)\b|\binquiries\b|\benquiries\b/,
    ),
    r("list_support_tickets", 1, [
      /\btickets?\b/,
      /\b(list|show|any|open|pending|solved|closed|all|see|view|waiting)\b/,
    ]),
  ],
  build(msg: Message): Understanding {
    const t = msg.text;
    const status = /\b(solved|resolved)\b/.test(t)
      ? "solved"
      : /\bclosed\b/.test(t)
        ? "closed"
        : /\b(pending|waiting (?:on|for) (?:the )?customers?|awaiting (?:the )?customers?|on hold)\b|\b(?:customers?|they|them) to (?:get back|reply|respond|answer|come back)\b/.test(
              t,
            )
          ? "pending"
          : /\b(open|unanswered|new)\b/.test(t)
            ? "open"
            : undefined;
    return tool("list_support_tickets", {
      ...(status ? { status } : {}),
      ...(msg.limit ? { limit: clamp(msg.limit, 1, 100) } : {}),
    });
  },
  write(d: Out<typeof listSupportTickets>, input: Input, _f: Format): string[] {
    const status = str(input, "status");
    if (d.tickets.length === 0) return [`No ${status ? `${status} ` : ""}support tickets.`];
    return [
      `**${plural(d.tickets.length, `${status ? `${status} ` : ""}ticket`)}${d.nextCursor ? " (more on the next page)" : ""}, newest first:**`,
      ...d.tickets
        .slice(0, 4)
        .map(
          (t) =>
            `- ${storeText(t.id, 40)} ${quote(t.subject, 60)} — ${storeText(t.status, 10)}, ${storeText(t.priority, 10)}${t.escalated ? ", escalated" : ""}${t.assignee ? `, assigned to ${quote(t.assignee, 30)}` : ""}, ${t.createdAt.slice(0, 10)}`,
        ),
      ...more(d.tickets.length, 4),
    ];
  },
};
