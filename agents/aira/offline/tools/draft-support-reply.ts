// draft_support_reply: a reply to one ticket, drafted from its order's facts and the support policy (never sent).
import type { draftSupportReply } from "../../../support/tools";
import { plural, storeText, type Format, type Input, type Out } from "../format";
import { clarify, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

/** "the latest ticket", "the newest one", "the last ticket that came in". */
const LATEST_TICKET =
  /\b(?:latest|last|newest|most recent|recent|new(?:est)? open|top)\s+(?:open\s+|support\s+|customer\s+)?(?:ticket|message|email|enquiry|inquiry|complaint)\b/;

export const replyDraft: ToolModule = {
  name: "draft_support_reply",
  rules: [
    r(
      "draft_support_reply",
      5,
      /\b(draft|write|compose|prepare|suggest\w*)\b[^.]{0,40}\b(reply|response|answer|email back)\b/,
    ),
    r("draft_support_reply", 5, /\b(?:reply|response|answer)\s+(?:suggestions?|ideas?|drafts?|templates?)\b/),
    r("draft_support_reply", 4, /\b(draft|write|compose|prepare|suggest\w*|propose)\b/, (s) => s.ticketId),
    r("draft_support_reply", 4, /\b(reply|respond|answer)\s+to\b/),
    r("draft_support_reply", 5, /\b(write back|get back to|respond|reply)\b/, (s) => s.ticketId),
    r(
      "draft_support_reply",
      5,
      /\b(answer|handle|reply to|respond to)\s+(?:this\s+|the\s+|that\s+)?(?:ticket|customer|email|message|complaint)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    if (!msg.ticketId && LATEST_TICKET.test(msg.text))
      return {
        kind: "tool",
        tool: "list_support_tickets",
        input: { ...(/\bopen\b/.test(msg.text) ? { status: "open" } : {}), limit: 1 },
        then: { tool: "draft_support_reply", takes: "latestTicket" },
      };
    if (!msg.ticketId)
      return clarify("Which ticket should I draft a reply to? Give me its id (the ticket list shows them).", [
        "show open tickets",
      ]);
    return tool("draft_support_reply", { ticketId: msg.ticketId.id });
  },
  write(d: Out<typeof draftSupportReply>, _input: Input, _f: Format): string[] {
    return [
      `**Reply drafted (not sent)** from ${plural(d.facts.length, "order fact")}${d.policyUsed ? " and your support policy" : "; no support policy is set"}. Review and edit it before sending.`,
      ...(d.facts.length === 0
        ? ["The ticket has no linked order, so the draft asks the customer for the order number."]
        : d.facts.slice(0, 4).map((fact) => `- ${storeText(fact, 100)}`)),
    ];
  },
};
