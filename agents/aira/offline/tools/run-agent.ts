// run_agent: starts one of the shop's agents now (a question about an agent reads its status instead).
import { findAgent } from "../entities";
import { agentWords, type Format, type Input } from "../format";
import { always, clarify, r, refuse, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const agentRun: ToolModule = {
  name: "run_agent",
  rules: [
    r("run_agent", 3, /\b(?:agents?|bots?)\b/),
    r(
      "run_agent",
      2,
      /^(?:please |pls |can you |could you |now )?(?:run|start|launch|trigger|kick off|kickoff|execute|fire off|fire up|spin up|boot up|rerun|re-run)\b/,
    ),
    r("run_agent", 4, always, (s) => s.agentNamed, true),
    r(
      "run_agent",
      5,
      /\b(sync|re-?sync|synchroni[sz]e)\b|\b(?:refresh|reload|re-?import|pull|import)\b[^.]{0,20}\b(?:data|mirror|catalog(?:ue)?|products|orders)\b[^.]{0,20}\bshopify\b|\brefresh (?:the )?(?:data|mirror)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const agents = msg.context.agents;
    const named = /\brun\s+(?:the\s+|an?\s+)?agent\s*$/.test(msg.text)
      ? { agent: null, unknownAlias: null }
      : findAgent(msg.text, agents);
    if (named.agent) return tool("run_agent", { agent: named.agent });
    if (agents.length === 0) return refuse("No agents can be run for this shop right now.");
    const question = named.unknownAlias
      ? `The ${named.unknownAlias} agent isn't available here. Which agent should I run?`
      : "Which agent should I run?";
    return clarify(question, agents);
  },
  write(d: { runId: string; agent: string; deduplicated: boolean }, _input: Input, _f: Format): string[] {
    if (typeof d.runId !== "string" || typeof d.agent !== "string") throw new Error("unexpected run_agent output");
    return d.deduplicated
      ? [`The ${agentWords(d.agent)} agent is already queued to run, so I did not start another run.`]
      : [`I started the ${agentWords(d.agent)} agent. Its results appear on the Agents page when it finishes.`];
  },
};
