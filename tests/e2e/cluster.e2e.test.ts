// The production web server as `npm run build` makes it, with WEB_CONCURRENCY=2: two web processes
// share the port, one that dies is replaced while the other keeps answering, and SIGTERM stops them
// all. (No browser: this file only needs the build, which the browser tests need too.)
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, repoRoot, type TestDatabase } from "../support/database";
import { freePort, startTestRedis, type TestRedis } from "../support/redis";

let database: TestDatabase;
let redis: TestRedis;
let primary: ChildProcess;
let baseUrl: string;

/** The processes the primary forked (node:cluster workers), by pid. */
function webProcesses(): number[] {
  const out = execFileSync("ps", ["-o", "pid=", "--ppid", String(primary.pid)], { encoding: "utf8" });
  return out.split("\n").map(Number).filter(Boolean);
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const healthy = async () => (await fetch(`${baseUrl}/healthz`).catch(() => null))?.ok ?? false;

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await startTestRedis();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  primary = spawn(process.execPath, [path.join(repoRoot, "build/node/index.js")], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOCAL_MODE: "true",
      WEB_CONCURRENCY: "2",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      LOG_LEVEL: "warn",
    },
  });
  await until("the web processes", async () => ((await healthy()) && webProcesses().length === 2 ? true : undefined));
});

afterAll(async () => {
  if (primary && primary.exitCode === null) primary.kill("SIGKILL");
  await Promise.allSettled([database?.drop(), redis?.stop()]);
});

describe("the web server as a cluster (WEB_CONCURRENCY=2)", () => {
  it("replaces a web process that dies while the other keeps answering", async () => {
    const [victim, survivor] = webProcesses();
    process.kill(victim, "SIGKILL");
    // A connection the primary handed over at the instant of the death can fail; once the primary
    // has seen the exit, every request reaches the survivor while the replacement starts.
    await until("the survivor to answer", async () => ((await healthy()) ? true : undefined), 5_000);
    for (let i = 0; i < 20; i++) expect(await healthy()).toBe(true);
    const replaced = await until("a replacement", () => {
      const now = webProcesses();
      return now.length === 2 && !now.includes(victim) ? now : undefined;
    });
    expect(replaced).toContain(survivor);
    expect(await healthy()).toBe(true);
  });

  it("stops every web process on SIGTERM", async () => {
    const workers = webProcesses();
    const exited = new Promise<number | null>((resolve) => primary.once("exit", (code) => resolve(code)));
    primary.kill("SIGTERM");
    expect(await exited).toBe(0);
    const alive = workers.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});
