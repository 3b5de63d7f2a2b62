// The HTTP server around Remix: request ids and JSON access logs, metrics, health probes.
import { randomUUID } from "node:crypto";
import compression from "compression";
import express, { type RequestHandler } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { Db } from "../agents/db/client";
import type { Redis } from "../agents/infra/redis";
import { readiness } from "./health";
import { httpDuration, registry, routeLabel } from "./metrics";

export interface HttpDeps {
  db: Db;
  redis: Redis;
  logger: Logger;
  /** Remix (and any other app routes); mounted last. */
  appHandler?: RequestHandler;
  /** Static assets and dev middleware, mounted before the app. */
  assets?: RequestHandler[];
  trustProxy?: boolean;
  /** More routes (e.g. the MCP endpoint), mounted after request logging and before compression and the app. */
  extraRoutes?: (app: express.Express) => void;
}

export function createHttpApp(deps: HttpDeps) {
  const app = express();
  app.disable("x-powered-by");
  if (deps.trustProxy) app.set("trust proxy", true);

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

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = (req.headers["x-request-id"] as string | undefined)?.slice(0, 128) || randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      autoLogging: { ignore: (req) => (req.url ?? "").startsWith("/assets/") },
    }),
  );
  deps.extraRoutes?.(app);
  app.use(compression());
  for (const handler of deps.assets ?? []) app.use(handler);
  if (deps.appHandler) app.all("*", deps.appHandler);
  return app;
}
