// The agents that need no dependencies (the runtime's default registry). Every agent the app runs,
// these and the scheduled operations agents, is composed once in agents/agents.ts (createAgents): add
// yours there (defined with defineAgent in its capability's folder, e.g. agents/pricing/agent.ts).
import { createAgentRegistry, noopAgent, type AnyAgent } from "./agents";

export const allAgents: AnyAgent[] = [noopAgent];

export const agentRegistry = () => createAgentRegistry(allAgents);
