// Every command-center page and every read-only tool on a big store (issue #19): per page and per
// tool p50 / p95 time, event-loop delay, CPU and memory, on the 20k-order local dev store and on a
// 1M-order mirror.
//   npx tsx bench/big-store.ts [--store local|mirror] [--orders N] [--products N] [--runs 10]
//       [--keep .data/bench-local.db] [--timeout 120] [--budget 120] [--json out.json] [--skip-build]
//       [--only pages|tools] [--pages /app,/app/inventory] [--tools get_stockout_risks,...] [--sample-csv <dir>]
//       [--answers <dir>] [--heap-snapshot] [--web-node-options=--max-old-space-size=256]
// Stores:
//   local  (default) the local dev store as `npm start` makes it (scripts/run.ts, ADR 0005): the
//          emulator seeded with `emulator/cli.ts seed` (seed 1, 300 products, 20,000 orders, two
//          years ending yesterday; Shopify's sample CSVs with --sample-csv), the mirror filled by a
//          bulk-operation sync (syncStore), as scripts/local-bootstrap.ts does.
//   mirror the 1M-order mirror of bench/dashboard.ts (bench/mirror-store.ts: 2,000 products,
//          1,000,000 orders ending today, agent runs, alerts, audit and webhook rows), and the
//          emulator seeded with the very same generated store, so Admin API reads (locations, order
//          risk, discount codes, product text) answer from it.
// --keep <file.db>: build the store once into that SQLite file (the emulator's beside it as
//   <file>.emulator.db, the options as <file.db>.json) and reuse it later. With --store mirror,
//   `--keep .data/bench-dashboard.db` shares bench/dashboard.ts's file (its emulator store is seeded
//   on first use here).
// Pages: builds the app (`npm run build`, unless --skip-build), starts the web process as
// production does (`node build/node/index.js`, NODE_ENV=production) in local mode against
// the store and the emulator, then per page in app/modules.ts: N times the document request and the
// data request a navigation makes (`<path>.data`, single fetch), with /healthz asked every 20 ms
// meanwhile (its worst latency shows blocking). The web process's own event-loop delay
// (perf_hooks.monitorEventLoopDelay in prom-client's default metrics, reset by each /metrics scrape)
// and CPU come from its /metrics, scraped before and after each page; RSS from /proc.
// Tools: a child process (bench/big-store-tools.ts) runs each read-only tool N times through
// toolRegistry.run with a worker-like context; its own monitorEventLoopDelay, CPU and RSS, and each
// tool's own peak RSS (VmHWM reset before it through /proc/self/clear_refs).
// Each call has a timeout (--timeout, seconds): a page stops there, reports "timeout" and the web
// process is restarted (the abandoned request would go on running); a crash is reported with the
// error that ended the process, which is restarted too. A tool that times out has its process killed
// and a fresh one runs the remaining tools; a tool that throws is reported with its error. --budget
// (seconds) stops repeating a page or tool once its runs took that long (n says how many ran).
// --web-node-options: Node options of the web process only (e.g. a heap limit), beside NODE_OPTIONS.
// --heap-snapshot: after all pages, the web process writes a heap snapshot (a full collection first:
//   the memory still used after it is what stays allocated), kept in the run's log directory.
// --answers <dir>: each tool item's first answer is written there as <label>.json, to compare two
// versions of the tools on the same store (diff the directories).
// REDIS_URL (default redis://127.0.0.1:6379) is the web process's Redis.
import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createDb } from "../agents/db/client";
import { syncStore } from "../agents/mirror/sync";
import { mirrorCounts } from "../agents/overview/queries";
import { localAdminClient } from "../agents/shopify/local";
import { MODULES } from "../app/modules";
import { seedInto } from "@royal-equips/emulator";
import { createTestDatabase } from "../tests/support/database";
import { LONG_RUNNING_NODE_FLAGS } from "../config/node-flags";
import type { ToolItemResult, ToolPlanItem, ToolsChildMessage, ToolsParentMessage } from "./big-store-tools";
import {
  BENCH_SHOP,
  benchSeedStore,
  keptOptionsFile,
  mirrorStoreDatabase,
  type MirrorStoreOptions,
} from "./mirror-store";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    store: { type: "string", default: "local" },
    orders: { type: "string" },
    products: { type: "string" },
    days: { type: "string", default: "730" },
    seed: { type: "string", default: "1" },
    runs: { type: "string", default: "10" },
    keep: { type: "string" },
    timeout: { type: "string", default: "120" },
    budget: { type: "string", default: "120" },
    json: { type: "string" },
    only: { type: "string" },
    pages: { type: "string" },
    tools: { type: "string" },
    "skip-build": { type: "boolean", default: false },
    "sample-csv": { type: "string" },
    answers: { type: "string" },
    "heap-snapshot": { type: "boolean", default: false },
    "web-node-options": { type: "string" },
  },
});
const int = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, got "${text}"`);
  return n;
};
const STORE = values.store as "local" | "mirror";
if (STORE !== "local" && STORE !== "mirror") throw new Error(`--store must be local or mirror, not ${values.store}`);
if (values.only && values.only !== "pages" && values.only !== "tools")
  throw new Error(`--only must be pages or tools, not ${values.only}`);
const ORDERS = int("orders", values.orders ?? (STORE === "local" ? "20000" : "1000000"));
const PRODUCTS = int("products", values.products ?? (STORE === "local" ? "300" : "2000"));
const DAYS = int("days", values.days!);
const SEED = int("seed", values.seed!);
const RUNS = int("runs", values.runs!);
const TIMEOUT_MS = int("timeout", values.timeout!) * 1000;
const BUDGET_MS = int("budget", values.budget!) * 1000;
const KEEP = values.keep ? path.resolve(values.keep) : null;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const EMULATOR_TOKEN = "shpat_bench_big_store_token";
const EMULATOR_SECRET = "bench-big-store-emulator-secret";
const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

const work = mkdtempSync(path.join(tmpdir(), "royal-bench-big-store-"));
const started: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
/** Nearest-rank percentile. */
const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
};
const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();
const log = (name: string) => createWriteStream(path.join(work, `${name}.log`), { flags: "a" });

// ---- processes ------------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForOk(url: string, seconds: number, child?: ChildProcess) {
  for (let i = 0; i < seconds * 10; i++) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

async function streamOpen(stream: ReturnType<typeof createWriteStream>) {
  await new Promise((resolve) => stream.once("open", resolve));
  return stream;
}

async function tsxProcess(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<ChildProcess> {
  const out = await streamOpen(log(name));
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", out, out],
  });
  started.push(child);
  return child;
}

/** The web server or the worker as production runs them: `npm run build`'s JavaScript with plain node. */
async function builtProcess(name: string, entry: "index" | "worker", env: Record<string, string | undefined>) {
  const out = await streamOpen(log(name));
  const child = spawn(
    process.execPath,
    [...LONG_RUNNING_NODE_FLAGS, "--enable-source-maps", `build/node/${entry}.js`],
    {
      cwd: root,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", out, out],
    },
  );
  started.push(child);
  return child;
}

async function runToEnd(child: ChildProcess, name: string) {
  const code = await new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", resolve),
  );
  if (code !== 0) throw new Error(`${name} failed (exit ${code}); see ${path.join(work, `${name}.log`)}`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** VmRSS and VmHWM (peak) of a process, in bytes, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM"), anon: kb("RssAnon"), file: kb("RssFile") };
}

/** Asks the web process for a heap snapshot (it collects garbage first) and waits until it is written. */
async function heapSnapshot(child: ChildProcess): Promise<string> {
  const before = new Set(readdirSync(work));
  child.kill("SIGUSR2");
  for (let waited = 0, size = -1; waited < 300_000; waited += 1000) {
    await sleep(1000);
    const file = readdirSync(work).find((f) => f.endsWith(".heapsnapshot") && !before.has(f));
    if (!file) continue;
    const now = statSync(path.join(work, file)).size;
    if (now > 0 && now === size) return path.join(work, file);
    size = now;
  }
  return "not written within 5 minutes";
}

/** Where the web process's memory is: V8's heap, memory V8 knows outside it, and the rest of its RSS. */
async function memoryBreakdown(base: string, pid: number): Promise<string> {
  const { rss, anon, file } = memoryOf(pid);
  try {
    const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(TIMEOUT_MS) })).text();
    const heapUsed = metric(text, "nodejs_heap_size_used_bytes");
    const heapTotal = metric(text, "nodejs_heap_size_total_bytes");
    const external = metric(text, "nodejs_external_memory_bytes");
    return `RSS ${mb(rss)} MB (anonymous ${mb(anon)}, files ${mb(file)}); V8 heap ${mb(heapUsed)} used of ${mb(heapTotal)} MB, external ${mb(external)} MB; the rest of the anonymous memory (native: SQLite, allocator) ${mb(anon - heapTotal - external)} MB`;
  } catch {
    return `RSS ${mb(rss)} MB (anonymous ${mb(anon)}, files ${mb(file)})`;
  }
}

// ---- the store --------------------------------------------------------------------------------------

interface Store {
  kind: "local" | "mirror";
  databaseUrl: string;
  emulatorDb: string;
  options: MirrorStoreOptions;
  /** The emulator, when building the store started it. */
  emulator?: Emulator;
  drop(): Promise<void>;
}
type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const emulatorDbBeside = (file: string) => file.replace(/(\.db)?$/, ".emulator.db");

async function startEmulator(emulatorDb: string) {
  const port = await freePort();
  const child = await tsxProcess("emulator", "emulator/cli.ts", [
    "serve",
    "--db",
    emulatorDb,
    "--port",
    String(port),
    "--host",
    "127.0.0.1",
    "--token",
    EMULATOR_TOKEN,
    "--secret",
    EMULATOR_SECRET,
    "--shop",
    BENCH_SHOP,
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/healthz`, 120, child);
  return { url, child };
}

/** The local dev store, made as `npm start` makes it: seeded emulator, then a bulk-operation sync. */
async function localStore(): Promise<Store> {
  const recorded = KEEP && existsSync(KEEP) ? readRecord(KEEP, "local") : null;
  if (KEEP && recorded) {
    if (!existsSync(emulatorDbBeside(KEEP)))
      throw new Error(`${emulatorDbBeside(KEEP)} is missing: delete ${KEEP} to rebuild the local store`);
    console.log(`reusing ${KEEP} and ${emulatorDbBeside(KEEP)} (built with ${JSON.stringify(recorded)})`);
    return {
      kind: "local",
      databaseUrl: `file:${KEEP}`,
      emulatorDb: emulatorDbBeside(KEEP),
      options: recorded,
      drop: async () => {},
    };
  }
  const options: MirrorStoreOptions = {
    seed: SEED,
    products: PRODUCTS,
    orders: ORDERS,
    days: DAYS,
    endDate: yesterday(),
  };
  const emulatorDb = KEEP ? emulatorDbBeside(KEEP) : path.join(work, "emulator.db");
  rmSync(emulatorDb, { force: true });
  let t = performance.now();
  await runToEnd(
    await tsxProcess("seed", "emulator/cli.ts", [
      "seed",
      "--db",
      emulatorDb,
      "--seed",
      String(options.seed),
      "--products",
      String(options.products),
      "--orders",
      String(options.orders),
      "--days",
      String(options.days),
      "--end-date",
      options.endDate,
      ...(values["sample-csv"] ? ["--sample-csv", values["sample-csv"]] : []),
    ]),
    "seed",
  );
  console.log(`local dev store seeded into ${emulatorDb} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const emulator = await startEmulator(emulatorDb);
  const database = await createTestDatabase("sqlite");
  const db = createDb(database.url);
  const logger = pino({ level: "warn" });
  try {
    t = performance.now();
    await db.shop.upsert({ where: { domain: BENCH_SHOP }, create: { domain: BENCH_SHOP }, update: {} });
    const admin = localAdminClient(
      { shop: BENCH_SHOP, emulatorUrl: emulator.url, emulatorAccessToken: EMULATOR_TOKEN },
      { logger },
    );
    await syncStore({ db, admin, shop: BENCH_SHOP, logger });
    console.log(`store mirror filled by a bulk-operation sync in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await db.$disconnect();
  }
  if (!KEEP)
    return { kind: "local", databaseUrl: database.url, emulatorDb, options, drop: () => database.drop(), emulator };
  copyFileSync(database.url.replace(/^file:/, ""), KEEP);
  writeFileSync(
    keptOptionsFile(KEEP),
    JSON.stringify({ store: "local", options, builtAt: new Date().toISOString() }, null, 2) + "\n",
  );
  await database.drop();
  console.log(`kept as ${KEEP} (emulator store ${emulatorDb})`);
  return { kind: "local", databaseUrl: `file:${KEEP}`, emulatorDb, options, drop: async () => {}, emulator };
}

function readRecord(file: string, kind: "local" | "mirror"): MirrorStoreOptions {
  const record = existsSync(keptOptionsFile(file))
    ? (JSON.parse(readFileSync(keptOptionsFile(file), "utf8")) as { store?: string; options: MirrorStoreOptions })
    : null;
  if (!record)
    throw new Error(
      `${file} was not built by this bench (or before it recorded its options in ${keptOptionsFile(file)}): choose another --keep file, or delete this one if it is a bench file`,
    );
  if ((record.store ?? "mirror") !== kind)
    throw new Error(
      `${file} holds a ${record.store ?? "mirror"} store, not ${kind}: pass --store ${record.store ?? "mirror"}`,
    );
  return record.options;
}

/** The 1M-order mirror of bench/dashboard.ts, and the emulator seeded with the same generated store. */
async function mirrorStore(): Promise<Store> {
  if (KEEP && existsSync(KEEP)) readRecord(KEEP, "mirror");
  const database = await mirrorStoreDatabase({
    provider: "sqlite",
    keep: KEEP,
    options: {
      seed: SEED,
      products: PRODUCTS,
      orders: ORDERS,
      days: DAYS,
      endDate: new Date().toISOString().slice(0, 10),
    },
  });
  const options = database.options!;
  const emulatorDb = KEEP ? emulatorDbBeside(KEEP) : path.join(work, "emulator.db");
  if (!database.reused) rmSync(emulatorDb, { force: true }); // one left from an earlier build of this file
  if (!existsSync(emulatorDb)) {
    const t = performance.now();
    const stats = seedInto(emulatorDb, benchSeedStore(options));
    console.log(
      `emulator store seeded with the same generated store into ${emulatorDb} in ${((performance.now() - t) / 1000).toFixed(1)} s (${JSON.stringify(stats)})`,
    );
  }
  return { kind: "mirror", databaseUrl: database.url, emulatorDb, options, drop: () => database.drop() };
}

// ---- pages ------------------------------------------------------------------------------------------

interface PageResult {
  title: string;
  path: string;
  runs: number;
  document: number[];
  data: number[];
  dataBytes: number;
  /**
   * Process CPU of the web process per page load (document + data), from /metrics; this and the
   * event-loop figures are null when the web process crashed during the page (its /metrics went with it).
   */
  cpuMsPerLoad: number | null;
  eventLoopP99Ms: number | null;
  eventLoopMaxMs: number | null;
  healthzWorstMs: number;
  healthzCount: number;
  rssAfter: number | null;
  /** The machine's 1-minute load average when the page was done. */
  load1: number;
  problem?: string;
}

const PAGES = MODULES.flatMap((m) => [{ title: m.title, path: m.path }, ...(m.pages ?? [])]).filter(
  (page) => !values.pages || values.pages.split(",").includes(page.path),
);

function metric(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, "m").exec(text);
  if (!match) throw new Error(`/metrics has no ${name}`);
  return Number(match[1]);
}

async function scrape(base: string) {
  const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(TIMEOUT_MS) })).text();
  return {
    cpuSeconds: metric(text, "process_cpu_seconds_total"),
    eventLoopP99Ms: metric(text, "nodejs_eventloop_lag_p99_seconds") * 1000,
    eventLoopMaxMs: metric(text, "nodejs_eventloop_lag_max_seconds") * 1000,
  };
}

async function scrapeOrNull(base: string) {
  try {
    return await scrape(base);
  } catch {
    return null;
  }
}

async function waitForExit(child: ChildProcess, ms: number) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await Promise.race([new Promise((resolve) => child.once("exit", resolve)), sleep(ms)]);
}

/** Asks /healthz every 20 ms (one at a time) until stopped; the worst latency shows a blocked event loop. */
function healthProbe(base: string) {
  let running = true;
  let worst = 0;
  let count = 0;
  const done = (async () => {
    while (running) {
      const t = performance.now();
      try {
        await (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(TIMEOUT_MS) })).arrayBuffer();
      } catch {
        // a timeout counts with its full duration
      }
      worst = Math.max(worst, performance.now() - t);
      count++;
      await sleep(20);
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { worst, count };
    },
  };
}

async function request(url: string, accept: string) {
  const t = performance.now();
  try {
    const response = await fetch(url, {
      headers: { accept, "user-agent": BROWSER_UA },
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const bytes = (await response.arrayBuffer()).byteLength;
    return { ms: performance.now() - t, status: response.status, bytes };
  } catch (error) {
    const ms = performance.now() - t;
    if ((error as Error).name === "TimeoutError") return { ms, status: 0, bytes: 0, timeout: true };
    // fetch failed: the connection was refused or reset (the process died)
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    return { ms, status: 0, bytes: 0, error: cause?.code ?? (error as Error).message };
  }
}

async function benchPages(store: Store, emulatorUrl: string) {
  if (!values["skip-build"]) {
    const t = performance.now();
    const out = await streamOpen(log("build"));
    // `npm run build`'s two steps with this process's Node (the project's), whatever `node` the PATH holds.
    for (const args of [
      [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
      [path.join(root, "node_modules/vite/bin/vite.js"), "build", "--config", "vite.node.config.ts"],
    ]) {
      const build = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", out, out] });
      started.push(build);
      await runToEnd(build, "build");
    }
    console.log(`app built (npm run build) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  for (const built of ["build/server/index.js", "build/node/index.js", "build/node/worker.js"])
    if (!existsSync(path.join(root, built))) throw new Error(`no ${built}: run without --skip-build`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(SHOPIFY_|OPENAI_|APP_SECRET$|SCOPES$)/.test(key)),
  );
  const webLog = path.join(work, "web.log");
  const startWeb = async () => {
    const child = await builtProcess("web", "index", {
      ...env,
      NODE_OPTIONS: [
        env.NODE_OPTIONS,
        values["web-node-options"],
        values["heap-snapshot"] ? `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${work}` : null,
      ]
        .filter(Boolean)
        .join(" "),
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: store.databaseUrl,
      REDIS_URL,
      LOCAL_MODE: "true",
      LOCAL_SHOP: BENCH_SHOP,
      EMULATOR_URL: emulatorUrl,
      EMULATOR_ACCESS_TOKEN: EMULATOR_TOKEN,
      AIRA_MODEL: "offline",
      LOG_LEVEL: "info",
    });
    await waitForOk(`${base}/healthz`, 120, child);
    return child;
  };
  const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
  let web = await startWeb();
  // The worker, as `npm start` runs it: stored analyses (ADR 0015) are computed there, not in the web process.
  const worker = await builtProcess("worker", "worker", {
    ...env,
    NODE_ENV: "production",
    DATABASE_URL: store.databaseUrl,
    REDIS_URL,
    LOCAL_MODE: "true",
    LOCAL_SHOP: BENCH_SHOP,
    EMULATOR_URL: emulatorUrl,
    EMULATOR_ACCESS_TOKEN: EMULATOR_TOKEN,
    AIRA_MODEL: "offline",
    LOG_LEVEL: "info",
  });
  let restarts = 0;
  /** The highest VmHWM of the web processes (a crashed one can no longer be read). */
  let peak = 0;
  const notePeak = (child: ChildProcess) => {
    if (!exited(child)) peak = Math.max(peak, memoryOf(child.pid!).peak);
  };
  try {
    await sleep(5000);
    const idle = memoryOf(web.pid!);
    const workerIdle = memoryOf(worker.pid!);
    console.log(`web process up (pid ${web.pid}), RSS idle ${mb(idle.rss)} MB; worker ${mb(workerIdle.rss)} MB`);
    console.log(`  web memory idle: ${await memoryBreakdown(base, web.pid!)}`);
    // Warm-up: one visit per page asks the worker for the page's analyses; the timed runs then read them.
    const warm = performance.now();
    for (const page of PAGES) await request(`${base}${page.path}`, "text/html,application/xhtml+xml,*/*;q=0.8");
    const runsDb = createDb(store.databaseUrl);
    const busy = () =>
      runsDb.agentRun.count({ where: { agent: "analysis-refresh", status: { in: ["queued", "running"] } } });
    while ((await busy()) > 0 && performance.now() - warm < 30 * 60_000) await sleep(1000);
    const computed = await runsDb.storedResult.findMany({ select: { tool: true, ms: true } });
    await runsDb.$disconnect();
    const workerWarm = memoryOf(worker.pid!);
    console.log(
      `warm-up: ${computed.length} analyses worked out by the worker in ${fmt((performance.now() - warm) / 1000)} s ` +
        `(${computed.map((c) => `${c.tool} ${fmt(c.ms)} ms`).join(", ")}); worker RSS ${mb(workerWarm.rss)} MB, peak ${mb(workerWarm.peak)} MB`,
    );
    console.log(`${PAGES.length} pages x ${RUNS} runs`);
    const results: PageResult[] = [];
    const restart = async (why: string) => {
      notePeak(web);
      if (!exited(web)) web.kill("SIGKILL");
      await waitForExit(web, 10_000);
      restarts++;
      web = await startWeb();
      console.log(`  (web process restarted, pid ${web.pid}: ${why})`);
    };
    for (const page of PAGES) {
      let logFrom = statSync(webLog).size;
      let before = await scrapeOrNull(base);
      if (!before) {
        await waitForExit(web, 5000);
        await restart(`it did not answer /metrics before ${page.title}: ${crashReason(webLog, logFrom)}`);
        logFrom = statSync(webLog).size;
        before = await scrape(base);
      }
      // The scrape reset the histogram, which forgets its timer's last tick: let one tick pass
      // before the first request so that a block at its start is recorded.
      await sleep(30);
      const probe = healthProbe(base);
      const document: number[] = [];
      const data: number[] = [];
      let dataBytes = 0;
      let problem: string | undefined;
      const pageStarted = performance.now();
      for (let run = 0; run < RUNS && !problem; run++) {
        const doc = await request(`${base}${page.path}`, "text/html,application/xhtml+xml,*/*;q=0.8");
        problem = failure("document", doc);
        if (problem) break;
        document.push(doc.ms);
        const dat = await request(`${base}${page.path.replace(/\/$/, "")}.data`, "*/*");
        problem = failure("data", dat);
        if (problem) break;
        data.push(dat.ms);
        dataBytes = dat.bytes;
        if (performance.now() - pageStarted > BUDGET_MS) break;
      }
      const health = await probe.stop();
      if (problem?.includes("connection")) await waitForExit(web, 5000); // let a dying process exit
      const after = exited(web) ? null : await scrapeOrNull(base);
      if (!after) await waitForExit(web, 5000);
      const crashed = !after;
      const loads = Math.max(1, Math.max(document.length, data.length));
      const result: PageResult = {
        ...page,
        runs: data.length,
        document,
        data,
        dataBytes,
        cpuMsPerLoad: after ? ((after.cpuSeconds - before.cpuSeconds) * 1000) / loads : null,
        eventLoopP99Ms: after?.eventLoopP99Ms ?? null,
        eventLoopMaxMs: after?.eventLoopMaxMs ?? null,
        healthzWorstMs: health.worst,
        healthzCount: health.count,
        rssAfter: crashed ? null : memoryOf(web.pid!).rss,
        load1: loadavg()[0],
        problem: crashed
          ? `the web process ${exited(web) ? "crashed" : "stopped answering"}: ${crashReason(webLog, logFrom)}`
          : problem,
      };
      results.push(result);
      console.log(`  ${pageRow(result)}`);
      if (crashed) await restart(`it crashed on ${page.title}`);
      // An abandoned request goes on running in the web process: start the next page on a fresh one.
      else if (problem?.includes("timeout")) await restart(`a request on ${page.title} timed out`);
    }
    await sleep(5000);
    const after = memoryOf(web.pid!);
    notePeak(web);
    console.log(
      `web process RSS after all pages ${mb(after.rss)} MB${restarts ? ` (of the process started after the last of ${restarts} restarts)` : ""}, peak ${mb(peak)} MB`,
    );
    if (!exited(web)) console.log(`  web memory after all pages: ${await memoryBreakdown(base, web.pid!)}`);
    if (values["heap-snapshot"] && !exited(web)) {
      const snapshot = await heapSnapshot(web);
      console.log(
        `  web memory after a full collection: ${await memoryBreakdown(base, web.pid!)} (snapshot ${snapshot})`,
      );
    }
    const workerAfter = memoryOf(worker.pid!);
    console.log(`worker RSS after ${mb(workerAfter.rss)} MB, peak ${mb(workerAfter.peak)} MB`);
    return {
      idleRss: idle.rss,
      afterRss: after.rss,
      peakRss: peak,
      restarts,
      worker: { idleRss: workerIdle.rss, afterRss: workerAfter.rss, peakRss: workerAfter.peak },
      analyses: computed,
      pages: results,
    };
  } finally {
    await stop(web);
    await stop(worker);
  }
}

function failure(what: string, response: Awaited<ReturnType<typeof request>>): string | undefined {
  const after = `after ${fmt(response.ms)} ms`;
  if (response.timeout) return `${what} timeout (${TIMEOUT_MS / 1000} s)`;
  if (response.error) return `${what}: connection ${response.error} ${after}`;
  if (response.status !== 200) return `${what} HTTP ${response.status} ${after}`;
  return undefined;
}

/** The error that ended the web process: the last "...Error: message" line it wrote since `from`. */
function crashReason(logFile: string, from: number): string {
  const text = readFileSync(logFile, "utf8").slice(from);
  const lines = text.split("\n").filter((line) => /^\w*Error\b.*: /.test(line));
  return lines.at(-1)?.trim() ?? "no error in its log";
}

const pair = (samples: number[]) =>
  samples.length ? `${fmt(percentile(samples, 50))} / ${fmt(percentile(samples, 95))}` : "—";
const ms1 = (n: number) => (n < 10 ? n.toFixed(1) : fmt(n));

function pageRow(r: PageResult) {
  const eventLoop = r.eventLoopMaxMs === null ? "—" : `${ms1(r.eventLoopP99Ms!)} / ${ms1(r.eventLoopMaxMs)}`;
  return `| ${r.title}${r.problem ? ` (${r.problem})` : ""} | ${r.runs} | ${pair(r.document)} | ${pair(r.data)} | ${fmt(r.dataBytes / 1024)} | ${r.cpuMsPerLoad === null ? "—" : fmt(r.cpuMsPerLoad)} | ${eventLoop} | ${fmt(r.healthzWorstMs)} | ${r.load1.toFixed(1)} |`;
}

// ---- tools ------------------------------------------------------------------------------------------

interface ToolResultRow {
  label: string;
  load1?: number;
  runs: number;
  samples: number[];
  cpuMs?: number;
  eventLoopP99Ms?: number;
  eventLoopMaxMs?: number;
  rssAfter?: number;
  peakRss?: number | null;
  problem?: string;
}

interface ToolsChild {
  child: ChildProcess;
  items: ToolPlanItem[];
  rss: number;
}

async function startToolsChild(store: Store, emulatorUrl: string): Promise<ToolsChild> {
  const out = await streamOpen(log("tools"));
  const child = fork(path.join(root, "bench/big-store-tools.ts"), [], {
    cwd: root,
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      BENCH_DATABASE_URL: store.databaseUrl,
      BENCH_SHOP,
      BENCH_EMULATOR_URL: emulatorUrl,
      BENCH_EMULATOR_TOKEN: EMULATOR_TOKEN,
      ...(values.answers ? { BENCH_TOOL_ANSWERS: path.resolve(values.answers) } : {}),
    },
    stdio: ["ignore", out, out, "ipc"],
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the tools process did not start within 120 s")), 120_000);
    child.once("message", (message: ToolsChildMessage) => {
      clearTimeout(timer);
      if (message.type === "plan") resolve({ child, items: message.items, rss: message.rss });
      else reject(new Error(`the tools process failed: ${message.type === "error" ? message.message : message.type}`));
    });
    child.once("exit", (code) => reject(new Error(`the tools process exited (${code}) before its plan`)));
  });
}

/** One item in the tools process: its result, or a timeout / crash (the process is then gone or must go). */
function runToolItem(tools: ToolsChild, index: number) {
  return new Promise<{ result: ToolItemResult } | { problem: string; samples: number[] }>((resolve) => {
    const samples: number[] = [];
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => finish({ problem: `timeout (a call took over ${TIMEOUT_MS / 1000} s)`, samples }),
        TIMEOUT_MS,
      );
    };
    const onMessage = (message: ToolsChildMessage) => {
      if (message.type === "tick" && message.index === index) {
        samples.push(message.ms);
        arm();
      } else if (message.type === "done" && message.index === index) finish({ result: message.result });
      else if (message.type === "error") finish({ problem: `error: ${message.message.split("\n")[0]}`, samples });
    };
    const onExit = (code: number | null) => finish({ problem: `the tools process exited (${code})`, samples });
    const finish = (outcome: { result: ToolItemResult } | { problem: string; samples: number[] }) => {
      clearTimeout(timer);
      tools.child.off("message", onMessage);
      tools.child.off("exit", onExit);
      resolve(outcome);
    };
    tools.child.on("message", onMessage);
    tools.child.once("exit", onExit);
    arm();
    tools.child.send({ type: "run", index, runs: RUNS, budgetMs: BUDGET_MS } satisfies ToolsParentMessage);
  });
}

async function benchTools(store: Store, emulatorUrl: string) {
  let tools = await startToolsChild(store, emulatorUrl);
  const idleRss = tools.rss;
  console.log(
    `tools process up (pid ${tools.child.pid}), RSS after loading the registry ${mb(idleRss)} MB; ${tools.items.length} items x ${RUNS} runs`,
  );
  const rows: ToolResultRow[] = [];
  let restarts = 0;
  /** The highest VmHWM of the tools processes. */
  let peak = 0;
  for (const [index, item] of tools.items.entries()) {
    if (values.tools && !values.tools.split(",").includes(item.tool)) continue;
    if (item.skip) {
      rows.push({ label: item.label, runs: 0, samples: [], problem: `skipped: ${item.skip}` });
      console.log(`  | ${item.label} | skipped: ${item.skip} |`);
      continue;
    }
    const outcome = await runToolItem(tools, index);
    let row: ToolResultRow;
    if ("result" in outcome) {
      const r = outcome.result;
      row = {
        label: r.label,
        runs: r.samples.length,
        samples: r.samples,
        cpuMs: r.cpuMs,
        eventLoopP99Ms: r.eventLoopP99Ms,
        eventLoopMaxMs: r.eventLoopMaxMs,
        rssAfter: r.rssAfter,
        peakRss: r.peakRss,
        problem: r.failure ? `answered ${r.failure}` : undefined,
      };
    } else {
      row = { label: item.label, runs: outcome.samples.length, samples: outcome.samples, problem: outcome.problem };
      // A tool that threw is over; one that timed out goes on running, and a dead process is gone.
      if (!outcome.problem.startsWith("error:")) {
        if (tools.child.exitCode === null) peak = Math.max(peak, memoryOf(tools.child.pid!).peak);
        tools.child.kill("SIGKILL");
        restarts++;
        tools = await startToolsChild(store, emulatorUrl);
      }
    }
    row.load1 = loadavg()[0];
    rows.push(row);
    console.log(`  ${toolRow(row)}`);
  }
  await sleep(2000);
  const after = memoryOf(tools.child.pid!);
  peak = Math.max(peak, after.peak);
  console.log(
    `tools process RSS after all tools ${mb(after.rss)} MB${restarts ? ` (of the last of ${restarts + 1} processes: a timeout restarts it)` : ""}, peak ${mb(peak)} MB`,
  );
  tools.child.send({ type: "exit" } satisfies ToolsParentMessage);
  await new Promise((resolve) => (tools.child.exitCode !== null ? resolve(null) : tools.child.once("exit", resolve)));
  return { idleRss, afterRss: after.rss, peakRss: peak, restarts, tools: rows };
}

function toolRow(r: ToolResultRow) {
  const measured = r.cpuMs !== undefined;
  return `| ${r.label}${r.problem ? ` (${r.problem})` : ""} | ${r.runs} | ${pair(r.samples)} | ${measured ? fmt(r.cpuMs!) : "—"} | ${measured ? `${ms1(r.eventLoopP99Ms!)} / ${ms1(r.eventLoopMaxMs!)}` : "—"} | ${r.peakRss ? mb(r.peakRss) : "—"} | ${r.rssAfter ? mb(r.rssAfter) : "—"} | ${r.load1?.toFixed(1) ?? "—"} |`;
}

// ---- main -------------------------------------------------------------------------------------------

async function main() {
  const load = { start: loadavg(), uptimeStart: uptime() };
  console.log(`${new Date().toISOString()}  ${load.uptimeStart}`);
  console.log(
    `machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}), ${mb(totalmem())} MB; logs in ${work}`,
  );
  const store = STORE === "local" ? await localStore() : await mirrorStore();
  let emulator: Emulator | undefined = store.emulator;
  try {
    emulator ??= await startEmulator(store.emulatorDb);
    const db = createDb(store.databaseUrl);
    const counts = await mirrorCounts(db, BENCH_SHOP);
    const newest = await db.mirrorOrder.findFirst({
      where: { shop: BENCH_SHOP },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    await db.$disconnect();
    const description = `${STORE === "local" ? "local dev store" : "mirror store"}: ${fmt(counts.orders)} orders, ${fmt(counts.lineItems)} line items, ${fmt(counts.products)} products, ${fmt(counts.variants)} variants, ${fmt(counts.customers)} customers; newest order ${newest?.createdAt.toISOString() ?? "none"}`;
    console.log(description);

    const pages = values.only === "tools" ? null : await benchPages(store, emulator!.url);
    const loadAfterPages = uptime();
    const tools = values.only === "pages" ? null : await benchTools(store, emulator!.url);
    const uptimeEnd = uptime();

    console.log(`\n## ${description}\n`);
    console.log(
      `${RUNS} runs per page and per tool (fewer when the ${BUDGET_MS / 1000} s budget ran out: n), timeout ${TIMEOUT_MS / 1000} s per call.`,
    );
    console.log(`Load: start \`${load.uptimeStart}\`; after pages \`${loadAfterPages}\`; end \`${uptimeEnd}\`.\n`);
    if (pages) {
      console.log(
        `Web process (NODE_ENV=production, local mode): RSS idle ${mb(pages.idleRss)} MB, after all pages ${mb(pages.afterRss)} MB${pages.restarts ? ` (of the process started after the last of ${pages.restarts} restarts)` : ""}, peak ${mb(pages.peakRss)} MB.\n`,
      );
      console.log(
        "| Page | n | document p50 / p95 ms | data p50 / p95 ms | data KB | web CPU ms per load (document + data) | event-loop delay p99 / max ms | /healthz worst ms | load |",
      );
      console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      for (const r of pages.pages) console.log(pageRow(r));
      console.log();
    }
    if (tools) {
      console.log(
        `Tools process: RSS ${mb(tools.idleRss)} MB after loading the registry, ${mb(tools.afterRss)} MB after all tools${tools.restarts ? ` (of the last of ${tools.restarts + 1} processes)` : ""}, peak ${mb(tools.peakRss)} MB.\n`,
      );
      console.log(
        "| Tool | n | p50 / p95 ms | CPU ms per call | event-loop delay p99 / max ms | peak RSS MB | RSS after MB | load |",
      );
      console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
      for (const r of tools.tools) console.log(toolRow(r));
    }
    if (values.json) {
      writeFileSync(
        values.json,
        JSON.stringify(
          {
            date: new Date().toISOString(),
            machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, memoryBytes: totalmem() },
            load: {
              start: load.start,
              uptimeStart: load.uptimeStart,
              afterPages: loadAfterPages,
              end: uptimeEnd,
              endAvg: loadavg(),
            },
            store: { kind: STORE, options: store.options, counts, newestOrder: newest?.createdAt ?? null },
            settings: { runs: RUNS, timeoutMs: TIMEOUT_MS, budgetMs: BUDGET_MS },
            web: pages,
            tools,
          },
          null,
          2,
        ) + "\n",
      );
      console.log(`\nJSON written to ${values.json}`);
    }
  } finally {
    if (emulator) await stop(emulator.child);
    await store.drop();
  }
}

/** Stops what this run started; keeps the logs (only) when it failed. */
async function cleanUp(code: number) {
  await Promise.allSettled(started.map(stop));
  if (code === 0 && values["heap-snapshot"]) {
    for (const file of readdirSync(work))
      if (!/\.(log|heapsnapshot)$/.test(file)) rmSync(path.join(work, file), { force: true });
    console.log(`logs and heap snapshot kept in ${work}`);
  } else if (code === 0) rmSync(work, { recursive: true, force: true });
  else {
    for (const file of readdirSync(work)) if (!file.endsWith(".log")) rmSync(path.join(work, file), { force: true });
    console.error(`logs kept in ${work}`);
  }
  process.exit(code);
}
let interrupted = false;
process.on("SIGINT", () => {
  if (interrupted) return;
  interrupted = true;
  void cleanUp(130);
});
main().then(
  () => cleanUp(0),
  (error: unknown) => {
    console.error(error);
    return cleanUp(1);
  },
);
