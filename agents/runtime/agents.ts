// The agent registry: every agent kind the BullMQ runtime can run, defined once with its schema,
// capabilities, tools and optional schedule. Other engineers add their agents to agents/agents.ts.
import type { Logger } from "pino";
import { z } from "zod";
import type { Db } from "../db/client";

/** What an agent's run() receives for one job. */
export interface AgentJobContext {
  shop: string;
  /** The AgentRun id: key effects by it so a rerun after a crash does not repeat them. */
  runId: string;
  /** 1 for the first try; grows with retries and with restarts after a stalled (crashed) worker. */
  attempt: number;
  trigger: string;
  db: Db;
  logger: Logger;
  /** Records progress (0-100) on the AgentRun row and publishes it to the shop's event channel. */
  progress(percent: number, message?: string): Promise<void>;
  /** Fires when the run is cancelled (or the worker shuts down hard): stop work and throw. */
  signal: AbortSignal;
  now: () => Date;
}

export interface AgentSchedule {
  /** Milliseconds between runs. */
  every?: number;
  /** Cron pattern (BullMQ / cron-parser syntax). */
  pattern?: string;
  /**
   * When the agent's work was last done for the shop, by a run or otherwise (the local bootstrap's
   * sync): an `every` schedule then starts one interval after it instead of at once, so a fresh
   * start does not repeat work that has just been done.
   */
  lastDone?: (db: Db, shop: string) => Promise<Date | null>;
}

export interface AgentDefinition<I extends z.ZodType = z.ZodType, R = unknown> {
  /** kebab-case, e.g. demand-forecast; also names the queue (`agent-<name>`). */
  name: string;
  title: string;
  description: string;
  capabilities: string[];
  /** Names of the tools (agents/core tool registry) this agent uses. */
  tools: string[];
  schedule?: AgentSchedule;
  /** Jobs of this agent one worker process runs at once (default: the worker's concurrency). */
  concurrency?: number;
  /** Tries before a run fails for good (default 3); retries back off exponentially. */
  attempts?: number;
  /**
   * Runs that take long (a big shop's full sync) go to a lane of their own: a second queue,
   * `agent-<name>-long`, whose worker runs `concurrency` of them at once (default 1) beside the
   * agent's regular slots, so one shop's long run never takes a slot other shops' runs need.
   * `isLong` is asked when a regular worker picks a job up (scheduled jobs are queued by Redis,
   * so that is the one place every run passes); a long one is handed to the lane there.
   */
  longLane?: LongLane<z.infer<I>>;
  input: I;
  run(ctx: AgentJobContext, input: z.infer<I>): Promise<R>;
}

export interface LongLane<I = unknown> {
  isLong(db: Db, shop: string, input: I): Promise<boolean>;
  concurrency?: number;
}

/** Any agent: run() is a method, so agents with narrower input types are assignable. */
export type AnyAgent = AgentDefinition<z.ZodType, unknown>;

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function defineAgent<I extends z.ZodType, R>(definition: AgentDefinition<I, R>): AgentDefinition<I, R> {
  const problems: string[] = [];
  if (!NAME.test(definition.name))
    problems.push(`name "${definition.name}" must be kebab-case (e.g. "demand-forecast")`);
  if (!definition.title.trim()) problems.push("title is empty");
  if (definition.description.trim().length < 20)
    problems.push("description must say what the agent does (20+ characters)");
  if (definition.capabilities.length === 0) problems.push("capabilities must list at least one capability");
  const schedule = definition.schedule;
  if (schedule) {
    if (Boolean(schedule.every) === Boolean(schedule.pattern))
      problems.push("schedule needs exactly one of every (ms) or pattern (cron)");
    if (schedule.every !== undefined && (!Number.isInteger(schedule.every) || schedule.every < 1_000))
      problems.push("schedule.every must be an integer number of ms >= 1000");
  }
  if (definition.concurrency !== undefined && (!Number.isInteger(definition.concurrency) || definition.concurrency < 1))
    problems.push("concurrency must be a positive integer");
  const lane = definition.longLane?.concurrency;
  if (lane !== undefined && (!Number.isInteger(lane) || lane < 1))
    problems.push("longLane.concurrency must be a positive integer");
  if (definition.attempts !== undefined && (!Number.isInteger(definition.attempts) || definition.attempts < 1))
    problems.push("attempts must be a positive integer");
  if (problems.length) throw new Error(`Agent "${definition.name}" is invalid: ${problems.join("; ")}`);
  return definition;
}

export interface AgentRegistry {
  list(): AnyAgent[];
  get(name: string): AnyAgent | undefined;
  /** Like get, but unknown names throw an error that lists the known agents. */
  require(name: string): AnyAgent;
  /** Agents that declare the capability. */
  withCapability(capability: string): AnyAgent[];
}

export function createAgentRegistry(agents: AnyAgent[]): AgentRegistry {
  const byName = new Map<string, AnyAgent>();
  for (const agent of agents) {
    if (byName.has(agent.name)) throw new Error(`Duplicate agent name "${agent.name}"`);
    byName.set(agent.name, agent);
  }
  return {
    list: () => [...byName.values()],
    get: (name) => byName.get(name),
    require(name) {
      const agent = byName.get(name);
      if (!agent) throw new UnknownAgentError(name, [...byName.keys()]);
      return agent;
    },
    withCapability: (capability) => [...byName.values()].filter((agent) => agent.capabilities.includes(capability)),
  };
}

export class UnknownAgentError extends Error {
  constructor(
    readonly agent: string,
    readonly known: string[],
  ) {
    super(`No agent named "${agent}". Use one of: ${known.join(", ") || "(none registered)"}`);
    this.name = "UnknownAgentError";
  }
}

/** Returns at once: the runtime's smoke test and the throughput benchmark's workload. */
export const noopAgent = defineAgent({
  name: "noop",
  title: "No-op",
  description: "Does nothing and returns at once; used to check the job pipeline end to end.",
  capabilities: ["system"],
  tools: [],
  input: z.object({ echo: z.string().max(200).optional() }).strict(),
  async run(_ctx, input) {
    return { ok: true, echo: input.echo ?? null };
  },
});
