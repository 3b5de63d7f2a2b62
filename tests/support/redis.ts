// A real Redis for tests: the one at REDIS_URL (default 127.0.0.1:6379) when it answers, else a
// private redis-server started on a free port; a clear error when neither is possible.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
  /** Private servers only: SIGKILL the server (nothing persists: its data is gone) ... */
  kill?(): Promise<void>;
  /** ... and start an empty one on the same port, as a restart or a failover to an empty replica does. */
  start?(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: 500,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `own`: always a private redis-server, for tests that run the app's workers under the app's
 * default queue names (another test file's workers on a shared Redis would take their jobs).
 */
export async function startTestRedis(options: { own?: boolean } = {}): Promise<TestRedis> {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  if (!options.own && (await answers(url))) return { url, stop: async () => {} };
  const port = await freePort();
  const privateUrl = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    try {
      child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        {
          stdio: "ignore",
        },
      );
      await new Promise<void>((resolve, reject) => {
        child!.once("error", reject);
        child!.once("spawn", () => resolve());
      });
    } catch (error) {
      throw new Error(
        `${options.own ? "A private" : `No Redis answers at ${url} and`} redis-server could not be started (${(error as Error).message}). ` +
          "Start Redis (e.g. `redis-server --daemonize yes`) or install it (`apt-get install redis-server`).",
      );
    }
    for (let i = 0; i < 50 && !(await answers(privateUrl)); i++) await new Promise((r) => setTimeout(r, 100));
    if (!(await answers(privateUrl))) throw new Error(`redis-server started on port ${port} but does not answer`);
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    url: privateUrl,
    stop: async () => {
      child?.kill("SIGTERM");
    },
    kill,
    start,
  };
}
