// get_agent_run: one agent run's state and what it found. No message asks for it offline (no rules,
// no builder): AIRA answers it when a model or an MCP client calls it after run_agent.
import type { getAgentRun } from "../../../runtime/tools";
import { agentWords, formatDay, formatNumber, more, plural, quote, storeText, words, type Out } from "../format";
import type { ToolModule } from "../kit";

export const agentRunDetails: Pick<ToolModule, "name" | "write"> = {
  name: "get_agent_run",
  write(d: Out<typeof getAgentRun>): string[] {
    const when = (at: string | null) => formatDay(at ?? d.queuedAt);
    const state =
      d.status === "succeeded"
        ? `finished on ${when(d.finishedAt)}`
        : d.status === "failed"
          ? `failed on ${when(d.finishedAt)}${d.error ? ` (${storeText(d.error, 80)})` : ""}`
          : d.status === "running"
            ? `is running (${formatNumber(d.progress, 0)} % done${d.message ? `: ${storeText(d.message, 60)}` : ""})`
            : d.status === "queued"
              ? `is queued to run (since ${when(d.queuedAt)})`
              : `was ${words(d.status)} on ${when(d.finishedAt)}`;
    return [
      `This ${agentWords(d.agent)} run ${state}.${d.summary ? ` It found: ${quote(d.summary, 160)}.` : ""}`,
      ...(d.findings.length
        ? [
            `What it found that still needs you${d.findingsTotal > d.findings.length ? ` (${plural(d.findingsTotal, "finding")} in all)` : ""}:`,
            ...d.findings.slice(0, 4).map((x) => `- ${quote(x.title, 100)}`),
            ...more(d.findingsTotal, Math.min(4, d.findings.length), "more"),
          ]
        : []),
    ];
  },
};
