// get_agent_findings: what the agents found that still needs the merchant (about a product when one is named).
import type { getAgentFindings } from "../../../findings/tools";
import { formatDay, more, plural, quote, agentWords, type Out } from "../format";
import { tool, r, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const agentFindings: ToolModule = {
  name: "get_agent_findings",
  rules: [
    // What the agents found: their findings, not the alerts.
    r(
      "get_agent_findings",
      6,
      /\bfindings?\b|\bagents?\b[^.?]{0,30}\b(?:found|flag(?:ged)?|spotted|noticed|picked up|came up with|turned up)\b|\b(?:found|flagged|spotted|noticed)\b[^.?]{0,15}\bagents?\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const sel = msg.selection;
    return tool("get_agent_findings", sel.kind === "found" ? { search: sel.products[0].title.slice(0, 200) } : {});
  },
  write(d: Out<typeof getAgentFindings>): string[] {
    if (d.total === 0) return ["The agents have found nothing that still needs you."];
    return [
      `**${plural(d.total, "finding")} still need${d.total === 1 ? "s" : ""} you**, most important first:`,
      ...d.findings
        .slice(0, 4)
        .map((x) => `- ${quote(x.title, 100)} (${agentWords(x.agent)}, ${formatDay(x.foundAt)})`),
      ...more(d.total, Math.min(4, d.findings.length), "more"),
    ];
  },
};
