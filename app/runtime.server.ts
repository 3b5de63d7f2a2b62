// The agents this app runs and the BullMQ runtime the web process enqueues them with (one per process).
import { createAgents } from "../agents/agents";
import { createAgentRegistry, type AgentRegistry } from "../agents/runtime/agents";
import { sharedRuntime } from "../agents/runtime/queues";
import { adminFor } from "./admin.server";
import db from "./db.server";
import { env } from "../config/env.server";
import { logger } from "./logger.server";

let registry: AgentRegistry | undefined;

export function appAgents(): AgentRegistry {
  registry ??= createAgentRegistry(createAgents({ adminFor }));
  return registry;
}

export function appRuntime() {
  return sharedRuntime({ redisUrl: env().REDIS_URL, db, logger, agents: appAgents() });
}
