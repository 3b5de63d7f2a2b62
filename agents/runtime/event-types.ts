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

/** The parts of a shop's data a change touched: pages reload when one they show changed. */
export const STORE_AREAS = ["orders", "products", "inventory", "customers", "support"] as const;
export type StoreArea = (typeof STORE_AREAS)[number];

/**
 * The shop's data changed (webhooks applied to the mirror, tickets changed), coalesced: one event
 * for every change in a window of about a second and a half, however many there were.
 */
export interface StoreChangedEvent {
  type: "store.changed";
  areas: StoreArea[];
  /** How many changes this event stands for. */
  changes: number;
  /** When the oldest of them happened (ms since the epoch): how far behind a page is when it gets this. */
  since: number;
}

export type ShopEvent = AgentEvent | AlertEvent | StoreChangedEvent;

export const SHOP_EVENT_TYPES: readonly ShopEvent["type"][] = [
  "agent.progress",
  "agent.finished",
  "alert.raised",
  "store.changed",
];
