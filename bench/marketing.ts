// The four marketing analysis tools on a million-order mirror: wall time, CPU time and peak RSS per
// tool, each tool in a fresh child process (so peak RSS is that tool's alone) run through the tool
// registry with a worker's ToolContext, against the mirror store of bench/mirror-store.ts.
//   npx tsx bench/marketing.ts [--keep .data/bench-dashboard.db] [--orders 1000000] [--products 2000]
//                              [--days 730] [--tools a,b] [--code DIR] [--label after]
//                              [--json out.json] [--compare before.json] [--timeout 900]
// --keep: the SQLite mirror file, reused when it exists (bench/dashboard.ts and bench/big-store.ts
//   keep the same one), else built there (--orders, --products, --days). TEST_DATABASE=postgresql
//   (with the client generated for PostgreSQL) builds a fresh PostgreSQL mirror instead.
// --code: a checkout whose agents/ are benchmarked instead of this one's, e.g. a worktree of the
//   commit before a change, for before-vs-after figures (same database, same bench).
// --json writes the figures and each tool's answer; --compare reads such a file and says, per
//   tool, whether this run's answer equals that one's (and where the first difference is).
// get_campaign_results asks the Admin API about each code: an emulator with an empty store answers
// (no discount is known there, so windows come from the orders), started here, not in the children.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDb } from "../agents/db/client";
import { testProvider } from "../tests/support/database";
import { BENCH_SHOP as SHOP, mirrorStoreDatabase } from "./mirror-store";

const TOKEN = "shpat_bench_marketing";
const TOOLS = [
  "get_customer_segments",
  "get_customer_lifetime_value",
  "propose_campaigns",
  "get_campaign_results",
] as const;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");

const { values } = parseArgs({
  options: {
    keep: { type: "string", default: path.join(root, ".data/bench-dashboard.db") },
    orders: { type: "string", default: "1000000" },
    products: { type: "string", default: "2000" },
    days: { type: "string", default: "730" },
    tools: { type: "string", default: TOOLS.join(",") },
    code: { type: "string", default: root },
    label: { type: "string", default: "this checkout" },
    json: { type: "string" },
    compare: { type: "string" },
    timeout: { type: "string", default: "900" },
    // Internal: run one tool in this process (against --url) and write its figures as JSON to --out.
    child: { type: "string" },
    url: { type: "string" },
    admin: { type: "string" },
    out: { type: "string" },
  },
});

interface Figures {
  tool: string;
  ok: boolean;
  /** Failure code and message, or "timeout" / "crashed". */
  error?: string;
  wallMs?: number;
  cpuMs?: number;
  /** RSS after loading the code and opening the database, before the tool ran. */
  rssBeforeMb?: number;
  /** Peak RSS of the process over its life (resourceUsage().maxRSS). */
  peakRssMb?: number;
  /** The tool's answer (data, or the failure). */
  answer?: unknown;
}

const mb = (bytes: number) => Math.round(bytes / 1e6);

async function child(tool: string): Promise<void> {
  const code = path.resolve(values.code!);
  const [{ toolRegistry }, { createDb }, { createAdminClient }, { pino }] = await Promise.all([
    import(path.join(code, "agents/tools/index.ts")),
    import(path.join(code, "agents/db/client.ts")),
    import(path.join(code, "agents/shopify/graphql-client.ts")),
    import("pino"),
  ]);
  const db = createDb(values.url!);
  const newest = await db.mirrorOrder.findFirstOrThrow({
    where: { shop: SHOP },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  // A live shop: the newest order an hour ago.
  const now = new Date(newest.createdAt.getTime() + 3_600_000);
  const ctx = {
    shop: SHOP,
    db,
    admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: values.admin! }),
    logger: pino({ level: "silent" }),
    actor: { kind: "schedule", id: "bench-marketing" },
    now: () => now,
  };
  const definition = toolRegistry.get(tool);
  if (!definition) throw new Error(`no tool ${tool} in ${code}`);
  const rssBefore = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let figures: Figures;
  try {
    const result = await toolRegistry.run(ctx, definition, {});
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    figures = {
      tool,
      ok: result.ok,
      ...(result.ok ? {} : { error: `${result.code}: ${result.message}` }),
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      answer: result.ok ? result.data : { code: result.code, message: result.message },
    };
  } catch (error) {
    const used = process.cpuUsage(cpu);
    const message = String(error instanceof Error ? error.message : error)
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .pop();
    figures = {
      tool,
      ok: false,
      error: `threw ${(error as Error)?.name ?? "error"}: ${message?.slice(0, 200)}`,
      wallMs: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
    };
  }
  figures.rssBeforeMb = mb(rssBefore);
  figures.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  writeFileSync(values.out!, JSON.stringify(figures));
  await db.$disconnect();
}

function runChild(tool: string, url: string, adminUrl: string): Promise<Figures> {
  const out = path.join(os.tmpdir(), `bench-marketing-${process.pid}-${tool}.json`);
  return new Promise((resolve) => {
    const proc = spawn(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        "--child",
        tool,
        "--url",
        url,
        "--code",
        values.code!,
        "--admin",
        adminUrl,
        "--out",
        out,
      ],
      { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, LOG_LEVEL: "silent" } },
    );
    const timeoutMs = Number(values.timeout) * 1000;
    const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
    proc.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (existsSync(out)) {
        const figures = JSON.parse(readFileSync(out, "utf8")) as Figures;
        rmSync(out);
        return resolve(figures);
      }
      resolve({
        tool,
        ok: false,
        error: signal === "SIGKILL" ? `timeout (${values.timeout} s)` : `crashed (exit ${code ?? signal})`,
      });
    });
  });
}

/** The first path where two answers differ, or null when they are equal. */
function firstDifference(a: unknown, b: unknown, at = "answer"): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return `${at}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: array vs object`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${at}.${key}`,
    );
    if (found) return found;
  }
  return null;
}

function load(): string {
  const text = spawnSync("uptime", { encoding: "utf8" }).stdout?.trim() ?? "";
  return text.slice(text.indexOf("load average")) || `loadavg ${os.loadavg().map((l) => l.toFixed(2))}`;
}

async function main(): Promise<void> {
  const tools = values.tools!.split(",").map((t) => t.trim());
  for (const t of tools) if (!(TOOLS as readonly string[]).includes(t)) throw new Error(`unknown tool ${t}`);
  const int = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, got "${text}"`);
    return n;
  };
  const provider = testProvider();
  const database = await mirrorStoreDatabase({
    provider,
    keep: provider === "sqlite" ? path.resolve(values.keep!) : null,
    options: {
      seed: 1,
      products: int("products", values.products!),
      orders: int("orders", values.orders!),
      days: int("days", values.days!),
      endDate: new Date().toISOString().slice(0, 10),
    },
  });
  const db = database.url;
  const { startEmulator } = await import("@royal-equips/emulator");
  const emulator = await startEmulator({
    dbPath: ":memory:",
    shopDomain: SHOP,
    accessToken: TOKEN,
    clientSecret: "bench-marketing-secret",
  });
  const mirror = createDb(db);
  const [orders, customers] = await Promise.all([
    mirror.mirrorOrder.count({ where: { shop: SHOP } }),
    mirror.mirrorCustomer.count({ where: { shop: SHOP } }),
  ]);
  await mirror.$disconnect();
  console.log(
    `marketing tools, ${values.label} (${path.resolve(values.code!)}) on ${db}: ${orders.toLocaleString("en-US")} orders, ${customers.toLocaleString("en-US")} customers; each tool in a fresh process, default input`,
  );
  console.log(`machine: ${os.cpus().length} cores; before: ${load()}`);
  const before = values.compare
    ? new Map((JSON.parse(readFileSync(values.compare, "utf8")).tools as Figures[]).map((f) => [f.tool, f]))
    : null;
  const results: Figures[] = [];
  try {
    for (const tool of tools) {
      const f = await runChild(tool, db, emulator.url);
      results.push(f);
      const figures = f.wallMs
        ? `${(f.wallMs / 1000).toFixed(2).padStart(7)} s wall, ${((f.cpuMs ?? 0) / 1000).toFixed(2).padStart(7)} s CPU, peak RSS ${String(f.peakRssMb ?? "?").padStart(5)} MB (${f.rssBeforeMb ?? "?"} MB before the call)`
        : "";
      const then = before?.get(tool);
      const difference = then?.ok && f.ok ? firstDifference(f.answer, then.answer) : null;
      const same = !then
        ? ""
        : !then.ok || !f.ok
          ? "; answers not compared (a run failed)"
          : difference === null
            ? "; answer equals the compared run's"
            : `; answer differs from the compared run's (${difference})`;
      console.log(`  ${tool.padEnd(28)} ${f.ok ? "ok  " : "FAIL"} ${figures}${f.error ? ` ${f.error}` : ""}${same}`);
    }
  } finally {
    await emulator.close();
    await database.drop();
  }
  console.log(`after: ${load()}`);
  if (values.json)
    writeFileSync(
      values.json,
      JSON.stringify({
        label: values.label,
        code: path.resolve(values.code!),
        db,
        at: new Date().toISOString(),
        tools: results,
      }),
    );
}

if (values.child) await child(values.child);
else await main();
