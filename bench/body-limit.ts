// What an unauthenticated huge body costs the web process (issue #21): starts the production web
// app (server/index.ts over build/, embedded mode, its own port) and POSTs a 256 MB body to a
// webhook route, the AIRA chat route and /mcp, streamed (chunked, no Content-Length) and declared
// (Content-Length), each without valid credentials. Prints the status, the time to the answer and
// the growth of the process's peak RSS (VmHWM) for each. --root runs another checkout's server (e.g.
// a worktree of the commit before the limits, with node_modules linked and its own build).
// --local runs it in local mode, where the chat route has no sign-in in front of it.
//   npx tsx bench/body-limit.ts [--root .] [--port 3320] [--mb 256] [--local]
// Needs a production build (`remix vite:build`) in the root and redis-server (a private one is
// started: the failed sign-ins it counts must not reach a shared Redis).
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { startTestRedis } from "../tests/support/redis";

const { values } = parseArgs({
  options: {
    root: { type: "string", default: path.resolve(import.meta.dirname, "..") },
    port: { type: "string", default: "3320" },
    mb: { type: "string", default: "256" },
    local: { type: "boolean", default: false },
  },
});
const root = path.resolve(values.root!);
const PORT = Number(values.port);
const BYTES = Number(values.mb) * 1024 * 1024;

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(PORT),
  HOST: "127.0.0.1",
  LOG_LEVEL: "silent",
  ...(values.local
    ? { LOCAL_MODE: "true" } // no sign-in: the chat route reads the body of anyone who can reach it
    : {
        LOCAL_MODE: "false",
        SHOPIFY_API_KEY: "bench-api-key",
        SHOPIFY_API_SECRET: "bench-api-secret",
        SHOPIFY_APP_URL: "https://bench.example.com",
        SCOPES: "read_products",
        APP_SECRET: "bench-app-secret-that-is-long-enough-0123456789",
        TOKEN_ENCRYPTION_KEY: "0".repeat(64),
      }),
  DATABASE_URL: `file:${path.join(root, ".data", "bench-body.db")}`,
};

const status = (pid: number, key: "VmRSS" | "VmHWM") =>
  Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

/** One POST of BYTES zero bytes, written as fast as the server takes them; resolves at the answer (or a reset). */
function post(pathName: string, headers: Record<string, string>, declared: boolean) {
  return new Promise<{ status: number | string; ms: number; sentMb: number }>((resolve) => {
    const started = performance.now();
    let sent = 0;
    let done = false;
    const finish = (s: number | string) => {
      if (done) return;
      done = true;
      resolve({ status: s, ms: Math.round(performance.now() - started), sentMb: Math.round(sent / 1048576) });
    };
    const req = request(
      {
        host: "127.0.0.1",
        port: PORT,
        path: pathName,
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers, ...(declared ? { "Content-Length": BYTES } : {}) },
      },
      (res) => {
        res.resume();
        res.on("end", () => finish(res.statusCode ?? 0));
        req.destroy(); // stop sending once answered
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => finish(e.code ?? "error"));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const write = () => {
      while (sent < BYTES && !done) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!done) req.end();
    };
    write();
  });
}

const cases: { name: string; path: string; headers: Record<string, string> }[] = [
  {
    name: "webhook, forged HMAC",
    path: "/webhooks/orders/create",
    headers: {
      "X-Shopify-Hmac-Sha256": "Zm9yZ2Vk",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": "victim.myshopify.com",
      "X-Shopify-Webhook-Id": "bench",
      "X-Shopify-API-Version": "2026-10",
    },
  },
  { name: "AIRA chat, no session", path: "/api/aira/chat", headers: {} },
  { name: "MCP, no token", path: "/mcp", headers: { Accept: "application/json, text/event-stream" } },
];

async function startServer() {
  const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 150; i++) {
    const up = await fetch(`http://127.0.0.1:${PORT}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return server;
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill("SIGTERM");
  throw new Error("the web app did not start");
}

// A fresh process per case: the peak RSS (VmHWM) of each is then that case's alone.
async function main() {
  const redis = await startTestRedis({ own: true });
  env.REDIS_URL = redis.url;
  // The failed sign-ins are audited: the bench database needs the tables.
  execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: root,
    env,
    stdio: "ignore",
  });
  console.log(
    `root ${root}: ${values.mb} MB bodies, ${values.local ? "local" : "embedded"} mode, a fresh web process per case`,
  );
  console.log("case | sent | status | ms | RSS idle MB | peak RSS growth MB");
  for (const c of cases) {
    for (const declared of [false, true]) {
      const server = await startServer();
      try {
        // Warm the route with a small body, so the figure is the big body's cost alone.
        await fetch(`http://127.0.0.1:${PORT}${c.path}`, { method: "POST", headers: c.headers, body: "{}" });
        await new Promise((r) => setTimeout(r, 500));
        const idle = status(server.pid!, "VmRSS");
        const before = status(server.pid!, "VmHWM");
        const result = await post(c.path, c.headers, declared);
        await new Promise((r) => setTimeout(r, 300));
        const growth = status(server.pid!, "VmHWM") - before;
        console.log(
          `${c.name} (${declared ? "declared" : "chunked"}) | ${result.sentMb} MB | ${result.status} | ${result.ms} | ${idle.toFixed(0)} | ${growth.toFixed(0)}`,
        );
      } finally {
        server.kill("SIGTERM");
        await new Promise((r) => server.once("exit", r));
      }
    }
  }
  await redis.stop();
}

await main();
