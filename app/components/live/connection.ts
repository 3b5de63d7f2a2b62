// The browser's one live connection to GET /api/events (Server-Sent Events), without React.
//
// Read with fetch rather than EventSource: embedded in Shopify's admin, App Bridge adds the session
// token to fetch requests (EventSource cannot carry headers), and fetch lets us send Last-Event-ID
// and choose our own reconnect schedule (exponential backoff with jitter instead of a fixed retry).
import { createParser } from "eventsource-parser";
import {
  SHOP_EVENT_TYPES,
  type AgentEvent,
  type AlertEvent,
  type ShopEvent,
} from "../../../agents/runtime/event-types";
import { DEFAULT_BACKOFF, reconnectDelay, type BackoffOptions } from "./backoff";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";

export interface LiveConnectionOptions {
  url: string;
  onEvent(event: ShopEvent): void;
  onStatus(status: LiveStatus): void;
  /**
   * The server could not replay everything missed while disconnected (its log was trimmed past our
   * Last-Event-ID, or we never had one): views reload their data.
   */
  onResync(): void;
  /** The event log's newest id when the page loaded its data: events after it are replayed. */
  lastEventId?: string | null;
  /** Defaults to the global fetch, looked up per request (App Bridge replaces it after load). */
  fetch?: typeof fetch;
  backoff?: BackoffOptions;
  /** No byte (event or heartbeat comment) for this long means a dead connection (default 45 s: three missed heartbeats). */
  stallMs?: number;
  /** Consecutive failed attempts after which the status reads "offline" (retries go on). */
  offlineAfterFailures?: number;
  random?: () => number;
}

const EVENT_TYPES = new Set<string>(SHOP_EVENT_TYPES);
/** A connection that stayed open this long was healthy: its drop starts the backoff afresh. */
const HEALTHY_MS = 5_000;

export class LiveConnection {
  private controller: AbortController | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stallTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private failures = 0;
  private openedBefore = false;
  private serverRetryMs: number | null = null;
  private status: LiveStatus = "connecting";
  private browserOffline = false;
  /** The id of the last event received, sent back as Last-Event-ID when reconnecting. */
  lastEventId: string | null = null;

  constructor(private readonly options: LiveConnectionOptions) {
    this.lastEventId = options.lastEventId ?? null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.controller?.abort();
    this.controller = null;
  }

  /** Reconnect at once (the browser came back online), skipping the remaining backoff. */
  retryNow(): void {
    this.browserOffline = false;
    if (this.stopped || this.controller) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  /** The browser reports no network: say so now instead of after the next failed attempt. */
  markOffline(): void {
    this.browserOffline = true;
    this.controller?.abort();
    this.setStatus("offline");
  }

  private async connect(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    let openedAt: number | null = null;
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream" };
      if (this.lastEventId) headers["Last-Event-ID"] = this.lastEventId;
      const fetchImpl = this.options.fetch ?? globalThis.fetch;
      this.armStallTimer(controller);
      const response = await fetchImpl(this.options.url, {
        headers,
        cache: "no-store",
        credentials: "same-origin",
        signal: controller.signal,
      });
      const type = response.headers.get("content-type") ?? "";
      if (!response.ok || !type.includes("text/event-stream") || !response.body) {
        await response.body?.cancel().catch(() => {});
        throw new Error(`live events answered ${response.status} ${type || "without a content type"}`);
      }
      openedAt = Date.now();
      // Reconnecting with a Last-Event-ID, the server replays what we missed (or says "resync").
      const blind = this.openedBefore && !this.lastEventId;
      this.openedBefore = true;
      this.setStatus("live");
      if (blind) this.options.onResync();
      const parser = createParser({
        onEvent: (message) => {
          if (message.id) this.lastEventId = message.id;
          if (message.event === "resync") return this.options.onResync();
          if (!message.event || !EVENT_TYPES.has(message.event)) return;
          const event = parseEvent(message.data);
          if (event) this.options.onEvent(event);
        },
        onRetry: (ms) => {
          this.serverRetryMs = ms;
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.armStallTimer(controller);
        parser.feed(value);
      }
    } catch {
      // A failed or dropped connection: retried below unless stopped.
    } finally {
      if (this.stallTimer) clearTimeout(this.stallTimer);
      if (this.controller === controller) this.controller = null;
    }
    if (this.stopped) return;
    this.failures = openedAt !== null && Date.now() - openedAt >= HEALTHY_MS ? 1 : this.failures + 1;
    // The browser's own word counts too: an "offline" event can come and go while a request is in flight.
    const browserSaysOffline = typeof navigator !== "undefined" && navigator.onLine === false;
    this.setStatus(
      this.browserOffline || browserSaysOffline || this.failures >= (this.options.offlineAfterFailures ?? 4)
        ? "offline"
        : "reconnecting",
    );
    const backoff = this.options.backoff ?? {
      ...DEFAULT_BACKOFF,
      baseMs: this.serverRetryMs ?? DEFAULT_BACKOFF.baseMs,
    };
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        void this.connect();
      },
      reconnectDelay(this.failures - 1, backoff, this.options.random),
    );
  }

  private armStallTimer(controller: AbortController) {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => controller.abort(), this.options.stallMs ?? 45_000);
  }

  private clearTimers() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.retryTimer = this.stallTimer = null;
  }

  private setStatus(status: LiveStatus) {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus(status);
  }
}

function parseEvent(data: string): ShopEvent | null {
  try {
    const parsed = JSON.parse(data) as Partial<ShopEvent>;
    if (parsed.type === "store.changed")
      return Array.isArray(parsed.areas) && typeof parsed.changes === "number" ? (parsed as ShopEvent) : null;
    const value = parsed as Partial<AgentEvent | AlertEvent>;
    if (typeof value.runId !== "string" || typeof value.agent !== "string" || !EVENT_TYPES.has(value.type ?? ""))
      return null;
    if (value.type === "alert.raised" && (typeof value.alertId !== "string" || typeof value.title !== "string"))
      return null;
    return value as ShopEvent;
  } catch {
    return null;
  }
}
