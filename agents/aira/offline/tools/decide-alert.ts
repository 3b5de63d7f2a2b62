// decide_alert: the merchant's decision on one alert (acknowledge, snooze, resolve with a note, reopen); the store is not changed.
import type { decideAlert } from "../../../security/tools";
import { more, plural, quote, type Format, type Input, type Out } from "../format";
import { clamp, clarify, durationDays, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const alertDecision: ToolModule = {
  name: "decide_alert",
  rules: [
    // "snooze alert cm5... for a week", "resolve alert cm5...: reordered": a decision needs the id.
    // "snooze that alert for a week" without its id: the builder asks which alert.
    r("decide_alert", 8, [/\b(acknowledge|ack|snooze|mute|resolve|reopen|re-open|dismiss|close)\b/, /\balerts?\b/]),
    r(
      "decide_alert",
      8,
      /\b(acknowledge|ack|snooze|mute|resolve|reopen|re-open|mark(?:ed)?\b.{0,20}\b(?:resolved|done|handled))\b/,
      (s) => s.alertId,
    ),
  ],
  /** The merchant's decision on one alert: acknowledge, snooze (a day, a week, N days), resolve with their note, reopen. */
  build(msg: Message): Understanding {
    if (!msg.alertId) return clarify("Which alert do you mean? Give me its id (the alert list shows them).");
    const t = msg.text;
    const alertIds = [msg.alertId.id];
    if (/\b(reopen|re-open)\b/.test(t)) return tool("decide_alert", { alertIds, decision: "reopen" });
    if (/\b(snooze|mute)\b/.test(t)) {
      const days = /\b(a|one|1)\s+week\b|\bweek\b/.test(t)
        ? 7
        : /\b(a|one|1)\s+day\b|\btomorrow\b/.test(t)
          ? 1
          : durationDays(msg);
      if (!days) return clarify("For how long should I snooze it: a day or a week?", ["a day", "a week"]);
      return tool("decide_alert", { alertIds, decision: "snooze", snoozeDays: clamp(Math.round(days), 1, 365) });
    }
    if (/\b(acknowledge|ack)\b/.test(t)) return tool("decide_alert", { alertIds, decision: "acknowledge" });
    // The note is what follows a colon or "because", in the merchant's own words.
    const note = /:\s*(.+)$|\b(?:because|as|since)\s+(.+)$/i.exec(msg.raw);
    const said = (note?.[1] ?? note?.[2] ?? "").trim();
    if (!said)
      return clarify('What was done about it? Say it after a colon, e.g. "resolve alert <id>: reordered 50 units".');
    return tool("decide_alert", { alertIds, decision: "resolve", note: said.slice(0, 1000) });
  },
  write(d: Out<typeof decideAlert>, _input: Input, _f: Format): string[] {
    const done = { acknowledge: "acknowledged", resolve: "resolved", snooze: "snoozed", reopen: "reopened" }[
      d.decision
    ];
    if (d.changed === 0)
      return [
        `Nothing changed: the alert${d.alerts.length === 1 ? " is" : "s are"} already ${d.decision === "reopen" ? "open" : "resolved"}.`,
      ];
    return [
      `**${plural(d.changed, "alert")} ${done}** (the store is not changed):`,
      ...d.alerts
        .slice(0, 4)
        .map(
          (a) =>
            `- ${quote(a.title, 80)}${a.snoozedUntil ? ` — until ${a.snoozedUntil.slice(0, 16).replace("T", " ")} UTC` : ""}${a.resolution ? ` — ${quote(a.resolution, 80)}` : ""}`,
        ),
      ...more(d.alerts.length, 4),
    ];
  },
};
