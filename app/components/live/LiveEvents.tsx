// One live connection per page session, opened by the app layout and shared through context:
// pages subscribe to agent events instead of opening streams or polling.
import { useRevalidator } from "@remix-run/react";
import { Badge } from "@shopify/polaris";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { AgentEvent, AlertEvent, ShopEvent, StoreArea } from "../../../agents/runtime/event-types";
import { REFRESH_AGENT } from "../../../agents/results/names";
import { LiveConnection, type LiveStatus } from "./connection";

export type { LiveStatus } from "./connection";

interface Listener {
  onEvent?(event: ShopEvent): void;
  onResync?(): void;
}

type Subscribe = (listener: Listener) => () => void;

const SubscribeContext = createContext<Subscribe | null>(null);
const StatusContext = createContext<LiveStatus>("connecting");

/** `since`: the event log's newest id when the page's data was loaded, so nothing between the two is missed. */
export function LiveEventsProvider({
  url = "/api/events",
  since = null,
  children,
}: {
  url?: string;
  since?: string | null;
  children: ReactNode;
}) {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    const connection = new LiveConnection({
      url,
      lastEventId: since,
      onStatus: setStatus,
      onEvent: (event) => listeners.current.forEach((l) => l.onEvent?.(event)),
      onResync: () => listeners.current.forEach((l) => l.onResync?.()),
    });
    connection.start();
    const online = () => connection.retryNow();
    const offline = () => connection.markOffline();
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    if (navigator.onLine === false) connection.markOffline();
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      connection.stop();
    };
  }, [url]);

  const subscribe = useCallback<Subscribe>((listener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);

  return (
    <SubscribeContext.Provider value={subscribe}>
      <StatusContext.Provider value={status}>{children}</StatusContext.Provider>
    </SubscribeContext.Provider>
  );
}

export const useLiveStatus = () => useContext(StatusContext);

/** Calls the latest `onEvent` for every agent event of this shop, and `onResync` after a reconnect. */
export function useAgentEvents(onEvent: (event: AgentEvent) => void, onResync?: () => void) {
  useShopEvents(
    (event) => (event.type === "agent.progress" || event.type === "agent.finished" ? onEvent(event) : undefined),
    onResync,
  );
}

/** Calls the latest `onAlert` for every new alert of this shop, and `onResync` after a reconnect. */
export function useAlertEvents(onAlert: (event: AlertEvent) => void, onResync?: () => void) {
  useShopEvents((event) => (event.type === "alert.raised" ? onAlert(event) : undefined), onResync);
}

function useShopEvents(onEvent: (event: ShopEvent) => void, onResync?: () => void) {
  const subscribe = useContext(SubscribeContext);
  const latest = useRef({ onEvent, onResync });
  latest.current = { onEvent, onResync };
  useEffect(() => {
    if (!subscribe) return;
    return subscribe({ onEvent: (e) => latest.current.onEvent(e), onResync: () => latest.current.onResync?.() });
  }, [subscribe]);
}

/**
 * Reloads the route's data (once per burst) when a background analysis finishes, while the page
 * shows one that is being worked out or refreshed (ADR 0015).
 */
export function useReloadWhenAnalysed(waiting: boolean) {
  const reload = useDebouncedRevalidate();
  useAgentEvents(
    (event) => {
      if (waiting && event.type === "agent.finished" && event.agent === REFRESH_AGENT) reload();
    },
    () => {
      if (waiting) reload();
    },
  );
  // The safety net: the loader that found the analysis missing also queued it, and the worker can
  // finish it (in tens of milliseconds on a small store) before the page has rendered the data that
  // says it waits, so that "finished" event came while the page did not wait yet. While it waits,
  // the page also looks again every few seconds (a read of stored results: cheap).
  const latestReload = useRef(reload);
  latestReload.current = reload;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => latestReload.current(), WAITING_RECHECK_MS);
    return () => clearInterval(timer);
  }, [waiting]);
}

/** How often a page waiting for a background analysis looks again, whatever events it heard. */
const WAITING_RECHECK_MS = 5_000;

/** Reloads the route's data (once per burst) when a run raises a new alert: pages that list alerts. */
export function useReloadOnAlerts() {
  const reload = useDebouncedRevalidate();
  useAlertEvents(reload);
}

/** The agent whose finished run means the whole mirror was refreshed. */
const SYNC_AGENT = "store-sync";

/**
 * Reloads the route's data when the shop's data it shows changed: a coalesced "store changed" event
 * for one of `areas` (webhooks applied to the mirror, tickets changed), a finished store sync, or
 * a finished run of one of `agents` (whose findings the page lists), or a reconnect after a gap. A
 * burst reloads once per event at most (events are already coalesced). `onChange` also hears each
 * matching event (the page can say what changed, or time it).
 */
export function useReloadOnStoreChanges(
  areas: readonly StoreArea[],
  options: { agents?: readonly string[]; onChange?: (changes: number) => void } = {},
) {
  const reload = useDebouncedRevalidate();
  const watched = useRef({ areas, ...options });
  watched.current = { areas, ...options };
  useShopEvents(
    (event) => {
      const { areas: shown, agents = [], onChange } = watched.current;
      if (event.type === "store.changed") {
        if (!event.areas.some((area) => shown.includes(area))) return;
        onChange?.(event.changes);
        reload();
      } else if (
        event.type === "agent.finished" &&
        event.status === "succeeded" &&
        (event.agent === SYNC_AGENT || agents.includes(event.agent))
      ) {
        reload();
      }
    },
    () => reload(),
  );
}

function useDebouncedRevalidate() {
  const revalidator = useRevalidator();
  const pending = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(pending.current), []);
  return useCallback(() => {
    pending.current ??= setTimeout(() => {
      pending.current = undefined;
      revalidator.revalidate();
    }, 250);
  }, [revalidator]);
}

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

export interface RunView {
  id: string;
  status: string;
  progress: number;
  message: string | null;
}

/**
 * Live state for the runs a page shows: progress events update them in place, and the route's
 * data is reloaded (once per burst) when a run finishes, a run the page does not know starts, or
 * the connection comes back after a gap.
 */
export function useLiveRuns<T extends RunView>(runs: T[]): T[] {
  const reload = useDebouncedRevalidate();
  const [latest, setLatest] = useState<Map<string, AgentEvent>>(() => new Map());
  const known = useMemo(() => new Set(runs.map((r) => r.id)), [runs]);

  useAgentEvents(
    (event) => {
      // Background refreshes of stored analyses are not listed with the merchant's runs.
      if (event.agent === REFRESH_AGENT) return;
      setLatest((current) => new Map(current).set(event.runId, event));
      if (event.type === "agent.finished" || !known.has(event.runId)) reload();
    },
    () => {
      setLatest(new Map());
      reload();
    },
  );

  return useMemo(
    () =>
      runs.map((run) => {
        const event = latest.get(run.id);
        // The database has the last word once a run is over; events may be older than a reload.
        if (!event || TERMINAL.has(run.status)) return run;
        return { ...run, status: event.status, progress: event.progress, message: event.message ?? run.message };
      }),
    [runs, latest],
  );
}

const LABELS: Record<
  LiveStatus,
  {
    label: string;
    tone: "success" | "attention" | "critical" | "info";
    progress: "complete" | "partiallyComplete" | "incomplete";
  }
> = {
  connecting: { label: "Connecting…", tone: "info", progress: "incomplete" },
  live: { label: "Live", tone: "success", progress: "complete" },
  reconnecting: { label: "Reconnecting…", tone: "attention", progress: "partiallyComplete" },
  offline: { label: "Offline", tone: "critical", progress: "incomplete" },
};

const HINTS: Record<LiveStatus, string> = {
  connecting: "Opening the live update stream.",
  live: "New orders, stock and ticket changes, agent progress and alerts arrive as they happen.",
  reconnecting: "The live update stream dropped; reconnecting. Pages reload their data once it is back.",
  offline: "No live updates: the stream cannot be reached. Retrying in the background; reload to see the latest data.",
};

export function LiveStatusBadge() {
  const status = useLiveStatus();
  const { label, tone, progress } = LABELS[status];
  return (
    <span data-testid="live-status" data-status={status} title={HINTS[status]} role="status" aria-live="polite">
      <Badge tone={tone} progress={progress} toneAndProgressLabelOverride="Live updates:">
        {label}
      </Badge>
    </span>
  );
}
