// Streamable HTTP at /mcp, stateless (docs/decisions/0006-mcp-sessions.md): each POST is checked
// (Host/Origin, bearer token, failed-sign-in guard) and then served by a new server and transport
// built for the token's shop; nothing of a client survives between requests.
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import express, { type Request, type Response, type Router } from "express";
import type { Redis } from "../agents/infra/redis";
import type { ToolRegistry } from "../agents/core/registry";
import { adminClientFor, appCredentials } from "../agents/shopify/local";
import {
  allowedHostnames,
  authFailureGuard,
  callLimiter,
  checkHostAndOrigin,
  createLimiter,
  DEFAULT_CALL_LIMIT,
  tokenActor,
  verifyToken,
  type AuthFailureGuard,
  type CallLimiter,
} from "./auth";
import { mcpToolContext, type McpContextDeps } from "./context";
import { createMcpServer } from "./server";

export const MCP_PATH = "/mcp";

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
}

function rpcError(res: Response, status: number, code: number, message: string, headers: Record<string, string> = {}) {
  for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
  res.status(status).json({ jsonrpc: "2.0", error: { code, message }, id: null });
}

export function mcpRouter(options: McpHttpOptions): Router {
  const allowed = allowedHostnames(options.appUrl, options.extraHosts);
  const limiter: CallLimiter = callLimiter(
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
  const router = express.Router();

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
    const source = req.ip ?? req.socket.remoteAddress ?? "unknown";
    // Both at once (one Redis and one database round trip in parallel); a blocked source gets no answer about its token.
    const [block, verified] = await Promise.all([
      guard.blocked(source),
      verifyToken(options.db, req.headers.authorization, options.now?.()),
    ]);
    if (block.blocked) {
      return rpcError(res, 429, -32000, "Too many failed sign-ins from this address; try again later.", {
        "Retry-After": String(Math.ceil(block.retryAfterMs / 1000)),
      });
    }
    if (!verified.ok) {
      await guard.record(source, verified);
      const error = verified.reason === "missing" ? "" : ', error="invalid_token"';
      return rpcError(res, 401, -32001, verified.message, {
        "WWW-Authenticate": `Bearer realm="royal-equips-mcp"${error}`,
      });
    }

    const ctx = mcpToolContext(options, verified.auth.shop, tokenActor(verified.auth));
    const server = createMcpServer(() => ctx, { registry: options.registry, limiter });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
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
  HOST: string;
  EMULATOR_URL: string;
  EMULATOR_ACCESS_TOKEN: string;
  SHOPIFY_APP_URL?: string;
  SHOPIFY_API_KEY?: string;
  SHOPIFY_API_SECRET?: string;
}

/** server/index.ts's one line: the endpoint over the app's database, Redis and Admin clients. */
export function mountMcpFromConfig(
  deps: Pick<McpHttpOptions, "db" | "redis" | "logger" | "runner"> & { config: McpAppConfig },
) {
  const { config } = deps;
  const local = config.localMode
    ? { emulatorUrl: config.EMULATOR_URL, emulatorAccessToken: config.EMULATOR_ACCESS_TOKEN }
    : null;
  return mountMcp({
    ...deps,
    appUrl: config.SHOPIFY_APP_URL,
    extraHosts: ["0.0.0.0", "::", "127.0.0.1"].includes(config.HOST) ? [] : [config.HOST],
    adminFor: (shop) => adminClientFor(deps.db, shop, local, { logger: deps.logger }, appCredentials(config)),
  });
}
