// Streamable HTTP at /mcp, stateless (docs/decisions/0006-mcp-sessions.md): each POST is checked
// (Host/Origin, declared size, bearer token, failed-sign-in guard), its body read up to a cap, and
// then served by a new transport in front of one shared server (mcp/multiplex.ts, ADR 0030), with
// a tool context built for the token's shop; nothing of a client survives between requests. A
// plain request (one JSON-RPC request, JSON answer) is handed to the shared server directly and
// its answer written as the SDK's transport would; everything else goes through that transport.
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { isJSONRPCRequest, SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";
import express, { type Request, type Response, type Router } from "express";
import { QUEUED_AUDIT_MS } from "../agents/core/audit";
import type { Redis } from "../agents/infra/redis";
import type { ToolRegistry } from "../agents/core/registry";
import { adminClientFor, appCredentials } from "../agents/shopify/local";
import {
  allowedHostnames,
  authFailureGuard,
  callLimiter,
  failureKeys,
  checkHostAndOrigin,
  leasedCallLimiter,
  createLimiter,
  DEFAULT_CALL_LIMIT,
  tokenActor,
  type AuthFailureGuard,
  type CallLimiter,
} from "./auth";
import { mcpToolContext, type McpContextDeps } from "./context";
import { oauthRouter, originOf, resourceFor, resourceMetadataUrl, verifyBearer } from "./oauth";
import type { ClientMetadataResolver } from "./client-metadata";
import { contextOf, MultiplexTransport } from "./multiplex";
import { createMcpServer } from "./server";
import { appHostnames, MCP_PATH } from "./paths";

export { MCP_PATH, appHostnames };

export interface McpHttpOptions extends McpContextDeps {
  redis?: Redis | null;
  /** The app's public URL: its host is allowed besides the loopback names. */
  appUrl?: string | null;
  /** More hostnames to accept (e.g. a LAN name). */
  extraHosts?: string[];
  registry?: ToolRegistry;
  /** Tool calls per token per window. Default 120 per 60 s. */
  callLimit?: { points: number; durationSeconds: number };
  /** Failed sign-ins per source per hour before an Alert and refusals. Default 10. */
  authFailureThreshold?: number;
  /** Prefix of the rate-limit keys in Redis. Default "mcp". */
  limiterPrefix?: string;
  /**
   * How long a read call's audit row may wait to be written with others (ADR 0046). Default
   * QUEUED_AUDIT_MS; the queue is written on shutdown whatever its age.
   */
  auditQueueMs?: number;
  /** Largest request body. Default MCP_MAX_BYTES. */
  maxBodyBytes?: number;
  /**
   * OAuth 2.1 sign-in for remote clients (mcp/oauth.ts, ADR 0021): serves the OAuth endpoints and
   * accepts their access tokens at /mcp besides static tokens. Off: static tokens only.
   */
  oauth?: {
    appSecret: string;
    /** Fetch http:// client ID metadata documents on loopback hosts (tests, local development; ADR 0036). */
    allowLoopbackClientMetadata?: boolean;
    /** The client metadata document fetcher, when not the default one (tests trusting their own CA). */
    clientDocuments?: ClientMetadataResolver;
  } | null;
  /** Requests to the OAuth endpoints per client address. Default 60 per 60 s. */
  oauthLimit?: { points: number; durationSeconds: number };
}

const DEFAULT_OAUTH_LIMIT = { points: 60, durationSeconds: 60 };

/** Tool arguments are short (the largest, product copy, is a few KB): 1 MB leaves room for batches. */
export const MCP_MAX_BYTES = 1024 * 1024;

type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; code: number; message: string };

/**
 * The JSON-RPC body, read up to `maxBytes` (413 beyond, without buffering the rest). Parse errors
 * are -32700 and an empty batch -32600, as JSON-RPC 2.0 says (the SDK would answer [] with 202).
 */
async function readJsonRpcBody(req: Request, maxBytes: number): Promise<BodyResult> {
  const read = await new Promise<Buffer | "too_large" | "aborted">((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | "too_large" | "aborted") => {
      req.off("data", onData).off("end", onEnd).off("error", onError);
      resolve(result);
    };
    // Past the cap: stop reading (paused, not destroyed, so the 413 can still be written; the
    // caller closes the connection after it).
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        done("too_large");
      } else chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks));
    const onError = () => done("aborted");
    req.on("data", onData).on("end", onEnd).on("error", onError);
  });
  if (read === "too_large")
    return { ok: false, status: 413, code: -32600, message: `Request too large: at most ${maxBytes} bytes.` };
  if (read === "aborted")
    return { ok: false, status: 400, code: -32700, message: "Parse error: the request body could not be read." };
  let value: unknown;
  try {
    value = JSON.parse(read.toString("utf8"));
  } catch {
    return { ok: false, status: 400, code: -32700, message: "Parse error: the body must be a JSON-RPC 2.0 message." };
  }
  if (Array.isArray(value) && value.length === 0)
    return { ok: false, status: 400, code: -32600, message: "Invalid Request: an empty batch." };
  return { ok: true, value };
}

/** Does any message of the body carry a progressToken (params._meta.progressToken)? */
function asksForProgress(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((message) => {
    const meta = (message as { params?: { _meta?: { progressToken?: unknown } } } | null)?.params?._meta;
    return meta?.progressToken !== undefined && meta.progressToken !== null;
  });
}

/**
 * The request the SDK's transport would hand on unchanged: one JSON-RPC request (not a batch, a
 * notification or initialize), no progress asked for, and headers the transport accepts (Accept
 * listing JSON and SSE, a JSON body, a supported or absent protocol version). Null otherwise: then
 * the SDK's transport serves it and answers every other case (406, 415, 400, batches, SSE) itself.
 */
function plainRequest(req: Request, body: unknown): JSONRPCRequest | null {
  if (Array.isArray(body) || !isJSONRPCRequest(body) || body.method === "initialize" || asksForProgress(body))
    return null;
  const accept = req.headers.accept;
  if (!accept?.includes("application/json") || !accept.includes("text/event-stream")) return null;
  const type = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return null;
  const version = req.headers["mcp-protocol-version"];
  if (version !== undefined && (typeof version !== "string" || !SUPPORTED_PROTOCOL_VERSIONS.includes(version)))
    return null;
  return body;
}

/**
 * Answers a plain request (above) as the SDK's transport does in JSON mode (200, one JSON-RPC
 * response, application/json) without its Node-to-web request conversion: about a tenth of a light
 * call's CPU (ADR 0050). The answer comes back through the multiplexer like any other.
 */
function directReply(res: Response): Transport {
  return {
    async start() {},
    async close() {},
    async send(message) {
      if (res.headersSent || !("id" in message)) return;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(message));
    },
  };
}

function rpcError(res: Response, status: number, code: number, message: string, headers: Record<string, string> = {}) {
  for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
  res.status(status).json({ jsonrpc: "2.0", error: { code, message }, id: null });
}

export function mcpRouter(options: McpHttpOptions): Router {
  const allowed = allowedHostnames(options.appUrl, options.extraHosts);
  // Taken from the shared (Redis) budget a few points at a time: not a round trip per call (ADR 0050).
  const limiter: CallLimiter = leasedCallLimiter(
    createLimiter(
      { ...(options.callLimit ?? DEFAULT_CALL_LIMIT), keyPrefix: `${options.limiterPrefix ?? "mcp"}-calls` },
      options.redis,
    ),
  );
  const guard: AuthFailureGuard = authFailureGuard({
    db: options.db,
    redis: options.redis,
    threshold: options.authFailureThreshold,
    now: options.now,
    keyPrefix: `${options.limiterPrefix ?? "mcp"}-auth-fail`,
  });
  const maxBytes = options.maxBodyBytes ?? MCP_MAX_BYTES;
  // One server for all requests; each request's transport hands it the caller's context (ADR 0030).
  const multiplex = new MultiplexTransport();
  const shared = createMcpServer(
    (extra) => {
      const ctx = contextOf(extra);
      if (!ctx) throw new Error("An MCP request reached the shared server without its caller's context");
      return ctx;
    },
    { registry: options.registry, limiter },
  );
  const connected = shared.connect(multiplex);
  const router = express.Router();
  // The OAuth endpoints answer to the same hostnames as /mcp (their Origin is not checked: they
  // are CORS-open by design, and a code is useless without its PKCE verifier).
  const refuseHost = (req: Request) => checkHostAndOrigin({ host: req.headers.host }, allowed);
  const oauthOrigin = (req: Request) => (options.oauth ? originOf(req, options.appUrl, refuseHost) : null);
  if (options.oauth) {
    router.use(
      oauthRouter({
        db: options.db,
        appSecret: options.oauth.appSecret,
        allowLoopbackClientMetadata: options.oauth.allowLoopbackClientMetadata,
        clientDocuments: options.oauth.clientDocuments,
        now: options.now,
        appUrl: options.appUrl,
        refuseHost,
        limiter: callLimiter(
          createLimiter(
            { ...(options.oauthLimit ?? DEFAULT_OAUTH_LIMIT), keyPrefix: `${options.limiterPrefix ?? "mcp"}-oauth` },
            options.redis,
          ),
        ),
      }),
    );
  }

  router.all(MCP_PATH, async (req: Request, res: Response) => {
    const refused = checkHostAndOrigin({ host: req.headers.host, origin: req.headers.origin }, allowed);
    if (refused) return rpcError(res, 403, -32000, refused);
    if (req.method !== "POST") {
      // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
      return rpcError(
        res,
        405,
        -32000,
        "Method not allowed: this server is stateless; send JSON-RPC messages with POST.",
        { Allow: "POST" },
      );
    }
    // A body is never read before its sender is known: one declared too large is refused at once,
    // and the connection closed so that the rest is not received either.
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      res.setHeader("Connection", "close");
      return rpcError(res, 413, -32600, `Request too large: at most ${maxBytes} bytes.`);
    }
    // The client's address as the trusted proxies saw it (server/http.ts), never as it wrote it.
    const source = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const origin = oauthOrigin(req);
    const verified = await verifyBearer(
      options.db,
      req.headers.authorization,
      origin ? resourceFor(origin) : null,
      options.now?.(),
    );
    if (!verified.ok) {
      // The guard is asked only now: a valid token is served from any address, whatever failed
      // from there before; an address (or a refused token) past the threshold gets 429 and no
      // further audit rows.
      res.setHeader("Connection", "close");
      // No token, or one of ours that expired, is not a guess: it is how every OAuth client starts
      // (discovery) and refreshes. Counting them would lock out every client behind a shared
      // address (a hosted assistant's servers) after ten sign-ins or expiries an hour (ADR 0021).
      const guessing = verified.reason !== "missing" && verified.reason !== "expired";
      const keys = failureKeys(source, verified);
      const block = guessing ? await guard.blocked(keys) : ({ blocked: false } as const);
      if (block.blocked) {
        return rpcError(res, 429, -32000, "Too many failed sign-ins; try again later.", {
          "Retry-After": String(Math.ceil(block.retryAfterMs / 1000)),
        });
      }
      if (guessing) await guard.record(keys, verified);
      // RFC 6750 and RFC 9728: the error, and where an OAuth client finds how to sign in.
      const params = ['realm="royal-equips-mcp"'];
      if (verified.reason !== "missing")
        params.push(
          'error="invalid_token"',
          `error_description="${verified.message.replace(/[^\x20-\x7e]|["\\]/g, "")}"`,
        );
      if (origin) params.push(`resource_metadata="${resourceMetadataUrl(origin)}"`);
      return rpcError(res, 401, -32001, verified.message, { "WWW-Authenticate": `Bearer ${params.join(", ")}` });
    }

    const body = await readJsonRpcBody(req, maxBytes);
    if (!body.ok) {
      if (body.status === 413) res.setHeader("Connection", "close");
      return rpcError(res, body.status, body.code, body.message);
    }

    // Reads do not wait for their audit rows: those are queued and written together, and
    // flushed on shutdown (server/shutdown.ts, ADR 0046). Read tools that can share their answers
    // do while the database is unchanged (ADR 0050).
    const ctx = mcpToolContext(
      { ...options, auditReads: { queueMs: options.auditQueueMs ?? QUEUED_AUDIT_MS }, sharedReads: true },
      verified.auth.shop,
      tokenActor(verified.auth),
    );
    const plain = plainRequest(req, body.value);
    if (plain) {
      const reply = directReply(res);
      const detach = multiplex.attach(reply, ctx);
      res.on("close", detach);
      try {
        await connected;
        reply.onmessage?.(plain, { requestInfo: { headers: req.headers } });
      } catch (error) {
        ctx.logger.error({ err: error }, "MCP request failed");
        if (!res.headersSent) rpcError(res, 500, -32603, "Internal error; it has been logged.");
      }
      return;
    }
    // One JSON response, unless the client asked for progress: that needs an SSE stream to carry
    // the notifications before the result.
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: !asksForProgress(body.value),
    });
    // The request's own transport, in front of the one shared server (mcp/multiplex.ts).
    const detach = multiplex.attach(transport, ctx);
    res.on("close", () => {
      detach();
      void transport.close();
    });
    try {
      await transport.start();
      await connected;
      await transport.handleRequest(req, res, body.value);
    } catch (error) {
      ctx.logger.error({ err: error }, "MCP request failed");
      if (!res.headersSent) rpcError(res, 500, -32603, "Internal error; it has been logged.");
    }
  });
  return router;
}

/** For createHttpApp's extraRoutes: mounts /mcp on the app. */
export const mountMcp = (options: McpHttpOptions) => (app: { use(router: Router): unknown }) => {
  app.use(mcpRouter(options));
};

/** The parts of the app's validated environment (config/env.server.ts) the MCP endpoint needs. */
export interface McpAppConfig {
  localMode: boolean;
  /** Local mode's one shop: the Admin client refuses any other (WRONG_SHOP). */
  LOCAL_SHOP: string;
  HOST: string;
  EMULATOR_URL: string;
  EMULATOR_ACCESS_TOKEN: string;
  SHOPIFY_APP_URL?: string;
  SHOPIFY_API_KEY?: string;
  SHOPIFY_API_SECRET?: string;
  /** Signs OAuth authorization requests and derives confidential clients' secrets. */
  appSecret: string;
  NODE_ENV?: string;
  /** "true": loopback client ID metadata documents (local mode only, ADR 0036). */
  MCP_LOOPBACK_CLIENT_METADATA?: string;
}

type McpDepsFromConfig = Pick<McpHttpOptions, "db" | "redis" | "logger" | "runner" | "announce"> & {
  config: McpAppConfig;
};

/** For createHttpApp's extraRoutes: mcpRouterFromConfig's router on the app. */
export const mountMcpFromConfig = (deps: McpDepsFromConfig) => (app: { use(router: Router): unknown }) => {
  app.use(mcpRouterFromConfig(deps));
};

/** server/index.ts's endpoint over the app's database, Redis and Admin clients. */
export function mcpRouterFromConfig(deps: McpDepsFromConfig): Router {
  const { config } = deps;
  const local = config.localMode
    ? { emulatorUrl: config.EMULATOR_URL, emulatorAccessToken: config.EMULATOR_ACCESS_TOKEN, shop: config.LOCAL_SHOP }
    : null;
  return mcpRouter({
    ...deps,
    appUrl: config.SHOPIFY_APP_URL,
    extraHosts: appHostnames(config),
    oauth: {
      appSecret: config.appSecret,
      allowLoopbackClientMetadata:
        config.NODE_ENV === "test" || (config.localMode && config.MCP_LOOPBACK_CLIENT_METADATA === "true"),
    },
    adminFor: (shop) => adminClientFor(deps.db, shop, local, { logger: deps.logger }, appCredentials(config)),
  });
}
