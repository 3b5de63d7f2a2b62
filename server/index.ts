// Starts the web app: validates the environment, then serves Remix (built, or through Vite's
// middleware in development) behind server/http.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { envOrExit } from "../config/env.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  const config = envOrExit();
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
    assets.push(
      express.static(path.join(buildDir, "client", "assets"), {
        immutable: true,
        maxAge: "1y",
        prefix: "/assets",
      } as never),
    );
    assets.push(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
    build = (await import(path.join(buildDir, "server", "index.js"))) as ServerBuild;
  } else {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root, server: { middlewareMode: true } });
    assets.push(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  }

  const app = createHttpApp({
    db,
    redis,
    logger,
    assets,
    appHandler: createRequestHandler({ build }),
    trustProxy: config.TRUST_PROXY,
    extraRoutes: (await import("../mcp/http")).mountMcpFromConfig({ db, redis, logger, config }),
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

  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down");
    server.close(() => {
      void Promise.allSettled([db.$disconnect(), redis.quit()]).then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

void main();
