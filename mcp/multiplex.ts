// One MCP server for every stateless HTTP request (ADR 0030). The SDK's stateless Streamable HTTP
// transport serves one request and cannot be reused, and its server (Protocol) serves one
// transport at a time, so the SDK's own pattern is a new server per request: about a tenth of a
// request's CPU here, half of it building the same handlers again. Instead, each request keeps
// its own SDK transport (which checks the HTTP side: Accept, Content-Type, protocol version,
// batches, JSON or SSE) and hands its messages to this multiplexer, which is the one transport of
// one long-lived server. Request ids are renumbered on the way in (two clients may both send
// id 1) and restored on the way out, and each message carries the verified caller's tool context
// as its authInfo, which the server's handlers read (contextOf).
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import {
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import type { ToolContext } from "../agents/core/context";

const CONTEXT = "royal-equips/toolContext";

/** The tool context the multiplexer attached to a request (see createMcpServer's ContextFactory). */
export function contextOf(extra: { authInfo?: AuthInfo } | undefined): ToolContext | undefined {
  return extra?.authInfo?.extra?.[CONTEXT] as ToolContext | undefined;
}

/** Where one request's answers go: its own SDK transport. */
type Reply = Pick<Transport, "send">;

interface Route {
  reply: Reply;
  /** The id the client gave the request. */
  id: RequestId;
}

export class MultiplexTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private readonly routes = new Map<number, Route>();
  private nextId = 0;

  async start() {}

  async close() {
    this.routes.clear();
    this.onclose?.();
  }

  /**
   * Connects one request's transport: its messages reach the shared server with `ctx`, the
   * server's answers and progress go back to it. Returns what to call when the request ends
   * (answered or abandoned): a handler still running is cancelled (its ToolContext.signal aborts).
   */
  attach(transport: Transport, ctx: ToolContext): () => void {
    const mine = new Set<number>();
    const authInfo: AuthInfo = {
      token: "",
      clientId: `${ctx.actor.kind}:${ctx.actor.id}`,
      scopes: [],
      extra: { [CONTEXT]: ctx },
    };
    transport.onmessage = (message, extra) => {
      if (isJSONRPCRequest(message)) {
        const id = ++this.nextId;
        this.routes.set(id, { reply: transport, id: message.id });
        mine.add(id);
        this.onmessage?.({ ...message, id }, { ...extra, authInfo });
      } else if (isJSONRPCNotification(message)) {
        // A cancellation names the client's id, which only that request's transport knows; a
        // stateless client cancels by closing the request, handled below.
        if (message.method !== "notifications/cancelled") this.onmessage?.(message, { ...extra, authInfo });
      }
      // Responses: this server sends clients no requests, so none is awaited.
    };
    return () => {
      for (const id of mine) {
        if (!this.routes.delete(id)) continue;
        // Still running: the client went away. The SDK aborts the handler's signal on this.
        this.onmessage?.({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId: id, reason: "The client closed the request." },
        });
      }
      mine.clear();
    };
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions) {
    if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
      const id = typeof message.id === "number" ? message.id : NaN;
      const route = this.routes.get(id);
      if (!route) return; // the request was abandoned
      this.routes.delete(id);
      await route.reply.send({ ...message, id: route.id });
      return;
    }
    // Notifications about a request (progress) go with it; the server sends no other kind.
    const related = options?.relatedRequestId;
    const route = typeof related === "number" ? this.routes.get(related) : undefined;
    if (route) await route.reply.send(message, { ...options, relatedRequestId: route.id });
  }
}
