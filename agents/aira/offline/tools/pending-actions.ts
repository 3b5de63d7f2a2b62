// list_pending_actions: changes waiting for approval, or those applied, reverted, denied or failed.
import type { listPendingActions } from "../../../actions/tools";
import { formatDay, more, plural, quote, str, type Input, type Out } from "../format";
import { clamp, tool, r, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const pendingActions: ToolModule = {
  name: "list_pending_actions",
  rules: [
    r(
      "list_pending_actions",
      5,
      /\b(approvals?|sign[- ]?off|awaiting (?:my )?approval|waiting for (?:my )?(?:approval|review|ok)|pending (?:actions?|changes?|proposals?)|proposals?|to approve|needs? (?:my )?approval)\b/,
    ),
    r("list_pending_actions", 2, /\bpending\b/),
    // "did the price update go through?", "didn't seem to stick": asking after changes already made.
    r(
      "list_pending_actions",
      3,
      /\b(?:did|have|has)\b[^.?]{0,40}\b(?:fail|go through|get applied|apply|stick|work)\b|\bdidn'?t (?:seem to )?(?:stick|go through|apply|take)\b/,
    ),
    r(
      "list_pending_actions",
      5,
      /\b(?:waiting|queued up) (?:for|on) me\b|\bfor me to (?:approve|review|sign off|check|ok)\b/,
    ),
    r(
      "list_pending_actions",
      5,
      /\b(?:rolled back|roll(?:ed)? ?backs?|undone|reversed|reverted)\b[^.]{0,20}$|\b(?:everything|what|changes?|actions?)\b[^.]{0,20}\b(?:been |was |were |got )?(?:rolled back|undone|reversed|reverted)\b|\b(?:changes?|actions?|proposals?|updates?)\b[^.]{0,30}\b(?:errored|error(?:ed)? out|went wrong|fail(?:ed|s)?|didn'?t (?:apply|go through|stick|work))\b/,
    ),
    r(
      "list_pending_actions",
      5,
      /\b(applied|approved|reverted|denied|failed|rejected|declined) (?:actions?|changes?|proposals?)\b|\b(?:actions?|changes?|proposals?)\s+(?:were |was |that were |got |have been |has been |(?:that )?(?:i|we)(?:'ve| have| had)? )?(applied|approved|reverted|denied|rejected|declined|turned down|failed|undone|undid)\b/,
    ),
    // "every change AIRA has applied", "the updates you've applied this month": changes already made.
    r(
      "list_pending_actions",
      5,
      /\b(?:changes?|actions?|updates?|edits?)\b[^.?]{0,25}\b(?:has|have|had|'ve|you've|got|been)\s+(?:been\s+|already\s+)?applied\b/,
    ),
    r(
      "list_pending_actions",
      5,
      /\b(?:to be|needs? to be|waiting to be|yet to be|still to be|not yet) approved\b|\bneeds? approving\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const t = msg.text;
    const status =
      /\b(?:errored|error(?:ed)? out|went wrong|fail(?:ed|s)?|didn'?t (?:seem to )?(?:apply|go through|stick))\b/.test(
        t,
      )
        ? "failed"
        : /\b(?:rolled back|roll(?:ed)? ?backs?|reversed)\b/.test(t)
          ? "reverted"
          : // "what if I approved everything?": a supposition, not changes already made.
            /\bapplied\b|\bapproved (?:actions?|changes?|proposals?)\b|(?<!\bif\s)\b(?:i|we|you|i've|we've|already|were|was|been|got)\s+(?:have\s+|had\s+)?approved\b/.test(
                t,
              )
            ? "applied"
            : /\b(reverted|undone|undid)\b/.test(t)
              ? "reverted"
              : /\b(denied|rejected|declined|turned down)\b/.test(t)
                ? "denied"
                : /\b(pending|waiting|awaiting|approvals?|approve|sign[- ]?off)\b/.test(t)
                  ? "pending"
                  : undefined;
    return tool("list_pending_actions", {
      ...(status ? { status } : {}),
      ...(msg.limit ? { limit: clamp(msg.limit, 1, 100) } : {}),
    });
  },
  write(d: Out<typeof listPendingActions>, input: Input): string[] {
    const status = str(input, "status") ?? "pending";
    const which = status === "pending" ? "waiting for your approval" : status;
    if (d.actions.length === 0)
      return [status === "pending" ? "No changes are waiting for your approval." : `No ${status} changes.`];
    return [
      `**${plural(d.actions.length, "change")} ${which}${d.nextCursor ? " (more on the next page)" : ""}:**`,
      ...d.actions
        .slice(0, 4)
        .map((a) => `- ${quote(a.summary, 200)} — ${plural(a.itemCount, "item")}, ${formatDay(a.createdAt)}`),
      ...more(d.actions.length, 4),
    ];
  },
};
