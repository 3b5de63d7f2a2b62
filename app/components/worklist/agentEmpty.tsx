// A worklist's empty state from its agent's status: when it last ran and what it found, when it
// runs next, and a button to run it now.
import type { AgentStatus } from "../../findings.server";
import { when } from "../../format";
import type { EmptyContent } from "../ModulePage";
import { RunAgentButton } from "../RunAgentButton";
import { scheduleText } from "../schedule";

export function agentEmpty(status: AgentStatus, nothing: string): EmptyContent {
  // "on demand" reads oddly after "runs": an agent without a schedule runs when you run it.
  const schedule = status.schedule ? scheduleText(status.schedule) : "when you run it";
  const runs = `${status.title} runs ${schedule}.`;
  const action = (
    <RunAgentButton agent={status.agent} title={status.title} label={`Run ${status.title.toLowerCase()} now`} />
  );
  if (!status.lastRunAt)
    return { heading: `${status.title} has not run yet`, body: `${runs} Run it now to see what it finds.`, action };
  const last =
    status.lastRunStatus === "succeeded"
      ? `It last ran ${when(status.lastRunAt)} UTC${status.summary ? `: ${status.summary}` : ""}.`
      : status.lastRunStatus === "failed"
        ? `Its last run, ${when(status.lastRunAt)} UTC, failed; the Agents page says why.`
        : `A run is under way (started ${when(status.lastRunAt)} UTC).`;
  return { heading: nothing, body: `${last} ${runs}`, action };
}
