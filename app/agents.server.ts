// The agents this app runs, the BullMQ runtime the web process enqueues them with, and the two
// things a merchant does to runs (start one now, cancel one): validated, done and audited here once,
// for the Agents page and the JSON API alike. Expected refusals are typed errors the routes map to
// their responses; anything else (Redis down) is rethrown unchanged.
import { z } from "zod";
import { describeIssues } from "../agents/core/registry";
import { assertBusinessKey } from "../agents/runtime/names";
import { assertNoSecrets, type CancelResult, type EnqueueResult } from "../agents/runtime/queues";
import { auditMerchant, type AdminContext } from "./auth.server";
import db from "./db.server";

import { appAgents, appRuntime } from "./runtime.server";

export { appAgents, appRuntime };

type RequestContext = Pick<AdminContext, "shop" | "actor">;

/** No agent by that name. */
export class UnknownAgent extends Error {
  constructor(
    readonly agent: string,
    readonly known: string[],
  ) {
    super(`No agent named "${agent}".`);
    this.name = "UnknownAgent";
  }
}

/** The run's input or business key is not acceptable; the message says what to send instead. */
export class InvalidRunRequest extends Error {
  constructor(
    message: string,
    /** When the input failed the agent's schema: that schema in JSON Schema. */
    readonly inputSchema?: unknown,
  ) {
    super(message);
    this.name = "InvalidRunRequest";
  }
}

/** No run with that id in this shop (another shop's run is treated like an unknown one). */
export class RunNotFound extends Error {
  constructor(readonly runId: string) {
    super(`No run "${runId}" for this shop.`);
    this.name = "RunNotFound";
  }
}

/** The run is already over: nothing to cancel. */
export class RunNotCancellable extends Error {
  constructor(readonly result: CancelResult) {
    super(`The run is already ${result.status}; there is nothing to cancel.`);
    this.name = "RunNotCancellable";
  }
}

export interface StartRunRequest {
  input?: Record<string, unknown>;
  businessKey?: string;
}

/** Runs an agent now for the request's shop (trigger "manual"), audited in the merchant's name. */
export async function startRun(
  request: RequestContext,
  agentName: string,
  { input = {}, businessKey }: StartRunRequest = {},
): Promise<EnqueueResult> {
  const runtime = appRuntime();
  const agent = runtime.agents.get(agentName);
  if (!agent)
    throw new UnknownAgent(
      agentName,
      runtime.agents.list().map((a) => a.name),
    );
  // Checked here so the merchant hears about bad input now, not from a failed run later.
  const parsed = agent.input.safeParse(input);
  if (!parsed.success)
    throw new InvalidRunRequest(
      `Invalid input for ${agent.name}: ${describeIssues(parsed.error)}`,
      z.toJSONSchema(agent.input, { unrepresentable: "any" }),
    );
  // The runtime refuses these too; checking first keeps its other errors (Redis) apart from the caller's.
  try {
    assertNoSecrets(input);
    if (businessKey !== undefined) assertBusinessKey(businessKey);
  } catch (error) {
    throw new InvalidRunRequest(error instanceof Error ? error.message : String(error));
  }
  const result = await runtime.enqueue({
    shop: request.shop,
    agent: agent.name,
    trigger: "manual",
    input,
    businessKey,
  });
  await auditMerchant(request, {
    action: "agent.run",
    input: { agent: agent.name, businessKey: businessKey ?? null },
    result,
    outcome: "ok",
  });
  return result;
}

/** Cancels one of the shop's queued or running runs, audited in the merchant's name (also when too late). */
export async function cancelRun(request: RequestContext, runId: string): Promise<CancelResult> {
  const run = await db.agentRun.findFirst({
    where: { id: runId, shop: request.shop },
    select: { id: true, agent: true },
  });
  if (!run) throw new RunNotFound(runId);
  const result = await appRuntime().cancel(run.id);
  await auditMerchant(request, {
    action: "agent.cancel",
    input: { runId: run.id, agent: run.agent },
    result,
    outcome: result.cancelled ? "ok" : "error",
  });
  if (!result.cancelled) throw new RunNotCancellable(result);
  return result;
}
