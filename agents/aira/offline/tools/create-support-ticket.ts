// create_support_ticket: a new ticket from a customer's message, linked to their e-mail and order when named.
import type { createSupportTicket } from "../../../support/tools";
import { quote, storeText, type Format, type Input, type Out } from "../format";
import { clarify, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const newTicket: ToolModule = {
  name: "create_support_ticket",
  rules: [
    r("create_support_ticket", 6, /\b(open|create|log|raise|file|new|make)\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}?ticket\b/),
  ],
  build(msg: Message): Understanding {
    // The customer's message: after a colon, or after a dash or comma that follows the ticket's e-mail or name.
    // Or, when the command comes last ("customer rang, her order arrived damaged. log a ticket for it"), the sentences before it.
    const raw = msg.raw.trim();
    const context = raw
      .split(/(?<=[.!?])\s+/)
      .filter((s) => !/\b(?:open|create|log|raise|file|new)\b[^.]{0,25}\bticket\b/i.test(s))
      .join(" ")
      .trim();
    // A message quoted in full ('Customer emailed: "My order ... can someone help?" Open a ticket') is the body.
    const quoted = /["“]([^"“”]{8,})["”]/.exec(raw)?.[1]?.trim();
    const body =
      quoted ??
      (/ticket\b[^:]*:\s*(.+)$/.exec(raw) ?? /ticket\b.*?(?:\s[-–—]\s|,\s)(.{8,})$/.exec(raw))?.[1]?.trim() ??
      (context.length >= 8 ? context : undefined);
    if (!body) return clarify("What is the customer's message for the new ticket?");
    const email = /[\w.+-]+@[\w-]+\.[\w.-]+/.exec(msg.raw)?.[0];
    const input: Record<string, unknown> = { subject: body.slice(0, 80).padEnd(3, "."), body: body.slice(0, 20_000) };
    if (email) input.email = email.toLowerCase();
    if (msg.orderName) input.orderName = msg.orderName.name;
    const priority = /\b(low|normal|high|urgent)\b/.exec(msg.text);
    if (priority) input.priority = priority[1];
    return tool("create_support_ticket", input);
  },
  write(d: Out<typeof createSupportTicket>, _input: Input, _f: Format): string[] {
    const links = [d.customerId ? "the customer" : "", d.orderId ? "the order" : ""].filter(Boolean).join(" and ");
    return [
      `Created ticket ${storeText(d.id, 40)} — subject ${quote(d.subject, 60)}, ${storeText(d.priority, 10)} priority, status ${storeText(d.status, 10)}${links ? `, linked to ${links}` : ", not linked to a customer or order"}.`,
    ];
  },
};
