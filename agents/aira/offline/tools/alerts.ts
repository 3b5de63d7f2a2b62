// list_alerts: the shop's alerts, open or resolved, of one kind when named.
import type { listAlerts } from "../../../security/tools";
import { formatDay, more, plural, quote, words, type Out } from "../format";
import { clamp, tool, r, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

const ALERT_KINDS: [RegExp, string][] = [
  [/\b(fraud\w*|(?:risky|dodgy|suspicious|sketchy|high[- ]risk|scam\w*) orders?|order risk)\b/, "risky_order"],
  [/\b(stock ?outs?|stock|inventory)\b/, "stockout_risk"],
  [/\b(revenue|sales|anomal\w*)\b/, "revenue_anomaly"],
  [/\bwebhooks?\b/, "webhook_failing"],
  [/\b(mcp|auth(?:entication)?|login)\b/, "mcp_auth_failures"],
  [/\b(change rate|too many changes)\b/, "change_rate"],
];

export const alertList: ToolModule = {
  name: "list_alerts",
  rules: [
    r("list_alerts", 4, /\balerts?\b|\bwarnings?\b|\bflagged\b|\bred flags?\b/),
    r("list_alerts", 2, [/\balerts\b/, /\b(list|show|any|open|all|see|view|resolved|active)\b/]),
  ],
  build(msg: Message): Understanding {
    const t = msg.text;
    const input: Record<string, unknown> = {};
    const resolved = /\b(resolved|closed|old|past)\b/.test(t);
    const open = /\b(open|active|unresolved|current)\b/.test(t);
    // "every alert, resolved ones too", "open and resolved alerts": both kinds.
    if ((resolved && open) || (resolved && /\b(too|as well|also|including|incl|included|plus|both)\b/.test(t)))
      input.status = "all";
    else if (resolved) input.status = "resolved";
    else if (/\b(all|every|everything)\b/.test(t) && !open) input.status = "all";
    else if (/\b(open|active|unresolved|current)\b/.test(t)) input.status = "open";
    const kind = ALERT_KINDS.find(([re]) => re.test(t));
    if (kind) input.kind = kind[1];
    if (msg.limit) input.limit = clamp(msg.limit, 1, 200);
    return tool("list_alerts", input);
  },
  write(d: Out<typeof listAlerts>): string[] {
    if (d.alerts.length === 0) return [d.open.total === 0 ? "There are no open alerts." : "No alerts match that."];
    return [
      `**${plural(d.matched, "alert")}** (${plural(d.open.total, "open alert")} in all):`,
      ...d.alerts
        .slice(0, 4)
        .map((a) => `- ${quote(a.title, 100)}: ${words(a.severity)}, ${a.status}, ${formatDay(a.createdAt)}`),
      ...more(d.matched, Math.min(4, d.alerts.length)),
    ];
  },
};
