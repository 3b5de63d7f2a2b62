// The HTTP server around Remix: request ids and JSON access logs, metrics, health probes, security
// headers, and local mode's Host / CSRF guard (server/security.ts).
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import compression from "compression";
import express, { type RequestHandler } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { Db } from "../agents/db/client";
import type { Redis } from "../agents/infra/redis";
import { tracer } from "../agents/infra/tracing";
import { readiness } from "./health";
import { httpDuration, registry, routeLabel } from "./metrics";
import { commonSecurityHeaders, localModeGuard } from "./security";

export interface HttpDeps {
  db: Db;
  redis: Redis;
  logger: Logger;
  /** Remix (and any other app routes); mounted last. */
  appHandler?: RequestHandler;
  /** Static assets and dev middleware, mounted before the app. */
  assets?: RequestHandler[];
  /**
   * Proxies in front of the app whose X-Forwarded-For entries are trusted (0: none). The client's
   * address is the entry that many hops from the right: what a client writes itself is further
   * left and ignored, so it can neither hide behind nor impersonate another address.
   */
  trustProxyHops?: number;
  /** Local mode (no sign-in): the hostnames the app answers to; turns on the Host / CSRF guard. */
  localMode?: { allowedHosts: string[] } | null;
  /**
   * Paths served many times a second (the MCP endpoint) whose answered requests are not logged one
   * by one: only failures (status >= 400) and requests slower than `slowRequestMs` are (ADR 0050).
   */
  quietPaths?: string[];
  /** Default SLOW_REQUEST_MS. */
  slowRequestMs?: number;
  /** More routes (e.g. the MCP endpoint), mounted after request logging and before compression and the app. */
  extraRoutes?: (app: express.Express) => void;
}

export function createHttpApp(deps: HttpDeps) {
  const app = express();
  app.disable("x-powered-by");
  // A hop count, never `true`: `true` makes req.ip the left-most X-Forwarded-For entry, which the
  // client writes itself.
  if (deps.trustProxyHops) app.set("trust proxy", deps.trustProxyHops);
  app.use(commonSecurityHeaders);
  // A span per request (ADR 0024), continuing a caller's trace (traceparent); tools, queued jobs and
  // Admin API calls made while handling it are its children. Probes and metrics are not traced.
  app.use((req, res, next) => {
    if (req.path === "/healthz" || req.path === "/readyz" || req.path === "/metrics") return next();
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(
      `${req.method} ${routeLabel(req.path)}`,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method, "url.path": routeLabel(req.path) } },
      parent,
    );
    res.on("close", () => {
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  });

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      httpDuration.observe(
        { method: req.method, route: routeLabel(req.path), status: String(res.statusCode) },
        seconds,
      );
    });
    next();
  });

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    const result = await readiness(deps);
    const failing = result.checks.filter((c) => !c.ok).map((c) => c.name);
    res
      .status(result.ok ? 200 : 503)
      .json({ status: result.ok ? "ready" : "unavailable", failing, checks: result.checks });
  });

  app.get("/metrics", async (_req, res) => {
    res.set("Content-Type", registry.contentType).send(await registry.metrics());
  });

  const requestLog = pinoHttp({
    logger: deps.logger,
    genReqId: requestId,
    autoLogging: { ignore: (req) => (req.url ?? "").startsWith("/assets/") },
    // Local mode is a developer's terminal: answered requests at debug (LOG_LEVEL=debug shows
    // them), so the steps, agent runs and problems stay readable; failures are always logged.
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : deps.localMode ? "debug" : "info",
  });
  const quiet = new Set(deps.quietPaths ?? []);
  const problemLog = problemsOnlyLog(deps.logger, deps.slowRequestMs ?? SLOW_REQUEST_MS);
  app.use((req, res, next) => (quiet.has(req.path) ? problemLog(req, res, next) : requestLog(req, res, next)));
  deps.extraRoutes?.(app); // /mcp checks Host and Origin itself (bearer tokens, desktop clients)
  if (deps.localMode) app.use(localModeGuard(deps.localMode.allowedHosts));
  app.use(compression());
  for (const handler of deps.assets ?? []) app.use(handler);
  if (deps.appHandler) app.all("*", deps.appHandler);
  return app;
}

/** A request at or past this many ms is logged on a quiet path even when it succeeded. */
export const SLOW_REQUEST_MS = 1_000;

/** The caller's X-Request-Id (up to 128 characters) or a new one, echoed on the response. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const id = (req.headers["x-request-id"] as string | undefined)?.slice(0, 128) || randomUUID();
  res.setHeader("X-Request-Id", id);
  return id;
}

/**
 * pino-http's record, for failures and slow requests only: a quiet path's answered requests cost no
 * child logger and no serialisation. `req.log` is the app's logger (no per-request bindings).
 */
function problemsOnlyLog(logger: Logger, slowMs: number): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const id = requestId(req, res);
    req.id = id;
    req.log = logger;
    res.on("finish", () => {
      const responseTime = Math.round(performance.now() - started);
      if (res.statusCode < 400 && responseTime < slowMs) return;
      const record = {
        req: { id, method: req.method, url: req.originalUrl, remoteAddress: req.socket.remoteAddress },
        res: { statusCode: res.statusCode },
        responseTime,
      };
      if (res.statusCode >= 500) logger.error(record, "request errored");
      else if (res.statusCode >= 400) logger.warn(record, "request failed");
      else logger.warn(record, "slow request completed");
    });
    next();
  };
}
