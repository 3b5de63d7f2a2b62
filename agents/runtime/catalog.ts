// Every agent the app runs. Add yours here (defined with defineAgent in its own folder); the
// worker process starts a queue worker for each, and the web app lists them with their health.
import { createAgentRegistry, noopAgent, type AnyAgent } from "./agents";

export const allAgents: AnyAgent[] = [noopAgent];

export const agentRegistry = () => createAgentRegistry(allAgents);
