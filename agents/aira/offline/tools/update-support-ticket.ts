// update_support_ticket: one ticket's status, priority, assignee, escalation, or a first response given elsewhere.
import type { updateSupportTicket } from "../../../support/tools";
import { quote, storeText, type Format, type Input, type Out } from "../format";
import { always, clarify, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

/** A first response given outside the app: "note that she's had a response", "I've replied by phone". */
const RESPONDED =
  /\b(?:had|got|received|given)\s+(?:a\s+|her\s+|his\s+|their\s+|our\s+)?(?:first\s+)?(?:response|reply|answer)\b|\b(?:replied|responded|answered)\s+(?:to\s+(?:her|him|them)\s+)?(?:by|on|over)\s+(?:phone|e-?mail|whatsapp|text)\b|\bmark (?:it )?as responded\b/;

export const ticketUpdate: ToolModule = {
  name: "update_support_ticket",
  rules: [
    r(
      "update_support_ticket",
      5,
      /\b(close|solve|resolve|reopen|re-open|escalate|de-?escalate|assign|mark|prioriti[sz]e)\b[^.]{0,40}\btickets?\b/,
    ),
    r(
      "update_support_ticket",
      5,
      /\btickets?\b[^.]{0,60}\b(?:as )?(solved|closed|resolved|urgent|escalated)\b/,
      (s) => s.ticketId,
    ),
    r("update_support_ticket", 1, always, (s) => s.ticketId),
    r(
      "update_support_ticket",
      5,
      /\b(assign|reassign|mark|flag|set|prioriti[sz]e|close|solve|resolve|hand(?:ed)? (?:\S+ )?over|pass(?:ed)? (?:\S+ )?(?:on|over)|give)\b/,
      (s) => s.ticketId,
    ),
    r("update_support_ticket", 5, /\b(escalate|de-?escalate|reopen|re-open)\b/, (s) => s.ticketId),
    // "I rang her, note that she's had a response": a first response given outside the app, recorded.
    r("update_support_ticket", 6, RESPONDED, (s) => s.ticketId),
    // "cm4x... -> urgent": a ticket and a priority or status word alone.
    r("update_support_ticket", 5, /\b(?:low|normal|high|urgent|pending|solved|closed)\b/, (s) => s.ticketId),
    r(
      "update_support_ticket",
      5,
      /\b(?:low|normal|high|urgent)\s+priority\b|\bpriority\b[^.]{0,15}\b(?:low|normal|high|urgent)\b|\b(?:bump|raise|lower|upgrade|downgrade|switch|move)\b/,
      (s) => s.ticketId,
    ),
  ],
  build(msg: Message): Understanding {
    if (!msg.ticketId) return clarify("Which ticket do you mean? Give me its id (the ticket list shows them).");
    const t = msg.text;
    const input: Record<string, unknown> = { ticketId: msg.ticketId.id };
    // "it is solved, close it": the instruction ("close it") beats the description ("solved").
    const instructed = /\b(close|solve|resolve)\s+(?:it|this|that|the|ticket|them|#|cm)/.exec(t)?.[1];
    if (instructed) input.status = instructed === "close" ? "closed" : "solved";
    else if (/\b(solve|solved|resolve|resolved)\b/.test(t)) input.status = "solved";
    else if (/\bclose[sd]?\b/.test(t)) input.status = "closed";
    else if (/\b(reopen|re-open)\b/.test(t)) input.status = "open";
    else if (/\bpending\b/.test(t)) input.status = "pending";
    if (RESPONDED.test(t)) input.responded = true;
    if (/\bde-?escalate\b/.test(t)) input.escalate = false;
    else if (/\bescalate\b/.test(t)) input.escalate = true;
    const priority =
      /\b(low|normal|high|urgent)\s+priority\b|\bpriority\s+(?:to\s+)?(low|normal|high|urgent)\b|\b(?:as|to)\s+(urgent|high|low|normal)\b/.exec(
        t,
      );
    if (priority) input.priority = priority[1] ?? priority[2] ?? priority[3];
    const assignee =
      /\b(?:(?:re-?)?assign(?:ed)?|hand(?:ed)?|pass(?:ed)?|give)\b.*?\bto\s+([a-z][a-z .'-]{1,40}?)\s*(?:$|[.,!?]|\s(?:and|then|plus|but|so|please|pls|asap|now|today)\b)/.exec(
        t,
      );
    // "assign Priya": the name right after the verb.
    const named =
      assignee ??
      /\b(?:re-?)?assign\s+(?!(?:to|it|this|that|the|them|ticket|tickets|someone|somebody|me)\b)([a-z][a-z'-]{1,30})\b/.exec(
        t,
      );
    if (named) {
      // The name as the merchant typed it ("Sarah", not "sarah").
      const name = named[1].trim();
      const typed = msg.raw.toLowerCase().lastIndexOf(name);
      input.assignee = typed >= 0 ? msg.raw.slice(typed, typed + name.length) : name;
    }
    if (Object.keys(input).length === 1)
      return clarify(
        "What should change on that ticket: its status (open, pending, solved, closed), priority, assignee or escalation?",
      );
    return tool("update_support_ticket", input);
  },
  write(d: Out<typeof updateSupportTicket>, input: Input, _f: Format): string[] {
    const recorded = input.responded === true ? " First response recorded." : "";
    return [
      `Ticket ${storeText(d.id, 40)} updated: status ${storeText(d.status, 10)}, ${storeText(d.priority, 10)} priority, ${d.assignee ? `assigned to ${quote(d.assignee, 30)}` : "unassigned"}${d.escalated ? ", escalated" : ""}.${recorded}`,
    ];
  },
};
