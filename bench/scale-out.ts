// Scale-out proved on one machine (issue #24 part 3): the PRODUCTION build (`npm run build`, plain
// node) as 2 web processes behind HAProxy, 3 worker processes, PostgreSQL and a private Redis,
// against emulated shops, under mixed traffic, while one web process and one worker are SIGKILLed
// (and restarted, as a supervisor would) and Redis is restarted.
//
//   npm run build && DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx prisma generate
//   npx tsx bench/scale-out.ts [--shops 50] [--seconds 120] [--products 12] [--orders 60] [--concurrency 4]
//   DATABASE_URL=file:./.data/app.db npx prisma generate     # back to SQLite afterwards
//
// Needs haproxy (`apt-get install haproxy`), redis-server and PostgreSQL (TEST_POSTGRES_URL, default
// postgresql://postgres@127.0.0.1:5432/test: a fresh database is created from the migrations and
// dropped at the end). Everything else is private: its own Redis port, HAProxy port, app ports.
//
// What is real: the app's processes exactly as production runs them (`node build/node/index.js`,
// `node build/node/worker.js`, NODE_ENV=production, not local mode, tokens encrypted, webhooks
// HMAC-checked, session tokens verified). What stands in for Shopify: one emulator per shop in a
// child process (bench/scale-out/emulators.ts) behind a router, which the app's processes reach as
// https://<shop>.myshopify.com through a preload that rewrites fetch's origin
// (bench/scale-out/shopify-dns.mjs). The run:
//   1. installs the shops (offline sessions, Shop rows, MCP write tokens), syncs every store;
//   2. jobs/s with 1, 2 and 3 workers: the same batch of inventory-forecasting runs each time;
//   3. for --seconds: page loads (session tokens), the emulators' signed webhooks (new orders), MCP
//      tool calls, scheduled runs, and stock corrections proposed over MCP then approved twice at
//      once through the load balancer; meanwhile SIGKILL web 1, SIGKILL worker 1, restart Redis;
//   4. drains, then counts: requests failed after the client's retries, webhooks never delivered,
//      runs lost (still queued or running), stock changes applied twice (Admin mutations the
//      emulators received per applied change, and the stock each shop ends with).
import { spawn, fork, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { pino } from "pino";
import { createAgents } from "../agents/agents";
import { createDb } from "../agents/db/client";
import { createTokenCipher, parseKey } from "../agents/infra/token-crypto";
import { createAgentRegistry } from "../agents/runtime/agents";
import { createRuntime } from "../agents/runtime/queues";
import { createToken } from "../mcp/auth";
import { createTestDatabase, repoRoot } from "../tests/support/database";
import { freePort } from "../tests/support/redis";
import type { EmulatorHostConfig, Probe, ShopStats } from "./scale-out/emulators";

const { values } = parseArgs({
  options: {
    shops: { type: "string", default: "50" },
    seconds: { type: "string", default: "120" },
    products: { type: "string", default: "12" },
    orders: { type: "string", default: "60" },
    concurrency: { type: "string", default: "4" },
    "jobs-per-shop": { type: "string", default: "2" },
    proposals: { type: "string", default: "20" },
    "keep-logs": { type: "boolean", default: false },
    "log-level": { type: "string", default: "warn" },
  },
});
const SHOPS = Number(values.shops);
const SECONDS = Number(values.seconds);
const here = path.dirname(fileURLToPath(import.meta.url));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const t0 = Date.now();
const say = (line: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);

// --- preconditions -------------------------------------------------------------------------------
for (const file of ["build/node/index.js", "build/node/worker.js"])
  if (!existsSync(path.join(repoRoot, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
const generated = readFileSync(path.join(repoRoot, "node_modules/.prisma/client/schema.prisma"), "utf8");
if (!/provider\s*=\s*"postgresql"/.test(generated))
  throw new Error(
    "The Prisma client is generated for SQLite: `DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx prisma generate` first (and back to SQLite after)",
  );
const haproxyBin = ["/usr/sbin/haproxy", "/usr/bin/haproxy"].find(existsSync);
if (!haproxyBin) throw new Error("haproxy is not installed: apt-get install -y haproxy");

// --- the shops, the app's secrets ---------------------------------------------------------------
const shops = Array.from({ length: SHOPS }, (_, i) => `scale-${i + 1}.myshopify.com`);
const TOKEN_PREFIX = "shpat_scaleout_";
const API_KEY = "scaleout-api-key";
const API_SECRET = randomBytes(24).toString("hex");
const ENCRYPTION_KEY = randomBytes(32).toString("hex");
const SCOPES =
  "read_customers,read_inventory,write_inventory,read_orders,write_orders,read_products,write_products,read_discounts,write_discounts";
const WEBHOOK_TOPICS = ["orders/create", "inventory_levels/update", "customers/create"];

const work = mkdtempSync(path.join(tmpdir(), "scale-out-"));
const children = new Set<ChildProcess>();
const track = (child: ChildProcess) => {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
};
const logTo = (name: string) => openSync(path.join(work, `${name}.log`), "a");

say(`load average before: ${load()}; logs in ${work}`);
const database = await createTestDatabase("postgresql");
let dropped = false;
process.on("SIGINT", () => process.exit(130));
process.on("SIGTERM", () => process.exit(143));
// However the run ends (an error included, or Ctrl-C): no process of it left behind, its database dropped.
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  if (!dropped) {
    const name = database.url.split("/").pop()!;
    const admin = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
    execFileSync("psql", [admin, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: "ignore" });
  }
});
const db = createDb(database.url, { tokenCipher: createTokenCipher(parseKey(ENCRYPTION_KEY)!) });

// --- Redis: private, with an append-only file, so a restart keeps what it had (as production's) --
const redisPort = await freePort();
const redisUrl = `redis://127.0.0.1:${redisPort}`;
let redis: ChildProcess | null = null;
async function startRedis() {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(redisPort),
      "--bind",
      "127.0.0.1",
      "--dir",
      work,
      "--appendonly",
      "yes",
      "--save",
      "",
      "--maxmemory-policy",
      "noeviction",
    ],
    { stdio: ["ignore", logTo("redis"), logTo("redis")] },
  );
  redis = track(child);
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync("redis-cli", ["-p", String(redisPort), "ping"], { stdio: "pipe" });
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error("redis-server did not answer");
}
async function stopProcess(child: ChildProcess | null, signal: NodeJS.Signals) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}
await startRedis();

// --- the emulators ------------------------------------------------------------------------------
const lbPort = await freePort();
const lbUrl = `http://127.0.0.1:${lbPort}`;
const emulatorConfig: EmulatorHostConfig = {
  shops,
  tokenPrefix: TOKEN_PREFIX,
  clientSecret: API_SECRET,
  webhookBase: lbUrl,
  webhookTopics: WEBHOOK_TOPICS,
  products: Number(values.products),
  orders: Number(values.orders),
  // Shopify retries for 48 hours; a few short retries are enough to ride out the kills here.
  retrySchedule: [1_000, 3_000, 10_000, 20_000, 40_000],
};
const emulatorHost = track(
  fork(path.join(here, "scale-out/emulators.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, SCALEOUT_EMULATORS: JSON.stringify(emulatorConfig) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  }),
);
const emulatorRequests = new Map<string, (value: unknown) => void>();
emulatorHost.on("message", (message: { type: string }) => {
  emulatorRequests.get(message.type)?.(message);
  emulatorRequests.delete(message.type);
});
const ask = <T>(request: object, answer: string) =>
  new Promise<T>((resolve) => {
    emulatorRequests.set(answer, resolve as (value: unknown) => void);
    emulatorHost.send(request);
  });
const { router, probes } = await new Promise<{ router: string; probes: Probe[] }>((resolve) =>
  emulatorRequests.set("ready", resolve as (value: unknown) => void),
);
say(`${SHOPS} emulated shops (${values.products} products, ${values.orders} orders each) behind ${router}`);

// --- install the shops: offline sessions (tokens encrypted), Shop rows, MCP write tokens -----------
const cipher = createTokenCipher(parseKey(ENCRYPTION_KEY)!);
const mcpTokens = new Map<string, string>();
for (const [i, shop] of shops.entries()) {
  await db.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: SCOPES,
      accessToken: cipher.encrypt(TOKEN_PREFIX + i),
    },
  });
  await db.shop.create({ data: { domain: shop, scopes: SCOPES } });
  const created = await createToken(
    db,
    shop,
    { kind: "merchant", id: "scale-out" },
    {
      name: "scale-out",
      scope: "write",
    },
  );
  if (!created.ok) throw new Error(`MCP token for ${shop}: ${created.message}`);
  mcpTokens.set(shop, created.data.token);
}

// --- the app's processes ------------------------------------------------------------------------
const dns = path.join(here, "scale-out/shopify-dns.mjs");
const appEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production" as const,
  LOCAL_MODE: "false",
  HOST: "127.0.0.1",
  DATABASE_URL: database.url,
  REDIS_URL: redisUrl,
  SHOPIFY_API_KEY: API_KEY,
  SHOPIFY_API_SECRET: API_SECRET,
  SHOPIFY_APP_URL: "https://scale-out.example.com",
  SCOPES,
  APP_SECRET: randomBytes(24).toString("hex"),
  TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY,
  TRUST_PROXY: "1",
  LOG_LEVEL: values["log-level"],
  LOG_FORMAT: "json",
  WEB_CONCURRENCY: "1",
  WORKER_CONCURRENCY: values.concurrency,
  WORKER_SHUTDOWN_GRACE_SECONDS: "5",
  SCALEOUT_SHOPIFY_ROUTER: router,
  OTEL_EXPORTER_OTLP_ENDPOINT: "",
};
async function waitHttp(url: string, what: string, seconds = 120) {
  for (let i = 0; i < seconds * 5; i++) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${what} did not answer ${url} within ${seconds} s (logs in ${work})`);
}
const webPorts = [await freePort(), await freePort()];
const web: (ChildProcess | null)[] = [null, null];
async function startWeb(i: number) {
  web[i] = track(
    spawn(process.execPath, ["--enable-source-maps", "--import", dns, "build/node/index.js"], {
      cwd: repoRoot,
      env: { ...appEnv, PORT: String(webPorts[i]) },
      stdio: ["ignore", logTo(`web${i + 1}`), logTo(`web${i + 1}`)],
    }),
  );
  await waitHttp(`http://127.0.0.1:${webPorts[i]}/healthz`, `web ${i + 1}`);
}
const workerPorts: number[] = [];
const workers: (ChildProcess | null)[] = [];
async function startWorker(i: number) {
  workerPorts[i] ??= await freePort();
  workers[i] = track(
    spawn(process.execPath, ["--enable-source-maps", "--import", dns, "build/node/worker.js"], {
      cwd: repoRoot,
      env: { ...appEnv, WORKER_PORT: String(workerPorts[i]) },
      stdio: ["ignore", logTo(`worker${i + 1}`), logTo(`worker${i + 1}`)],
    }),
  );
  await waitHttp(`http://127.0.0.1:${workerPorts[i]}/readyz`, `worker ${i + 1}`);
}

writeFileSync(
  path.join(work, "haproxy.cfg"),
  [
    "global",
    "  maxconn 4000",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 120s",
    "  timeout server 120s",
    // A request whose connection was refused never reached the app: safe to send to the other
    // process. Anything that may have reached it is the client's to retry (idempotent by design).
    "  retries 3",
    "  option redispatch 1",
    "  retry-on conn-failure",
    "  option forwardfor",
    "frontend app",
    `  bind 127.0.0.1:${lbPort}`,
    "  default_backend web",
    "backend web",
    "  balance roundrobin",
    // A busy process can take a few seconds to answer on a loaded machine: slow is not down.
    "  option httpchk GET /healthz",
    "  timeout check 5s",
    ...webPorts.map((port, i) => `  server web${i + 1} 127.0.0.1:${port} check inter 2s fall 3 rise 2`),
    "",
  ].join("\n"),
);
const haproxy = track(
  spawn(haproxyBin, ["-f", path.join(work, "haproxy.cfg"), "-db"], {
    stdio: ["ignore", logTo("haproxy"), logTo("haproxy")],
  }),
);
await Promise.all([startWeb(0), startWeb(1)]);
await waitHttp(`${lbUrl}/healthz`, "HAProxy");
say(
  `2 web processes (${webPorts.join(", ")}) behind HAProxy on ${lbPort}; PostgreSQL ${database.url.split("/").pop()}`,
);

// --- the bench's own runtime: enqueues runs as the schedules do ---------------------------------
const silent = pino({ level: "silent" });
const agents = createAgentRegistry(
  createAgents({
    adminFor: async () => {
      throw new Error("the bench only enqueues");
    },
  }),
);
const runtime = createRuntime({ redisUrl, db, logger: silent, agents });
const terminal = ["succeeded", "failed", "cancelled"];
async function waitRuns(ids: string[], seconds: number) {
  const deadline = Date.now() + seconds * 1_000;
  for (;;) {
    const open = await db.agentRun.count({ where: { id: { in: ids }, status: { notIn: terminal } } });
    if (open === 0 || Date.now() > deadline) return open;
    await sleep(250);
  }
}

// 1. Every store synced once (3 workers), so pages, tools and forecasts have data.
await Promise.all([0, 1, 2].map(startWorker));
const syncs = await runtime.enqueueMany(shops.map((shop) => ({ shop, agent: "store-sync", trigger: "install" })));
const syncStarted = Date.now();
const unsynced = await waitRuns(
  syncs.map((s) => s.runId),
  600,
);
const syncFailed = await db.agentRun.count({
  where: { id: { in: syncs.map((s) => s.runId) }, status: { not: "succeeded" } },
});
say(
  `initial store syncs: ${SHOPS} in ${((Date.now() - syncStarted) / 1000).toFixed(1)} s, not succeeded ${syncFailed} (unfinished ${unsynced})`,
);

// 2. Jobs/s with 1, 2 and 3 workers: the same batch each time.
const throughput: { workers: number; jobs: number; seconds: number; failed: number }[] = [];
await Promise.all([1, 2].map((i) => stopProcess(workers[i], "SIGTERM")));
for (const count of [1, 2, 3]) {
  if (count > 1) await startWorker(count - 1);
  const batch = await runtime.enqueueMany(
    Array.from({ length: SHOPS * Number(values["jobs-per-shop"]) }, (_, i) => ({
      shop: shops[i % SHOPS],
      agent: "inventory-forecasting",
      trigger: "schedule",
    })),
  );
  const started = Date.now();
  await waitRuns(
    batch.map((b) => b.runId),
    600,
  );
  const seconds = (Date.now() - started) / 1000;
  const failed = await db.agentRun.count({
    where: { id: { in: batch.map((b) => b.runId) }, status: { not: "succeeded" } },
  });
  throughput.push({ workers: count, jobs: batch.length, seconds, failed });
  say(
    `${count} worker(s): ${batch.length} forecasting runs in ${seconds.toFixed(1)} s, not succeeded ${failed}; load ${load()}`,
  );
}

// --- 3. mixed traffic with faults ---------------------------------------------------------------
interface Tally {
  sent: number;
  retried: number;
  failed: number;
  statuses: Record<string, number>;
  /** Milliseconds from the first attempt to the answer (retries included), of the answered ones. */
  latencies: number[];
  firstFailure?: string;
}
const tallies: Record<string, Tally> = {};
const tally = (kind: string) => (tallies[kind] ??= { sent: 0, retried: 0, failed: 0, statuses: {}, latencies: [] });

/**
 * The client's retry: a connection error or a 502 / 503 / 504 (the balancer found no process, or
 * the app said "try again") is sent again, up to 6 times over ~20 s. Every request the bench sends
 * is safe to repeat: reads, webhooks (idempotent by webhook id), approvals (guarded claims).
 */
async function send(kind: string, makeRequest: () => Promise<Request>, ok: (response: Response) => boolean) {
  const t = tally(kind);
  t.sent++;
  const started = Date.now();
  let last = "";
  for (let attempt = 0; attempt < 7; attempt++) {
    if (attempt > 0) {
      t.retried++;
      await sleep(Math.min(8_000, 250 * 2 ** attempt));
    }
    try {
      const response = await fetch(await makeRequest(), { signal: AbortSignal.timeout(60_000) });
      const body = await response.text();
      t.statuses[response.status] = (t.statuses[response.status] ?? 0) + 1;
      if (ok(response)) {
        t.latencies.push(Date.now() - started);
        return { response, body };
      }
      last = `${response.status} ${body.slice(0, 200)}`;
      if (![502, 503, 504].includes(response.status)) break;
    } catch (error) {
      last = (error as Error).message;
      t.statuses.error = (t.statuses.error ?? 0) + 1;
    }
  }
  t.failed++;
  t.firstFailure ??= last;
  return null;
}

// A browser's user agent: the Shopify library answers 410 to requests that look like bots.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const bearer = async (shop: string, url: string, init: RequestInit = {}) =>
  setUpValidRequest(
    { type: RequestType.Bearer, store: shop.replace(".myshopify.com", ""), apiKey: API_KEY, apiSecretKey: API_SECRET },
    new Request(url, { ...init, headers: { "User-Agent": BROWSER } }),
  );
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
const PAGES = ["/app", "/app/inventory", "/app/revenue", "/app/agents", "/app/aira"];

async function loadPage() {
  const shop = pick(shops);
  await send(
    "page load",
    () => bearer(shop, `${lbUrl}${pick(PAGES)}`),
    (r) => r.status === 200,
  );
}
let rpcId = 0;
const mcp = (shop: string, name: string, args: object) =>
  send(
    `MCP ${name.startsWith("propose") ? "proposal" : "call"}`,
    async () =>
      new Request(`${lbUrl}/mcp`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${mcpTokens.get(shop)}`,
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method: "tools/call", params: { name, arguments: args } }),
      }),
    (r) => r.status === 200,
  );
async function mcpCall() {
  await mcp(pick(shops), pick(["get_shop_overview", "search_products", "list_pending_actions"]), {});
}

/** A stock correction proposed over MCP, then approved twice at once (double-click, two tabs). */
const proposals: { shop: string; actionId: string; adjustBy: number }[] = [];
async function proposeAndApprove(shop: string, adjustBy: number) {
  const probe = probes.find((p) => p.shop === shop)!;
  const proposed = await mcp(shop, "propose_inventory_adjustment", {
    sku: probe.sku,
    adjustBy,
    // The mirror keys locations by their numeric id.
    locationId: String(probe.locationId),
    reason: "received",
  });
  if (!proposed) return;
  const result = (
    JSON.parse(proposed.body) as { result?: { structuredContent?: { actionId?: string }; isError?: boolean } }
  ).result;
  const actionId = result?.structuredContent?.actionId;
  if (!actionId) {
    tally("MCP proposal").failed++;
    tally("MCP proposal").firstFailure ??= proposed.body.slice(0, 300);
    return;
  }
  proposals.push({ shop, actionId, adjustBy });
  const approve = () =>
    send(
      "approval (twice at once)",
      () =>
        bearer(shop, `${lbUrl}/app/aira.data`, {
          method: "POST",
          body: new URLSearchParams({ intent: "approve", actionId }),
        }),
      // The one that claims it answers its result; the other "not pending": both are answers.
      (r) => r.status === 200,
    );
  await Promise.all([approve(), approve()]);
}

const before = new Map((await ask<{ stats: ShopStats[] }>({ type: "stats" }, "stats")).stats.map((s) => [s.shop, s]));

const events: string[] = [];
const scheduled: string[] = [];
let stopping = false;
const loop = async (everyMs: number, step: () => Promise<unknown>) => {
  while (!stopping) {
    const started = Date.now();
    await step();
    await sleep(Math.max(0, everyMs - (Date.now() - started)));
  }
};
const phaseStart = Date.now();
const at = (fraction: number) => sleep(Math.max(0, phaseStart + fraction * SECONDS * 1_000 - Date.now()));
const event = (line: string) => {
  events.push(`${((Date.now() - phaseStart) / 1000).toFixed(1)} s: ${line}`);
  say(line);
};
say(`mixed traffic for ${SECONDS} s; load ${load()}`);
let seed = 1;
const traffic = Promise.all([
  loop(400, loadPage),
  loop(400, loadPage),
  loop(500, mcpCall),
  // Webhooks: new orders in a random shop; its emulator signs and sends orders/create and
  // inventory_levels/update to the load balancer, retrying failed deliveries.
  loop(1_000, () => ask({ type: "simulate", shop: pick(shops), orders: 1, seed: seed++ }, "simulated")),
  // Scheduled runs, as the shops' schedules would start them: one live run per shop and agent (a
  // schedule does not overlap itself; the business key dedupes a run still queued or running).
  loop(2_000, async () => {
    for (let i = 0; i < 5; i++) {
      const shop = pick(shops);
      const agent = pick(["inventory-forecasting", "store-sync", "finance-monitor", "order-fulfillment"]);
      tally("scheduled run").sent++;
      const run = await runtime
        .enqueue({ shop, agent, trigger: "schedule", businessKey: `bench-schedule-${agent}` })
        .catch((error: Error) => {
          // Redis down: the schedule fires again later; counted, not retried.
          tally("scheduled run").failed++;
          tally("scheduled run").firstFailure ??= error.message;
          return null;
        });
      if (run?.deduplicated)
        tally("scheduled run").statuses.deduplicated = (tally("scheduled run").statuses.deduplicated ?? 0) + 1;
      else if (run) scheduled.push(run.runId);
    }
  }),
  // Stock corrections: spread over the run so some land during the kills.
  (async () => {
    const count = Number(values.proposals);
    for (let i = 0; i < count && !stopping; i++) {
      await at((0.9 * i) / count);
      void proposeAndApprove(shops[i % SHOPS], 1 + (i % 5));
    }
  })(),
  (async () => {
    await at(0.25);
    const victim = web[0]!;
    await stopProcess(victim, "SIGKILL");
    event(`SIGKILL web 1 (pid ${victim.pid})`);
    await sleep(3_000);
    await startWeb(0);
    event("web 1 restarted and answering");
    await at(0.45);
    const worker = workers[0]!;
    await stopProcess(worker, "SIGKILL");
    event(`SIGKILL worker 1 (pid ${worker.pid})`);
    await sleep(3_000);
    await startWorker(0);
    event("worker 1 restarted and ready");
    await at(0.65);
    await stopProcess(redis, "SIGTERM");
    event("Redis stopped (SIGTERM: its append-only file is complete)");
    await sleep(2_000);
    await startRedis();
    event("Redis started again from its append-only file");
  })(),
  (async () => {
    await at(1);
    stopping = true;
  })(),
]);
await traffic;
say(`traffic stopped; draining. load ${load()}`);

// --- 4. drain and count -------------------------------------------------------------------------
await Promise.race([ask({ type: "idle" }, "idle"), sleep(120_000)]);
// Runs Redis or a killed worker lost are queued again by the workers (orphan pass: 60 s queued,
// 120 s running); stalled jobs come back after their 30 s lock.
const allRuns = async () => db.agentRun.findMany({ select: { id: true, status: true, agent: true, error: true } });
let live = Infinity;
const drainDeadline = Date.now() + 300_000;
while (Date.now() < drainDeadline) {
  live = (await allRuns()).filter((r) => !terminal.includes(r.status)).length;
  const unsettled = await db.action.count({ where: { status: { in: ["approved", "reverting"] } } });
  if (live === 0 && unsettled === 0) break;
  await sleep(2_000);
}
const runs = await allRuns();
const after = (await ask<{ stats: ShopStats[] }>({ type: "stats" }, "stats")).stats;
const actions = await db.action.findMany({
  where: { id: { in: proposals.map((p) => p.actionId) } },
  select: { id: true, shop: true, status: true, error: true },
});

// Stock changes: each applied correction is ONE inventoryAdjustQuantities the store received, and
// the stock moved by exactly the applied corrections (plus what new orders took).
let appliedTwice = 0;
let stockMismatch = 0;
for (const shop of shops) {
  const mine = actions.filter((a) => a.shop === shop);
  const applied = mine.filter((a) => a.status === "applied");
  const received = after.find((s) => s.shop === shop)!.mutations.inventoryAdjustQuantities ?? 0;
  if (received > applied.length) appliedTwice += received - applied.length;
  const moved = (after.find((s) => s.shop === shop)!.level ?? 0) - (before.get(shop)!.level ?? 0);
  const expected = proposals
    .filter((p) => p.shop === shop && applied.some((a) => a.id === p.actionId))
    .reduce((sum, p) => sum + p.adjustBy, 0);
  // New orders may take units of this variant too: more than the corrections added is a double.
  if (moved > expected) stockMismatch++;
}
const webhookTotals = after.reduce(
  (sum, s) => ({
    sent: sum.sent + s.webhooks.sent,
    delivered: sum.delivered + s.webhooks.delivered,
    failedAttempts: sum.failedAttempts + s.webhooks.failedAttempts,
  }),
  { sent: 0, delivered: 0, failedAttempts: 0 },
);
const webhookFailures: Record<string, number> = {};
for (const s of after)
  for (const [answer, n] of Object.entries(s.failures)) webhookFailures[answer] = (webhookFailures[answer] ?? 0) + n;
const mirrorOrders = await db.mirrorOrder.groupBy({ by: ["shop"], _count: { _all: true } });
const ordersMissing = after.reduce(
  (sum, s) => sum + Math.max(0, s.orders - (mirrorOrders.find((m) => m.shop === s.shop)?._count._all ?? 0)),
  0,
);
const byStatus = (status: string) => runs.filter((r) => r.status === status).length;

console.log(`\nScale-out run: ${SHOPS} shops, 2 web (HAProxy), 3 workers x ${values.concurrency}, PostgreSQL, Redis`);
console.log(`Faults during the ${SECONDS} s of traffic:`);
for (const line of events) console.log(`  ${line}`);
const quantile = (xs: number[], q: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] : NaN;
console.log("\n| Traffic | Sent | Retried (attempts) | Failed after retries | Time to answer p50 / p95 | Answers |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const [kind, t] of Object.entries(tallies))
  console.log(
    `| ${kind} | ${t.sent} | ${t.retried} | ${t.failed} | ${(quantile(t.latencies, 0.5) / 1000).toFixed(1)} s / ${(quantile(t.latencies, 0.95) / 1000).toFixed(1)} s | ${Object.entries(
      t.statuses,
    )
      .map(([s, n]) => `${s}: ${n}`)
      .join(", ")}${t.firstFailure ? `; first failure: ${t.firstFailure.slice(0, 160)}` : ""} |`,
  );
console.log(
  `| webhooks (emulators, signed) | ${webhookTotals.sent} | ${webhookTotals.failedAttempts} failed attempts | ${webhookTotals.sent - webhookTotals.delivered} never delivered | failed attempts' answers: ${JSON.stringify(webhookFailures)}; orders missing from the mirror: ${ordersMissing} |`,
);
console.log(
  `\nRuns: ${runs.length} (succeeded ${byStatus("succeeded")}, failed ${byStatus("failed")}, cancelled ${byStatus("cancelled")}); ` +
    `lost (still queued or running after the drain): ${live}`,
);
const failedRuns = runs.filter((r) => r.status === "failed");
if (failedRuns.length)
  console.log(
    `  failed runs by agent: ${JSON.stringify(Object.fromEntries([...new Set(failedRuns.map((r) => r.agent))].map((a) => [a, failedRuns.filter((r) => r.agent === a).length])))}; first: ${failedRuns[0].error}`,
  );
const actionStatus = (s: string) => actions.filter((a) => a.status === s).length;
console.log(
  `Stock corrections: ${proposals.length} proposed, each approved twice at once: applied ${actionStatus("applied")}, ` +
    `other ${actions.length - actionStatus("applied")} (${JSON.stringify(Object.fromEntries(actions.filter((a) => a.status !== "applied").map((a) => [a.id.slice(0, 8), `${a.status}: ${a.error ?? ""}`])))}); ` +
    `inventoryAdjustQuantities received beyond one per applied change: ${appliedTwice}; shops whose stock moved more than the applied changes: ${stockMismatch}`,
);
console.log("\n| Workers | Forecasting runs | Time | Jobs/s | Not succeeded |");
console.log("| --- | --- | --- | --- | --- |");
for (const t of throughput)
  console.log(
    `| ${t.workers} | ${t.jobs} | ${t.seconds.toFixed(1)} s | ${(t.jobs / t.seconds).toFixed(1)} | ${t.failed} |`,
  );
console.log(`\nload average after: ${load()} (${((Date.now() - t0) / 1000).toFixed(0)} s in all)`);

// --- teardown -----------------------------------------------------------------------------------
stopping = true;
await runtime.close();
for (const child of [...web, ...workers]) await stopProcess(child, "SIGTERM").catch(() => {});
await stopProcess(haproxy, "SIGTERM");
emulatorHost.send({ type: "close" });
await new Promise((resolve) => emulatorHost.once("exit", resolve));
await stopProcess(redis, "SIGTERM");
await db.$disconnect();
await database.drop();
dropped = true;
if (!values["keep-logs"]) execFileSync("rm", ["-rf", work]);
