// The live events' shapes, free of server imports: the browser's stream reader uses them too.

export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface AgentEvent {
  type: "agent.progress" | "agent.finished";
  runId: string;
  agent: string;
  progress: number;
  status: RunStatus;
  message: string | null;
}

/** An alert a run raised for the first time (re-raising a known finding is not news). */
export interface AlertEvent {
  type: "alert.raised";
  alertId: string;
  kind: string;
  severity: "info" | "warning" | "critical";
  title: string;
  /** The run that raised it. */
  runId: string;
  agent: string;
}

export type ShopEvent = AgentEvent | AlertEvent;

export const SHOP_EVENT_TYPES: readonly ShopEvent["type"][] = ["agent.progress", "agent.finished", "alert.raised"];
