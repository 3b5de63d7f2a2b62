// The production web server as `npm run build` makes it, with WEB_CONCURRENCY=2 (ADR 0016): two
// web processes share the port and both answer requests, /healthz answers, and SIGTERM stops both
// through their graceful shutdown. No browser: this file only needs the build.
//
// Which process served a connection is read from Linux's /proc (the server side of each open
// connection is a socket in exactly one process's file table), so the app needs no test-only
// header. Every request has a timeout: an earlier version of this test hung on a request without
// one (ae949a8).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, repoRoot, type TestDatabase } from "../support/database";
import { freePort, startTestRedis, type TestRedis } from "../support/redis";

let database: TestDatabase;
let redis: TestRedis;
let primary: ChildProcess;
let port: number;
let exited: Promise<number | null>;
const logLines: string[] = [];

/** The processes the primary forked (node:cluster workers), by pid. */
function webProcesses(): number[] {
  try {
    const out = execFileSync("ps", ["-o", "pid=", "--ppid", String(primary.pid)], { encoding: "utf8" });
    return out.split("\n").map(Number).filter(Boolean);
  } catch {
    return []; // ps exits 1 when the primary has no children
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** GET on a given agent; resolves with the status and body, rejects after 5 s. */
function get(urlPath: string, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: urlPath, agent, timeout: 5_000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("timeout", () => request.destroy(new Error(`${urlPath}: no answer within 5 s`)));
    request.on("error", reject);
  });
}

const healthy = async () => {
  const agent = new http.Agent({ keepAlive: false });
  try {
    return (await get("/healthz", agent)).status === 200;
  } catch {
    return false;
  }
};

/** Socket inodes of the established TCP connections whose local end is the app's port (the server's side). */
function serverSideSockets(): Set<string> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = parseInt(fields[1].split(":").pop()!, 16);
      if (localPort === port && fields[3] === "01") inodes.add(fields[9]); // 01: ESTABLISHED
    }
  }
  return inodes;
}

/** How many of `inodes` each process holds open. */
function socketsHeldBy(pids: number[], inodes: Set<string>): Map<number, number> {
  const held = new Map<number, number>();
  for (const pid of pids) {
    let n = 0;
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match && inodes.has(match[1])) n++;
      } catch {
        // closed meanwhile
      }
    }
    held.set(pid, n);
  }
  return held;
}

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await startTestRedis();
  port = await freePort();
  primary = spawn(process.execPath, [path.join(repoRoot, "build/node/index.js")], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOCAL_MODE: "true",
      WEB_CONCURRENCY: "2",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
    },
  });
  let partial = "";
  primary.stdout!.setEncoding("utf8");
  primary.stdout!.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop()!;
    logLines.push(...lines);
  });
  exited = new Promise((resolve) => primary.once("exit", (code) => resolve(code)));
  // Both processes listening (each logs it once): until then the primary hands every connection
  // to the one that is.
  const listening = () => logLines.filter((line) => line.includes('"royal-equips web listening"')).length;
  await until("two web processes listening and answering /healthz", async () =>
    webProcesses().length === 2 && listening() >= 2 && (await healthy()) ? true : undefined,
  );
});

afterAll(async () => {
  if (primary && primary.exitCode === null && primary.signalCode === null) primary.kill("SIGKILL");
  for (const pid of primary ? webProcesses() : []) process.kill(pid, "SIGKILL");
  await Promise.allSettled([database?.drop(), redis?.stop()]);
});

describe("the web server as a cluster (WEB_CONCURRENCY=2)", () => {
  it("answers from both web processes, which share the port", async () => {
    const workers = webProcesses();
    expect(workers).toHaveLength(2);
    // Eight connections kept open: the primary hands connections to its workers in turn.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () => get("/healthz", agent)));
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toEqual({ status: "ok" });
      }
      const connections = serverSideSockets();
      expect(connections.size).toBeGreaterThanOrEqual(2);
      const held = socketsHeldBy(workers, connections);
      // Every open connection is served by one of the two web processes, and each serves some.
      expect([...held.values()].reduce((a, b) => a + b, 0)).toBe(connections.size);
      for (const pid of workers) expect(held.get(pid)).toBeGreaterThan(0);
      // The primary itself serves none.
      expect(socketsHeldBy([primary.pid!], connections).get(primary.pid!)).toBe(0);
    } finally {
      agent.destroy();
    }
  });

  it("serves the app's pages and readiness from the cluster", async () => {
    const agent = new http.Agent({ keepAlive: false });
    const ready = await get("/readyz", agent);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: "ready", failing: [] });
    const settings = await get("/app/settings", agent);
    expect(settings.status).toBe(200);
    expect(settings.body).toContain("<html");
  });

  it("stops both web processes gracefully on SIGTERM", async () => {
    const workers = webProcesses();
    expect(workers).toHaveLength(2);
    primary.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running"), 20_000))]);
    expect(code).toBe(0);
    const alive = workers.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
    // Each web process ran its own shutdown (closed its server, then its database and Redis),
    // rather than being killed: its "shutting down" line names its pid.
    const shutdowns = logLines
      .map((line) => {
        try {
          return JSON.parse(line) as { msg?: string; pid?: number; signal?: string };
        } catch {
          return {};
        }
      })
      .filter((entry) => entry.msg === "shutting down");
    expect(shutdowns.map((s) => s.pid).sort()).toEqual([...workers].sort());
    expect(shutdowns.every((s) => s.signal === "SIGTERM")).toBe(true);
  });
});
