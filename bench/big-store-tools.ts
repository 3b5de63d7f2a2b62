// The tools half of bench/big-store.ts, in its own process (forked with IPC) so that its memory and
// event-loop figures are the tools' alone. Runs every read-only tool of the registry through
// `toolRegistry.run` with a context like the worker's (agents/ops/jobs.ts: the shop's Admin client,
// here the local dev store's emulator; the worker's database client; an agent as actor).
// Messages: the parent sends { type: "run", index, runs, budgetMs }; this process answers "plan"
// once (every item, or why it is skipped), "tick" after each call (the parent's timeout watches
// them) and "done" per item. Not meant to be started by hand.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pino } from "pino";
import { ANALYTICS_QUERIES } from "../agents/analytics/queries";
import { lastDays } from "../agents/analytics/window";
import type { ToolContext } from "../agents/core/context";
import { createDb, prepareDatabase } from "../agents/db/client";
import { adminClientFor } from "../agents/shopify/local";
import { allTools, toolRegistry } from "../agents/tools";
import type { AnyTool } from "../agents/core/tool";

export interface ToolPlanItem {
  label: string;
  tool: string;
  input?: Record<string, unknown>;
  /** Why the item is not run. */
  skip?: string;
}

export interface ToolItemResult {
  label: string;
  samples: number[];
  /** The first failure's message (a tool answering ok: false), if any. */
  failure?: string;
  cpuMs: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  rssAfter: number;
  /** The process's highest RSS during the item (VmHWM, reset before it); null where /proc cannot reset it. */
  peakRss: number | null;
}

export type ToolsChildMessage =
  | { type: "plan"; items: ToolPlanItem[]; rss: number }
  | { type: "tick"; index: number; run: number; ms: number }
  | { type: "done"; index: number; result: ToolItemResult }
  | { type: "error"; message: string };

export type ToolsParentMessage = { type: "run"; index: number; runs: number; budgetMs: number } | { type: "exit" };

/** "Name: the message's last line" (Prisma's messages end with the reason); the whole error goes to the log. */
function describe(error: unknown): string {
  console.error(error);
  if (!(error instanceof Error)) return String(error);
  const last = error.message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1);
  return `${error.name}: ${last ?? ""}`;
}

/**
 * With BENCH_TOOL_ANSWERS (a directory; bench/big-store.ts --answers), each item's first answer is
 * written there as <label>.json, so two versions of a tool can be compared on the same store.
 */
const answersDir = process.env.BENCH_TOOL_ANSWERS || null;
function writeAnswer(dir: string, label: string, result: unknown) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${label.replace(/[^\w.-]+/g, "_")}.json`), JSON.stringify(result, null, 1) + "\n");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Linux keeps a process's peak RSS (VmHWM) and resets it to the current RSS when "5" is written to
 * /proc/self/clear_refs: reset before an item and read after it, it is that item's peak, however
 * briefly it lasted and even while the event loop was blocked (no sampling timer could see it).
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}
function peakRss(): number {
  const status = readFileSync("/proc/self/status", "utf8");
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) * 1024;
}
const send = (message: ToolsChildMessage) =>
  new Promise<void>((resolve, reject) =>
    process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())),
  );

async function main() {
  const url = process.env.BENCH_DATABASE_URL!;
  const shop = process.env.BENCH_SHOP!;
  const emulatorUrl = process.env.BENCH_EMULATOR_URL!;
  const emulatorAccessToken = process.env.BENCH_EMULATOR_TOKEN!;
  const logger = pino({ level: "warn", base: { service: "bench-tools" } });
  const db = createDb(url);
  await prepareDatabase(db, url);
  const ctx: ToolContext = {
    shop,
    db,
    admin: await adminClientFor(db, shop, { emulatorUrl, emulatorAccessToken, shop }, { logger }),
    logger,
    actor: { kind: "schedule", id: "bench" },
    now: () => new Date(),
  };
  const items = await plan(ctx);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  await send({ type: "plan", items, rss: process.memoryUsage.rss() });

  process.on("message", (message: ToolsParentMessage) => {
    if (message.type === "exit") {
      void db.$disconnect().finally(() => process.exit(0));
      return;
    }
    void runItem(message).catch((error: unknown) => send({ type: "error", message: describe(error) }));
  });

  async function runItem({ index, runs, budgetMs }: Extract<ToolsParentMessage, { type: "run" }>) {
    const item = items[index];
    const tool = allTools.find((t) => t.name === item.tool) as AnyTool;
    const samples: number[] = [];
    let failure: string | undefined;
    // monitorEventLoopDelay records the interval between its timer's ticks; reset() forgets the last
    // tick, so a block right after it would go unseen: let one tick pass first, and one after each
    // call (a tool that never yields records its whole run as one delay then).
    delay.reset();
    await sleep(25);
    const peakKnown = resetPeakRss();
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let run = 0; run < runs; run++) {
      const t = performance.now();
      const result = await toolRegistry.run(ctx, tool, item.input ?? {});
      const ms = performance.now() - t;
      samples.push(ms);
      if (!result.ok) failure ??= `${result.code}: ${result.message}`;
      if (run === 0 && answersDir) writeAnswer(answersDir, item.label, result);
      await send({ type: "tick", index, run, ms });
      // A loop turn with a timer tick after each call, so each call's longest block is recorded alone.
      await sleep(25);
      if (performance.now() - started > budgetMs) break;
    }
    const used = process.cpuUsage(cpu);
    await send({
      type: "done",
      index,
      result: {
        label: item.label,
        samples,
        failure,
        cpuMs: (used.user + used.system) / 1000 / samples.length,
        eventLoopP99Ms: delay.percentile(99) / 1e6,
        eventLoopMaxMs: delay.max / 1e6,
        rssAfter: process.memoryUsage.rss(),
        peakRss: peakKnown ? peakRss() : null,
      },
    });
  }
}

/** Every read-only tool with its default input; tools that need an id get the store's newest one. */
async function plan(ctx: ToolContext): Promise<ToolPlanItem[]> {
  const shop = await ctx.db.shop.findUnique({ where: { domain: ctx.shop }, select: { ianaTimezone: true } });
  const month = lastDays(30, ctx.now(), shop?.ianaTimezone ?? "UTC");
  const newestOrder = await ctx.db.mirrorOrder.findFirst({
    where: { shop: ctx.shop },
    orderBy: { createdAt: "desc" },
    select: { name: true },
  });
  const variants = await ctx.db.mirrorVariant.findMany({
    where: { shop: ctx.shop, sku: { not: null } },
    orderBy: { id: "asc" },
    take: 20,
    select: { sku: true, productId: true },
  });
  const newestTicket = await ctx.db.supportTicket.findFirst({
    where: { shop: ctx.shop },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  const items: ToolPlanItem[] = [];
  for (const tool of allTools.filter((t) => t.annotations.readOnly)) {
    const item = (input: Record<string, unknown> = {}, label = tool.name): ToolPlanItem => ({
      label,
      tool: tool.name,
      input,
    });
    switch (tool.name) {
      case "get_sales_summary":
      case "compare_sales_periods":
      case "get_cash_flow":
        // from and to are required: the last 30 complete days, the pages' default period.
        items.push(item({ from: month.from, to: month.to }, `${tool.name} (last 30 days)`));
        break;
      case "score_order_risk":
      case "suggest_order_routing":
        items.push(
          newestOrder
            ? item({ orderName: newestOrder.name }, `${tool.name} (newest order)`)
            : { label: tool.name, tool: tool.name, skip: "the store has no orders" },
        );
        break;
      case "draft_support_reply":
        items.push(
          newestTicket
            ? item({ ticketId: newestTicket.id }, `${tool.name} (newest ticket)`)
            : { label: tool.name, tool: tool.name, skip: "needs a ticketId: the store has no support tickets" },
        );
        break;
      case "forecast_demand":
        // skus or productIds are required: the first 20 variants (by id), a reorder review's size.
        items.push(
          variants.length
            ? item({ skus: variants.map((v) => v.sku) }, `${tool.name} (${variants.length} variants)`)
            : { label: tool.name, tool: tool.name, skip: "the store has no variants with a SKU" },
        );
        break;
      case "draft_product_copy":
        items.push(
          variants.length
            ? item({ productId: variants[0].productId }, `${tool.name} (one product)`)
            : { label: tool.name, tool: tool.name, skip: "the store has no products" },
        );
        break;
      case "run_analytics_query":
        for (const query of ANALYTICS_QUERIES) items.push(item({ query }, `${tool.name} ${query}`));
        break;
      default:
        items.push(item());
    }
  }
  return items;
}

main().catch(async (error: unknown) => {
  await send({ type: "error", message: describe(error) });
  process.exit(1);
});
