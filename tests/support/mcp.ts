// /mcp over real HTTP for tests and benches: the app's own Express server (server/http.ts) with
// the MCP endpoint of a fixture (mcp/testing/fixtures.ts) mounted, on a free loopback port, and
// SDK clients signed in with a bearer token. One place instead of each test building its own.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Redis } from "../../agents/infra/redis";
import { mountMcp as defaultMount, MCP_PATH, type McpHttpOptions } from "../../mcp/http";
import type { Fixture } from "../../mcp/testing/fixtures";
import { createHttpApp, type HttpDeps } from "../../server/http";

export interface McpTestServer {
  server: Server;
  /** http://127.0.0.1:<port> */
  base: string;
  /** The endpoint: `${base}/mcp`. */
  url: string;
  /** An SDK client signed in with `token`, closed by close(). */
  client(token: string, name?: string): Promise<Client>;
  /** Closes the clients, then the server (not the fixture or Redis: the caller's). */
  close(): Promise<void>;
}

export async function serveMcp(
  fx: Fixture,
  options: {
    /** Null: no Redis (limits in memory; only /readyz would read it). */
    redis: Redis | null;
    /** Besides the fixture's deps and Redis. */
    mcp?: Partial<McpHttpOptions>;
    /** Besides db, Redis, logger and the MCP routes (e.g. trustProxyHops). */
    http?: Partial<HttpDeps>;
    /** Another copy of mcp/http.ts's mountMcp (a bench serving the previous commit's code). */
    mount?: typeof defaultMount;
  },
): Promise<McpTestServer> {
  const mount = options.mount ?? defaultMount;
  const app = createHttpApp({
    db: fx.db,
    redis: options.redis as Redis,
    logger: fx.deps.logger,
    appHandler: (_req, res) => void res.status(404).send("no app in this test"),
    quietPaths: [MCP_PATH], // as server/index.ts serves it
    ...options.http,
    extraRoutes: mount({ ...fx.deps, redis: options.redis, ...options.mcp }),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${base}/mcp`;
  const clients: Client[] = [];
  return {
    server,
    base,
    url,
    async client(token, name = "test") {
      const client = new Client({ name, version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(url), {
          requestInit: { headers: { Authorization: `Bearer ${token}` } },
        }),
      );
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((client) => client.close()));
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
  };
}
