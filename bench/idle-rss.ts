// Idle memory of the local group `npm start` runs (issue #19): starts scripts/run.ts as `npm start`
// does after its build (NODE_ENV=production, local mode: the emulator, the built web app and the
// built worker) on a fresh small store in a temporary directory, waits until everything is up and
// quiet, then prints each process's RSS (and PSS: shared pages split between the processes) and the
// group's total. Needs `npm run build` first; uses its own ports, store files and Redis database.
// Usage: npm run bench bench/idle-rss.ts [-- --settle 30 --orders 2000 --breakdown]
//   --breakdown: each node process also reports V8's heap (used / total, per space), external memory
//   and array buffers at the same moment (bench/idle-rss-probe.mjs, loaded through NODE_OPTIONS).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(import.meta.dirname, "..");
const { values: options } = parseArgs({
  options: {
    settle: { type: "string", default: "30" },
    orders: { type: "string", default: "2000" },
    products: { type: "string", default: "300" },
    redis: { type: "string", default: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/12" },
    breakdown: { type: "boolean", default: false },
  },
});
const settleSeconds = Number(options.settle);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => (kb / 1024).toFixed(0);

/** VmRSS from /proc/<pid>/status and Pss from smaps_rollup, in kB. */
function memoryOf(pid: number) {
  const field = (text: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  return { rss: field(status, "VmRSS"), pss: field(rollup, "Pss"), threads: field(status, "Threads") };
}

/** Every process under `pid` (itself included), from /proc's parent links. */
function tree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all: number[] = [];
  const walk = (p: number) => {
    all.push(p);
    for (const child of parents.get(p) ?? []) walk(child);
  };
  walk(pid);
  return all;
}

function label(pid: number): string {
  const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  const script = argv.find((a) => /\.(ts|js)$/.test(a) && !a.includes("node_modules")) ?? argv.join(" ");
  const known: Record<string, string> = {
    "build/node/index.js": "web",
    "build/node/worker.js": "worker",
    "emulator/cli.ts": "emulator",
    "scripts/run.ts": "run.ts (starter)",
  };
  return known[path.relative(root, path.resolve(root, script))] ?? script;
}

async function main() {
  if (!existsSync(path.join(root, "build/node/index.js"))) throw new Error("run `npm run build` first");
  const work = mkdtempSync(path.join(os.tmpdir(), "idle-rss-"));
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(SHOPIFY_|OPENAI_|APP_SECRET$|SCOPES$)/.test(key)),
    ),
    NODE_ENV: "production",
    LOCAL_MODE: "true",
    PORT: String(port),
    HOST: "127.0.0.1",
    EMULATOR_URL: `http://127.0.0.1:${emulatorPort}`,
    EMULATOR_DB: path.join(work, "emulator.db"),
    EMULATOR_PRODUCTS: options.products,
    EMULATOR_ORDERS: options.orders,
    DATABASE_URL: `file:${path.join(work, "app.db")}`,
    REDIS_URL: options.redis,
    AIRA_MODEL: "offline",
    LOG_LEVEL: "warn",
  };
  if (options.breakdown) {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --import ${path.join(root, "bench/idle-rss-probe.mjs")}`;
    env.IDLE_RSS_PROBE_DIR = work;
    env.IDLE_RSS_PROBE_AFTER_MS = String(settleSeconds * 1000);
  }
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: root, env, stdio: "ignore" });
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  console.log(
    `load average ${load()}; seeding ${options.products} products, ${options.orders} orders, then npm start's processes`,
  );
  const group = spawn(process.execPath, ["--import", "tsx", "scripts/run.ts"], {
    cwd: root,
    env,
    detached: true, // its own process group: stopping it stops the emulator, web app and worker too
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  group.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    for (let waited = 0; !output.includes("is running on"); waited += 500) {
      if (group.exitCode !== null) throw new Error(`npm start's processes exited:\n${output}`);
      if (waited > 15 * 60_000) throw new Error("not up after 15 minutes");
      await sleep(500);
    }
    // The worker's first scheduled jobs and the web's first connections settle; then idle.
    await sleep(settleSeconds * 1000 + (options.breakdown ? 3000 : 0));
    const rows = tree(group.pid!).flatMap((pid) => {
      try {
        return [{ pid, name: label(pid), ...memoryOf(pid) }];
      } catch {
        return [];
      }
    });
    console.log(`idle ${settleSeconds} s after ready (load average ${load()})`);
    console.log("process               RSS MB   PSS MB  threads");
    for (const row of rows)
      console.log(
        `${row.name.padEnd(20)} ${mb(row.rss).padStart(6)} ${mb(row.pss).padStart(8)} ${String(row.threads).padStart(8)}`,
      );
    const sum = (key: "rss" | "pss") => rows.reduce((total, row) => total + row[key], 0);
    console.log(`${"group".padEnd(20)} ${mb(sum("rss")).padStart(6)} ${mb(sum("pss")).padStart(8)}`);
    // The MCP endpoint is built on its first request (server/lazy-routes.ts): what that costs.
    const web = rows.find((row) => row.name === "web");
    if (web) {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/mcp`, { method: "POST" });
      const ms = performance.now() - started;
      await sleep(2000);
      console.log(
        `first /mcp request: ${response.status} in ${ms.toFixed(0)} ms; web RSS after it ${mb(memoryOf(web.pid).rss)} MB`,
      );
    }
    if (options.breakdown) {
      for (const row of rows) {
        const file = path.join(work, `probe-${row.pid}.json`);
        if (existsSync(file)) console.log(`${row.name}: ${readFileSync(file, "utf8")}`);
      }
    }
  } finally {
    try {
      process.kill(-group.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((resolve) => (group.exitCode !== null ? resolve(null) : group.on("exit", resolve)));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
