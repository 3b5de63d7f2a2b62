// The live connection against scripted server answers (fetch is the network boundary).
import { afterEach, describe, expect, it } from "vitest";
import type { AgentEvent, ShopEvent } from "../../../agents/runtime/events";
import { formatEvent } from "../../../agents/runtime/events";
import { LiveConnection, type LiveStatus } from "./connection";

interface Served {
  push(text: string): void;
  end(): void;
}

/** A fetch that answers each call with the next scripted reply and records the request headers. */
function scriptedFetch(replies: ((served: Served) => Response)[]) {
  const requests: Headers[] = [];
  const streams: Served[] = [];
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    requests.push(new Headers(init?.headers));
    const reply = replies.shift();
    if (!reply) return new Promise<Response>(() => {}); // no more scripted answers: hang
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    init?.signal?.addEventListener("abort", () => controller.error(new DOMException("aborted", "AbortError")));
    const served: Served = { push: (text) => controller.enqueue(encoder.encode(text)), end: () => controller.close() };
    streams.push(served);
    const response = reply(served);
    return response.status === 200 && response.headers.get("content-type")?.includes("event-stream")
      ? new Response(body, { headers: response.headers })
      : response;
  }) as typeof fetch;
  return { fetchImpl, requests, streams };
}

const sse = () => new Response(null, { status: 200, headers: { "Content-Type": "text/event-stream; charset=utf-8" } });
const progress = (runId: string, value: number): AgentEvent => ({
  type: "agent.progress",
  runId,
  agent: "inventory-forecasting",
  progress: value,
  status: "running",
  message: null,
});
const until = async (check: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
};

let connection: LiveConnection | undefined;
afterEach(() => connection?.stop());

function connect(fetchImpl: typeof fetch, extra: { stallMs?: number; offlineAfterFailures?: number } = {}) {
  const events: ShopEvent[] = [];
  const statuses: LiveStatus[] = [];
  let resyncs = 0;
  connection = new LiveConnection({
    url: "/api/events",
    fetch: fetchImpl,
    backoff: { baseMs: 10, capMs: 40 },
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    onResync: () => resyncs++,
    ...extra,
  });
  connection.start();
  return { events, statuses, resyncs: () => resyncs };
}

describe("LiveConnection", () => {
  it("delivers the server's agent events and skips comments, unknown types and malformed data", async () => {
    const server = scriptedFetch([sse]);
    const seen = connect(server.fetchImpl);
    await until(() => server.streams.length === 1);
    const [stream] = server.streams;
    stream.push("retry: 3000\n: connected\n\n");
    stream.push(formatEvent(progress("run-1", 10), "1-1"));
    stream.push("event: something.else\ndata: {}\n\n: heartbeat\n\nevent: agent.progress\ndata: not json\n\n");
    // An event split across chunks arrives whole.
    const split = formatEvent({ ...progress("run-1", 100), type: "agent.finished", status: "succeeded" }, "1-2");
    stream.push(split.slice(0, 20));
    stream.push(split.slice(20));
    await until(() => seen.events.length === 2);
    expect(
      seen.events.map((e) => [e.type, "runId" in e ? e.runId : null, "progress" in e ? e.progress : null]),
    ).toEqual([
      ["agent.progress", "run-1", 10],
      ["agent.finished", "run-1", 100],
    ]);
    expect(seen.statuses).toEqual(["live"]);
    expect(connection!.lastEventId).toBe("1-2");
    expect(server.requests[0].get("accept")).toBe("text/event-stream");
    expect(server.requests[0].has("last-event-id")).toBe(false);
  });

  it("delivers new-alert events, and skips an alert event without its id or title", async () => {
    const server = scriptedFetch([sse]);
    const seen = connect(server.fetchImpl);
    await until(() => server.streams.length === 1);
    const alert = {
      type: "alert.raised",
      alertId: "a1",
      kind: "risky_order",
      severity: "critical",
      title: "Order #1001 scored 91/100 fraud risk",
      runId: "run-9",
      agent: "security-monitor",
    } as const;
    server.streams[0].push(formatEvent({ ...alert, title: undefined as unknown as string }, "2-1"));
    server.streams[0].push(formatEvent(alert, "2-2"));
    await until(() => seen.events.length === 1);
    expect(seen.events).toEqual([alert]);
  });

  it("reconnects after the stream ends, sending Last-Event-ID, and takes the replay without reloading views", async () => {
    const server = scriptedFetch([sse, sse]);
    const seen = connect(server.fetchImpl);
    await until(() => server.streams.length === 1);
    server.streams[0].push("event: ready\nid: 7-2\ndata: {}\n\n");
    server.streams[0].push(formatEvent(progress("run-2", 40), "7-3"));
    await until(() => seen.events.length === 1);
    server.streams[0].end();
    await until(() => server.streams.length === 2 && seen.statuses.at(-1) === "live");
    expect(server.requests[1].get("last-event-id")).toBe("7-3");
    expect(seen.statuses).toEqual(["live", "reconnecting", "live"]);
    // The server replays what came after 7-3.
    server.streams[1].push(formatEvent(progress("run-2", 80), "7-4"));
    await until(() => seen.events.length === 2);
    expect(seen.resyncs()).toBe(0);
    expect(connection!.lastEventId).toBe("7-4");
  });

  it("starts from the page's cursor: events between the page's data and the stream are replayed", async () => {
    const server = scriptedFetch([sse]);
    connection = new LiveConnection({
      url: "/api/events",
      fetch: server.fetchImpl,
      lastEventId: "5-0",
      onEvent: () => {},
      onStatus: () => {},
      onResync: () => {},
    });
    connection.start();
    await until(() => server.requests.length === 1);
    expect(server.requests[0].get("last-event-id")).toBe("5-0");
  });

  it("asks views to reload when the server says its log no longer covers the gap", async () => {
    const server = scriptedFetch([sse]);
    const seen = connect(server.fetchImpl);
    await until(() => server.streams.length === 1);
    server.streams[0].push("event: ready\nid: 9-1\ndata: {}\n\nevent: resync\ndata: {}\n\n");
    await until(() => seen.resyncs() === 1);
    expect(seen.events).toEqual([]);
  });

  it("reloads views after a reconnect when it never had a resume point", async () => {
    const server = scriptedFetch([sse, sse]);
    const seen = connect(server.fetchImpl);
    await until(() => server.streams.length === 1);
    server.streams[0].end();
    await until(() => server.streams.length === 2 && seen.statuses.at(-1) === "live");
    expect(server.requests[1].has("last-event-id")).toBe(false);
    expect(seen.resyncs()).toBe(1);
  });

  it("backs off on error answers and reads offline after repeated failures, then recovers", async () => {
    const unavailable = () => Response.json({ error: "Redis does not answer" }, { status: 503 });
    const server = scriptedFetch([unavailable, unavailable, unavailable, sse]);
    const seen = connect(server.fetchImpl, { offlineAfterFailures: 3 });
    await until(() => seen.statuses.at(-1) === "live");
    expect(server.requests).toHaveLength(4);
    expect(seen.statuses).toEqual(["reconnecting", "offline", "live"]);
    // The first successful open is not a resync: nothing was shown from an earlier stream.
    expect(seen.resyncs()).toBe(0);
  });

  it("drops a stalled stream (no heartbeat) and opens a new one", async () => {
    const server = scriptedFetch([sse, sse]);
    const seen = connect(server.fetchImpl, { stallMs: 60 });
    await until(() => server.streams.length === 2);
    expect(seen.statuses.slice(0, 2)).toEqual(["live", "reconnecting"]);
  });

  it("stops for good: no reconnect after stop()", async () => {
    const server = scriptedFetch([sse, sse]);
    connect(server.fetchImpl);
    await until(() => server.streams.length === 1);
    connection!.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests).toHaveLength(1);
  });
});
