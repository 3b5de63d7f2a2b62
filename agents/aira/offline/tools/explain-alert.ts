// explain_alert: what one alert (or the latest) means, its evidence and next steps.
import type { explainAlert } from "../../../security/tools";
import { formatDay, quote, storeText, words, type Out } from "../format";
import { always, tool, r, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const alertExplanation: ToolModule = {
  name: "explain_alert",
  rules: [
    r("explain_alert", 5, [
      /\balerts?\b|\bwarnings?\b/,
      /\b(explain|talk me through|walk me through|run me through|break down|why did|why do|why is|why was|what does|what's this|what is this|tell me (?:more )?about|details (?:of|on|about)|mean|meaning|about|what happened|what went wrong|what's going on|telling|tell(?:s)? (?:me|us)|say(?:s|ing)?)\b/,
    ]),
    r("explain_alert", 3, /\b(latest|newest|last|most recent)\s+(?:alert|warning)\b/),
    r("explain_alert", 2, always, (s) => s.alertId),
  ],
  build(msg: Message): Understanding {
    return tool("explain_alert", msg.alertId ? { alertId: msg.alertId.id } : {});
  },
  write(d: Out<typeof explainAlert>): string[] {
    return [
      `**${d.alert ? quote(d.alert.title, 100) : "The alert"}**${d.alert ? ` (${words(d.alert.severity)}, ${formatDay(d.alert.createdAt)})` : ""}: ${storeText(d.whatHappened, 240)}`,
      ...d.evidence.slice(0, 2).map((e) => `- ${storeText(e, 160)}`),
      ...d.nextSteps.slice(0, 2).map((step) => `- Next: ${storeText(step, 160)}`),
    ];
  },
};
