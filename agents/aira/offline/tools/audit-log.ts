// list_audit_log: the activity log (who did what, by outcome, actor or action).
import type { listAuditLog } from "../../../security/tools";
import { formatDay, more, plural, storeText, words, toolLabel, type Out } from "../format";
import { clamp, tool, r, pattern, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

/** Asks for the log without read-only look-ups: "just the store changes", "skip the reads", "not every lookup". */
const READS_LEFT_OUT =
  /\b(?:only|just)\s+(?:the\s+)?(?:actual\s+|real\s+)?(?:store\s+)?(?:changes|edits|writes)\b|\b(?:not|no|without|leave out|leaving out|skip|skipping|exclude|excluding|ignore|ignoring|minus|hide|hiding)\s+(?:the\s+|every\s+|all\s+(?:the\s+)?|any\s+)?(?:look ?-?ups?|reads?|read-only(?:\s+\w+)?|queries|views)\b/;

export const auditLog: ToolModule = {
  name: "list_audit_log",
  rules: [
    r("list_audit_log", 5, /\baudit\b/),
    r("list_audit_log", 3, /\b(audit (?:log|trail)|activity log|change ?log|history of (?:changes|actions))\b/),
    r("list_audit_log", 4, /\bwho (?:changed|did|made|approved|ran)\b/),
    r(
      "list_audit_log",
      8,
      /\b(?:everything|what)\b[^.]{0,30}\bagents?\b[^.]{0,10}\b(?:did|done|has done|changed|touched)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const t = msg.text;
    const input: Record<string, unknown> = {};
    if (/\b(denied|rejected|refused|blocked)\b/.test(t)) input.outcome = "denied";
    else if (/\b(failed|failures?|errors?|errored)\b/.test(t)) input.outcome = "error";
    else if (/\b(successful|succeeded|ok)\b/.test(t)) input.outcome = "ok";
    const agent = msg.context.agents.find((a) => pattern(`\\b${a.replace(/-/g, "[- ]?")}\\b`).test(t));
    const kind =
      /\bby (?:the )?(mcp|aira|me|merchant|system|shopify|schedule(?:d)?)\b/.exec(t)?.[1] ??
      /\b(mcp|aira)\b/.exec(t)?.[1];
    if (agent) input.actor = `schedule:${agent}`;
    else if (kind) input.actor = kind === "me" ? "merchant" : kind.startsWith("schedule") ? "schedule" : kind;
    const action = /\b([a-z]+(?:_[a-z0-9]+)+)\b/.exec(t);
    if (action) input.action = action[1];
    // "only the changes, not every lookup": leave out successful read-only tool calls.
    if (READS_LEFT_OUT.test(t)) input.reads = false;
    if (msg.limit) input.limit = clamp(msg.limit, 1, 500);
    return tool("list_audit_log", input);
  },
  write(d: Out<typeof listAuditLog>): string[] {
    if (d.entries.length === 0) return ["Nothing in the activity log matches that."];
    const who = (actor: string) =>
      actor.startsWith("merchant:")
        ? "you"
        : actor.startsWith("aira:")
          ? "AIRA"
          : actor.startsWith("mcp:")
            ? "an AI client"
            : actor.startsWith("schedule:")
              ? "a scheduled agent"
              : "the app";
    const what = (action: string) =>
      action.startsWith("tool.")
        ? `used the ${toolLabel(action.slice(5))}`
        : words(action.replace(/^action\./, "").replace(/\./g, " "));
    return [
      `**${plural(d.matched, "entry", "entries")} in the activity log**, newest first:`,
      ...d.entries
        .slice(0, 4)
        .map(
          (e) =>
            `- ${formatDay(e.at)}: ${who(e.actor)} — ${storeText(what(e.action), 60)}${e.outcome === "ok" ? "" : ` (${words(e.outcome)})`}`,
        ),
      ...more(d.matched, Math.min(4, d.entries.length)),
    ];
  },
};
