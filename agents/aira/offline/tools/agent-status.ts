// get_agent_status: when an agent last ran and what it found; asking about an agent never starts it.
import type { getAgentStatus } from "../../../findings/tools";
import { findAgent } from "../entities";
import { formatDay, quote, storeText, str, words, agentWords, type Input, type Out } from "../format";
import { tool, r, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

/** Words that name an agent or a sync, for questions about their runs. */
const AGENT_WORD =
  /\b(?:agents?|bots?|sync(?:ed|ing|s)?|forecast(?:ing|er)?|optimi[sz]er|monitor|research(?:er)?|fulfil?ment agent)\b/;

export const agentStatus: ToolModule = {
  name: "get_agent_status",
  rules: [
    r("get_agent_status", 8, [
      AGENT_WORD,
      /\b(?:last (?:run|ran|time)|(?:ran|run) last|when did\b[^.?]{0,40}\b(?:run|ran|sync|finish|update)|has\b[^.?]{0,30}\b(?:run|ran|finished|synced)|(?:up to date|up-to-date|current|stale|behind)\b|status(?: of)?|how (?:is|did|was)\b[^.?]{0,30}\b(?:sync|agent|run)\w*|is\b[^.?]{0,30}\b(?:running|done|finished|working|stuck))/,
    ]),
  ],
  build(msg: Message): Understanding {
    const named = findAgent(msg.text, msg.context.agents).agent;
    const agent = named ?? (/\bsync/.test(msg.text) && msg.context.agents.includes("store-sync") ? "store-sync" : null);
    return tool("get_agent_status", agent ? { agent } : {});
  },
  write(d: Out<typeof getAgentStatus>, input: Input): string[] {
    const agent = str(input, "agent");
    if (d.runs.length === 0)
      return [agent ? `The ${agentWords(agent)} agent has not run yet.` : "No agent has run yet."];
    const [last, ...earlier] = d.runs;
    const when = formatDay(last.finishedAt ?? last.queuedAt);
    const state =
      last.status === "succeeded"
        ? `last ran on ${when} and finished`
        : last.status === "failed"
          ? `last ran on ${when} and failed${last.error ? ` (${storeText(last.error, 80)})` : ""}`
          : last.status === "running"
            ? `is running now (started ${when})`
            : last.status === "queued"
              ? `is queued to run (since ${when})`
              : `last run, on ${when}, was ${words(last.status)}`;
    return [
      `The ${agentWords(last.agent)} agent ${state}.${last.summary ? ` It found: ${quote(last.summary, 160)}.` : ""}`,
      ...(earlier[0]
        ? [
            `Before that: ${formatDay(earlier[0].finishedAt ?? earlier[0].queuedAt)}, ${words(earlier[0].status)}${agent ? "" : ` (${agentWords(earlier[0].agent)})`}.`,
          ]
        : []),
      'I didn\'t start a new run; say "run it" if you want one.',
    ];
  },
};
