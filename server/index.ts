// Starts the web app: validates the environment, then serves Remix (built, or through Vite's
// middleware in development) behind server/http.ts.
import cluster from "node:cluster";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { envOrExit } from "../config/env.server";
import { lazyRoutes } from "./lazy-routes";
import { gracefulShutdown } from "./shutdown";
import { startTelemetry } from "./telemetry";

/** The project's root: the first folder up with a package.json (server/ in development, build/node/ when built). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
const root = projectRoot(path.dirname(fileURLToPath(import.meta.url)));

async function main() {
  const config = envOrExit();
  await startTelemetry("royal-equips-web");
  const [{ default: db }, { redis }, { logger }, { createHttpApp }] = await Promise.all([
    import("../app/db.server"),
    import("../app/redis.server"),
    import("../app/logger.server"),
    import("./http"),
  ]);

  const assets: express.RequestHandler[] = [];
  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (config.NODE_ENV === "production") {
    const buildDir = path.join(root, "build");
    // Fingerprinted bundles under /assets only: a static handler at the root looks the path up on
    // disk (a stat) for every page request before Remix answers it.
    const assetsRouter = express.Router();
    assetsRouter.use(
      "/assets",
      express.static(path.join(buildDir, "client", "assets"), { immutable: true, maxAge: "1y" }),
    );
    assets.push(assetsRouter);
    // Other files of public/ (none today), copied by the build beside assets/.
    if (readdirSync(path.join(buildDir, "client")).some((name) => name !== "assets"))
      assets.push(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
    build = (await import(path.join(buildDir, "server", "index.js"))) as ServerBuild;
  } else {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root, server: { middlewareMode: true } });
    assets.push(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  }

  const { appHostnames, isMcpPath, MCP_PATH } = await import("../mcp/paths");
  const app = createHttpApp({
    db,
    redis,
    logger,
    assets,
    appHandler: createRequestHandler({ build }),
    trustProxyHops: config.TRUST_PROXY,
    localMode: config.localMode ? { allowedHosts: appHostnames(config) } : null,
    // MCP clients call many times a second: only failed and slow calls are logged (ADR 0050).
    quietPaths: [MCP_PATH],
    // /mcp and its OAuth endpoints are built on their first request: the MCP SDK and the tool
    // registry behind it (about 20 MB of the heap) stay out of a web process no MCP client uses.
    extraRoutes: (app) =>
      app.use(
        lazyRoutes(isMcpPath, async () => {
          const [{ mcpRouterFromConfig }, { appRuntime }, { announceStoreChange }] = await Promise.all([
            import("../mcp/http"),
            import("../app/runtime.server"),
            import("../app/live.server"),
          ]);
          return mcpRouterFromConfig({
            db,
            redis,
            logger,
            config,
            // The app's job queue: run_agent works, and heavy analyses are read from the worker's stored
            // results (ADR 0015) instead of being worked out in this process.
            runner: appRuntime(),
            announce: announceStoreChange,
          });
        }),
      ),
  });
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info(
      {
        url: `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`,
        localMode: config.localMode,
      },
      "royal-equips web listening",
    );
  });

  const shutdown = gracefulShutdown({
    server,
    logger,
    disconnect: () => Promise.allSettled([db.$disconnect(), redis.quit()]),
  });
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/**
 * WEB_CONCURRENCY > 1: this process only forks that many web processes, which share the port
 * (node:cluster hands connections round-robin), replaces one that dies, and passes SIGTERM / SIGINT
 * on, so server-side rendering (CPU-bound, one core per process) can use every core.
 */
function primary(processes: number) {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < processes; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`web process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1_000).unref();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), 12_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

const processes = envOrExit().WEB_CONCURRENCY;
if (processes > 1 && cluster.isPrimary) primary(processes);
else void main();
