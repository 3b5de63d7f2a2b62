// The command center's pages over HTTP, as `npm start` serves them in local mode: starts
// scripts/run.ts (the local dev store, the bootstrap sync, the web app and the worker) on its own
// ports and database, then for each page (app/modules.ts) loads it once and puts it under load with
// autocannon at N connections (document requests, as a browser's first load; with --data also the
// Remix single-fetch data request a client-side navigation makes). Prints requests/s, p50/p95/p99,
// the web process's CPU time per request, and the web app's RSS (all its processes) idle, after
// loading each page once, after the load and after settling; `uptime`'s load average at the start
// and the end (other work on the machine lowers requests/s; CPU ms per request is steadier); the
// event-loop delay (p99 and max of perf_hooks.monitorEventLoopDelay, from the web app's /metrics,
// which a scrape resets: one scrape before and one after each load; with WEB_CONCURRENCY > 1 the
// figure is the process that answered the second scrape).
//   npx tsx bench/http-pages.ts [--db .data/bench-http.db] [--port 3310] [--emulator-port 4310]
//     [--duration 10] [--connections 10] [--pages /app,/app/revenue] [--data] [--gzip]
//     [--web-concurrency 2] [--root <checkout>] [--out result.json] [--compare before.json]
// --gzip asks for compressed responses (as browsers do; autocannon does not by default).
// --root runs another checkout's build (e.g. the code before a change) with this script's
// settings; give --db and --emulator-db as absolute paths to share one store between checkouts.
// Needs a production build (`npm run build`) and Redis (REDIS_URL, e.g. redis://127.0.0.1:6379/5).
// --out saves the figures; --compare prints them beside a saved run (e.g. before a change).
// Goal: the dashboard (/app) >= 500 requests/s at 10 connections on 2 cores; web idle RSS < 250 MB.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { MODULES } from "../app/modules";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: ".data/bench-http.db" },
    "emulator-db": { type: "string", default: ".data/bench-http-emulator.db" },
    port: { type: "string", default: "3310" },
    "emulator-port": { type: "string", default: "4310" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    pages: { type: "string" },
    data: { type: "boolean", default: false },
    gzip: { type: "boolean", default: false },
    "web-concurrency": { type: "string", default: "1" },
    root: { type: "string" },
    out: { type: "string" },
    compare: { type: "string" },
  },
});

const root = path.resolve(values.root ?? path.resolve(import.meta.dirname, ".."));
const PORT = Number(values.port);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const base = `http://127.0.0.1:${PORT}`;
const pages = values.pages?.split(",") ?? MODULES.flatMap((m) => [m.path, ...(m.pages ?? []).map((p) => p.path)]);

interface Load {
  path: string;
  kind: "document" | "data";
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  cpuMsPerRequest: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Event-loop delay during the load (ms): p99 and max; NaN when /metrics did not answer. */
  eventLoopP99: number;
  eventLoopMax: number;
}
interface Result {
  when: string;
  commit: string;
  loadStart: string;
  loadEnd: string;
  webProcesses: number;
  rss: { idle: number; afterFirstLoads: number; afterLoad: number; settled: number };
  loads: Load[];
}

const uptime = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(", ");

async function waitFor(url: string, seconds: number) {
  for (let i = 0; i < seconds * 10; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/** Processes as [pid, ppid, rss kB, args]. */
function processes() {
  return execFileSync("ps", ["-eo", "pid=,ppid=,rss=,args="], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [pid, ppid, rss, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), rssKb: Number(rss), args: args.join(" ") };
    });
}

/** The web app's processes: run.ts's child running the web server and any processes it started (a cluster's). */
function webProcesses(runPid: number) {
  const all = processes();
  const web = all.filter(
    (p) => p.ppid === runPid && (p.args.includes("server/index.ts") || p.args.includes("build/node/index.js")),
  );
  const pids = new Set(web.map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all)
      if (pids.has(p.ppid) && !pids.has(p.pid)) {
        pids.add(p.pid);
        grew = true;
      }
  }
  return all.filter((p) => pids.has(p.pid));
}

const rssMb = (runPid: number) => webProcesses(runPid).reduce((sum, p) => sum + p.rssKb, 0) / 1024;

/** CPU time (user + system) of the web processes, in ms. */
function cpuMs(runPid: number) {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const p of webProcesses(runPid)) {
    try {
      const stat = readFileSync(`/proc/${p.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
    } catch {
      // exited
    }
  }
  return total;
}

/**
 * Waits until the web app is idle again (under 10 % of a core for a second): requests a slow page
 * still has queued when the load stops must not count against the next page.
 */
async function settle(runPid: number) {
  for (let i = 0; i < 120; i++) {
    const before = cpuMs(runPid);
    await new Promise((r) => setTimeout(r, 1_000));
    if (cpuMs(runPid) - before < 100) return;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

/** The web app's event-loop delay since the previous scrape (a scrape resets the histogram), in ms. */
async function eventLoopDelay(): Promise<{ p99: number; max: number }> {
  try {
    const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
    const metric = (name: string) => Number(new RegExp(`^${name} ([0-9.eE+-]+)`, "m").exec(text)?.[1] ?? NaN) * 1000;
    return { p99: metric("nodejs_eventloop_lag_p99_seconds"), max: metric("nodejs_eventloop_lag_max_seconds") };
  } catch {
    return { p99: NaN, max: NaN };
  }
}

async function load(runPid: number, pagePath: string, kind: Load["kind"]): Promise<Load> {
  const url = kind === "document" ? base + pagePath : `${base}${pagePath}.data`;
  const times: number[] = [];
  await eventLoopDelay(); // resets the histogram
  const cpuBefore = cpuMs(runPid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: DURATION,
        headers: { accept: "*/*", ...(values.gzip ? { "accept-encoding": "gzip" } : {}) },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  const cpu = cpuMs(runPid) - cpuBefore;
  const delay = await eventLoopDelay();
  times.sort((a, b) => a - b);
  return {
    path: pagePath,
    kind,
    rps: result.requests.total / (result.duration || DURATION),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    cpuMsPerRequest: result.requests.total ? cpu / result.requests.total : NaN,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    eventLoopP99: delay.p99,
    eventLoopMax: delay.max,
  };
}

/** The code measured: its commit, or the folder when it is not a git checkout (an exported tree). */
function describeCode() {
  try {
    return execFileSync("git", ["log", "-1", "--format=%h %s"], { cwd: root, encoding: "utf8" }).trim().slice(0, 90);
  } catch {
    return root;
  }
}

function print(result: Result, before?: Result) {
  const cell = (now: number, then: number | undefined, digits: number) =>
    then === undefined ? now.toFixed(digits) : `${then.toFixed(digits)} -> ${now.toFixed(digits)}`;
  const header = before ? "before -> after" : "";
  console.log(`\n${header ? header + ": " : ""}web app at ${base}, ${CONNECTIONS} connections, ${DURATION} s per page`);
  if (before) console.log(`before: ${before.commit}, load average ${before.loadStart} .. ${before.loadEnd}`);
  console.log(`now:    ${result.commit}, load average ${result.loadStart} .. ${result.loadEnd}`);
  console.log(
    `web RSS (MB, ${result.webProcesses} process${result.webProcesses === 1 ? "" : "es"}): ` +
      (["idle", "afterFirstLoads", "afterLoad", "settled"] as const)
        .map((k) => `${k} ${cell(result.rss[k], before?.rss[k], 0)}`)
        .join(", "),
  );
  const rows = result.loads.map((l) => {
    const b = before?.loads.find((x) => x.path === l.path && x.kind === l.kind);
    return [
      `${l.path}${l.kind === "data" ? ".data" : ""}`,
      cell(l.rps, b?.rps, 0),
      cell(l.p50, b?.p50, 0),
      cell(l.p95, b?.p95, 0),
      cell(l.p99, b?.p99, 0),
      cell(l.cpuMsPerRequest, b?.cpuMsPerRequest, 2),
      cell(l.eventLoopP99, b?.eventLoopP99, 0),
      cell(l.eventLoopMax, b?.eventLoopMax, 0),
      String(l.non2xx + l.errors),
    ];
  });
  const head = [
    "page",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "web CPU ms/req",
    "loop delay p99 ms",
    "loop delay max ms",
    "non-2xx+errors",
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [head, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i])).join("  "));
}

async function main() {
  if (!existsSync(path.join(root, "build/server/index.js")) || !existsSync(path.join(root, "build/node/index.js")))
    throw new Error("no production build: run `npm run build` first");
  const databaseUrl = values.db!.includes(":") ? values.db! : `file:${values.db}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    LOCAL_MODE: "true",
    PORT: String(PORT),
    EMULATOR_URL: `http://127.0.0.1:${values["emulator-port"]}`,
    EMULATOR_DB: values["emulator-db"],
    DATABASE_URL: databaseUrl,
    WEB_CONCURRENCY: values["web-concurrency"],
  };
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: root, env, stdio: "ignore" });

  const loadStart = uptime();
  const run: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/run.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stopped = new Promise((resolve) => run.once("exit", resolve));
  try {
    await waitFor(`${base}/healthz`, 300);
    await new Promise((r) => setTimeout(r, 3_000)); // the worker's start-up, timers settle
    const idle = rssMb(run.pid!);
    for (const page of pages) {
      const response = await fetch(base + page);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${page} answered ${response.status}`);
    }
    const afterFirstLoads = rssMb(run.pid!);
    const loads: Load[] = [];
    for (const page of pages) {
      loads.push(await load(run.pid!, page, "document"));
      await settle(run.pid!);
      if (values.data) {
        loads.push(await load(run.pid!, page, "data"));
        await settle(run.pid!);
      }
    }
    const afterLoad = rssMb(run.pid!);
    await new Promise((r) => setTimeout(r, 10_000));
    const result: Result = {
      when: new Date().toISOString(),
      commit: describeCode(),
      loadStart,
      loadEnd: uptime(),
      webProcesses: webProcesses(run.pid!).length,
      rss: { idle, afterFirstLoads, afterLoad, settled: rssMb(run.pid!) },
      loads,
    };
    const before = values.compare ? (JSON.parse(readFileSync(values.compare, "utf8")) as Result) : undefined;
    print(result, before);
    if (values.out) writeFileSync(values.out, JSON.stringify(result, null, 2));
  } finally {
    run.kill("SIGTERM");
    await stopped;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
