// Full sync of a shop into the mirror. Each phase (products with variants and inventory levels,
// orders with line items and refunds, customers) runs a bulk operation, downloads its JSONL to a
// temp file and replaces the shop's rows of that phase in one transaction, so readers see the old
// rows or the new ones, never half. A SyncRun row records status, phase, rows and the error.
//
// mode "paged" builds the same JSONL by cursor pagination instead (for shops or tests where bulk
// operations are unavailable, and to exercise the cost bucket); the write path is the same.
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import { Prisma } from "@prisma/client";
import { rebuildDailySales } from "../analytics/rollups";
import type { Db } from "../db/client";
import type { AdminClient } from "../shopify/admin-client";
import { pageThrough, type ShopifyAdminClient } from "../shopify/graphql-client";
import { downloadTo, runBulkQuery, type BulkOperation } from "./bulk";
import { clearPhase, ingestJsonlFile, MirrorWriter } from "./ingest";
import { shopTimeZone, syncShopSettings } from "./local-days";
import { BULK_QUERIES, PAGED_SPECS, SYNC_PHASES, type PagedSpec, type SyncPhase } from "./queries";
import { refreshPlannerStatistics, sqlProvider } from "./sql";
import { PHASE_TABLES, type MirrorTable } from "./tables";
import type { Line } from "./rows";

/** Shopify's limit on a single query's cost. */
const MAX_QUERY_COST = 1000;

export interface SyncContext {
  db: Db;
  admin: AdminClient;
  shop: string;
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** Used to download bulk results (default: global fetch). */
  fetch?: typeof fetch;
}

export type SyncStage = "starting" | "querying" | "downloading" | "writing" | "done" | "failed";

export interface SyncProgress {
  runId: string;
  phase: SyncPhase;
  stage: SyncStage;
  /** Rows written to the mirror so far, all phases. */
  rows: number;
  /** The bulk operation's status and object count while it runs. */
  bulkStatus?: string;
  objectCount?: number;
}

export interface SyncOptions {
  mode?: "bulk" | "paged";
  phases?: SyncPhase[];
  /** Rows per createMany. */
  chunkSize?: number;
  /** Root objects in the first page of each query in paged mode (then sized to the cost bucket). */
  pageSize?: number;
  pollMs?: number;
  maxPollMs?: number;
  /** Ingest staged (ingestBulkFile's `staged`); default: big files on SQLite. */
  stagedIngest?: boolean;
}

export interface SyncResult {
  runId: string;
  rows: number;
  counts: Record<MirrorTable, number>;
  durationMs: number;
}

/**
 * Syncs left "running" by a process that died (the row is written before the work starts and only
 * closed by the process doing it) are closed as failed: running for over `olderThanMs` with no
 * store-sync run live for their shop. Returns the ids closed.
 */
export async function closeStaleSyncs(db: Db, options: { olderThanMs?: number; now?: Date } = {}): Promise<string[]> {
  const now = options.now ?? new Date();
  const stale = await db.syncRun.findMany({
    where: { status: "running", startedAt: { lte: new Date(now.getTime() - (options.olderThanMs ?? 5 * 60_000)) } },
    select: { id: true, shop: true },
  });
  const closed: string[] = [];
  for (const sync of stale) {
    const live = await db.agentRun.count({ where: { shop: sync.shop, agent: "store-sync", status: "running" } });
    if (live) continue;
    const { count } = await db.syncRun.updateMany({
      where: { id: sync.id, status: "running" },
      data: {
        status: "failed",
        finishedAt: now,
        error: "Interrupted: the process running this sync stopped. The next sync starts over.",
      },
    });
    if (count) closed.push(sync.id);
  }
  return closed;
}

export async function syncStore(
  ctx: SyncContext,
  onProgress?: (p: SyncProgress) => void,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const { db, shop, logger } = ctx;
  const phases = options.phases ?? [...SYNC_PHASES];
  for (const p of phases) {
    if (!SYNC_PHASES.includes(p)) throw new Error(`Unknown sync phase "${p}": use ${SYNC_PHASES.join(", ")}`);
  }
  const started = performance.now();
  const run = await db.syncRun.create({ data: { shop, status: "running", phase: phases[0] } });
  const counts = {} as Record<MirrorTable, number>;
  let rows = 0;
  let lastSaved = 0;
  const report = (phase: SyncPhase, stage: SyncStage, extra: Partial<SyncProgress> = {}) =>
    onProgress?.({ runId: run.id, phase, stage, rows, ...extra });
  const dir = mkdtempSync(path.join(tmpdir(), "mirror-sync-"));
  let phase = phases[0];
  try {
    // The shop's timezone first: the orders phase stores each order's local day in it.
    await syncShopSettings(db, ctx.admin, shop, (tx) => rebuildDailySales(tx, shop));
    for (phase of phases) {
      const t0 = performance.now();
      await db.syncRun.update({ where: { id: run.id }, data: { phase, rows } });
      report(phase, "starting");
      const file = path.join(dir, `${phase}.jsonl`);
      if ((options.mode ?? "bulk") === "bulk") {
        report(phase, "querying");
        const op = await runBulkQuery(ctx.admin, BULK_QUERIES[phase], {
          pollMs: options.pollMs,
          maxPollMs: options.maxPollMs,
          onStatus: (o: BulkOperation) =>
            report(phase, "querying", { bulkStatus: o.status, objectCount: Number(o.objectCount) }),
        });
        report(phase, "downloading", { bulkStatus: op.status, objectCount: Number(op.objectCount) });
        // No url: the query matched nothing, and the phase's rows are replaced by nothing.
        if (op.url) await downloadTo(op.url, file, ctx.fetch);
        else await writeLines(file, []);
      } else {
        report(phase, "querying");
        await writeLines(file, pagedLines(ctx.admin, PAGED_SPECS[phase], options.pageSize ?? 1));
      }
      report(phase, "writing");
      const before = rows;
      const phaseCounts = await ingestBulkFile(db, shop, phase, file, {
        chunkSize: options.chunkSize,
        staged: options.stagedIngest,
        onRows: (n) => {
          rows = before + n;
          report(phase, "writing");
          // Keep the SyncRun's row count moving without a write per batch.
          if (performance.now() - lastSaved > 1000) {
            lastSaved = performance.now();
            void db.syncRun.update({ where: { id: run.id }, data: { rows } }).catch(() => undefined);
          }
        },
      });
      Object.assign(counts, phaseCounts);
      rows = before + Object.values(phaseCounts).reduce((a, b) => a + b, 0);
      rmSync(file, { force: true });
      logger.info({ shop, phase, rows: rows - before, ms: Math.round(performance.now() - t0) }, "mirror phase synced");
    }
    await db.syncRun.update({
      where: { id: run.id },
      data: { status: "succeeded", rows, finishedAt: new Date(), error: null },
    });
    report(phase, "done");
    return { runId: run.id, rows, counts, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ shop, phase, err: error }, "mirror sync failed");
    await db.syncRun.update({
      where: { id: run.id },
      data: { status: "failed", phase, rows, error: message, finishedAt: new Date() },
    });
    report(phase, "failed");
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Replaces the shop's rows of `phase` with the objects of a bulk JSONL file, atomically: readers
 * see the old rows or the new ones, never half. New orders also rebuild the shop's daily sales
 * rollup in the same transaction. Returns the rows written per table.
 *
 * On PostgreSQL that is one transaction around the whole ingest (other shops' writes go on beside
 * it). On SQLite a long transaction stops everyone else: the Prisma libsql adapter holds a
 * process-wide lock from BEGIN to COMMIT (no other query of the process runs, not even a read),
 * and SQLite has one writer per file. So there the rows are written first under a staging shop
 * key in short autocommitted batches, then swapped in by one short transaction (ADR 0042).
 */
/**
 * Bulk files from this size are ingested staged on SQLite: about 25,000 rows, a second or more of
 * ingest on an idle core (the one transaction's lock; a 20,000-order shop's orders file, 74,000
 * rows, is ~25 MB).
 */
export const STAGED_INGEST_BYTES = 8 * 1024 * 1024;

export async function ingestBulkFile(
  db: Db,
  shop: string,
  phase: SyncPhase,
  file: string,
  options: { chunkSize?: number; onRows?: (rows: number) => void; staged?: boolean } = {},
): Promise<Record<MirrorTable, number>> {
  // Staging writes every row twice (about 1.6x the time), so only files that would hold the lock long are staged.
  const staged = options.staged ?? (sqlProvider() === "sqlite" && statSync(file).size >= STAGED_INGEST_BYTES);
  const counts = staged
    ? await ingestStaged(db, shop, phase, file, options)
    : await ingestInOneTransaction(db, shop, phase, file, options);
  await refreshPlannerStatistics(db, [...PHASE_TABLES[phase], ...(phase === "orders" ? ["mirrorDailySales"] : [])]);
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)) as Record<MirrorTable, number>;
}

async function ingestInOneTransaction(
  db: Db,
  shop: string,
  phase: SyncPhase,
  file: string,
  options: { chunkSize?: number; onRows?: (rows: number) => void },
): Promise<Record<MirrorTable, number>> {
  return db.$transaction(
    async (tx) => {
      await clearPhase(tx, shop, phase);
      const writer = new MirrorWriter(tx, shop, { ...options, timeZone: await shopTimeZone(tx, shop) });
      await ingestJsonlFile(writer, file);
      const counts = await writer.finish();
      if (phase === "orders") await rebuildDailySales(tx, shop);
      return counts;
    },
    // A large shop takes minutes; the default 5 s limit is for request-sized transactions.
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
}

/**
 * The shop key a sync's rows are written under before they replace the shop's (never a shop
 * domain: readers filter by shop, so they never see them). One per shop: a sync a dead process
 * left half-written is cleared by the next one.
 */
export const stagingShopKey = (shop: string) => `${shop}#sync`;

async function ingestStaged(
  db: Db,
  shop: string,
  phase: SyncPhase,
  file: string,
  options: { chunkSize?: number; onRows?: (rows: number) => void },
): Promise<Record<MirrorTable, number>> {
  const staging = stagingShopKey(shop);
  await clearPhase(db, staging, phase);
  let counts: Record<MirrorTable, number>;
  try {
    // Day keys in the shop's timezone; each batch is its own short statement, so other jobs'
    // queries run between batches.
    const writer = new MirrorWriter(db, staging, {
      ...options,
      timeZone: await shopTimeZone(db, shop),
      eachBatch: (write) => db.$transaction((tx) => write(tx)),
    });
    await ingestJsonlFile(writer, file);
    counts = await writer.finish();
  } catch (error) {
    await clearPhase(db, staging, phase);
    throw error;
  }
  // The swap: the only time the shop's rows are locked, SQL only. libsql runs each statement
  // synchronously on the event loop, so on SQLite it moves SWAP_ROWS rows per statement: one
  // UPDATE of 50,000 line items held the worker's event loop for ~5 s under load.
  const sqlite = sqlProvider() === "sqlite";
  await db.$transaction(
    async (tx) => {
      for (const table of PHASE_TABLES[phase]) {
        const name = Prisma.raw(`"${table[0].toUpperCase()}${table.slice(1)}"`);
        if (!sqlite) {
          await tx.$executeRaw`DELETE FROM ${name} WHERE "shop" = ${shop}`;
          await tx.$executeRaw`UPDATE ${name} SET "shop" = ${shop} WHERE "shop" = ${staging}`;
          continue;
        }
        while (
          (await tx.$executeRaw`DELETE FROM ${name} WHERE rowid IN (SELECT rowid FROM ${name} WHERE "shop" = ${shop} LIMIT ${SWAP_ROWS})`) >
          0
        );
        while (
          (await tx.$executeRaw`UPDATE ${name} SET "shop" = ${shop} WHERE rowid IN (SELECT rowid FROM ${name} WHERE "shop" = ${staging} LIMIT ${SWAP_ROWS})`) >
          0
        );
      }
      if (phase === "orders") await rebuildDailySales(tx, shop);
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
  return counts;
}

/** Rows per statement of a staged ingest's swap on SQLite (tens of ms each). */
const SWAP_ROWS = 2_000;

async function writeLines(file: string, lines: Iterable<Line> | AsyncIterable<Line>): Promise<void> {
  const out = createWriteStream(file);
  const failed = once(out, "error").then(([err]) => Promise.reject(err as Error));
  failed.catch(() => undefined);
  for await (const line of lines) {
    if (!out.write(JSON.stringify(line) + "\n")) await Promise.race([once(out, "drain"), failed]);
  }
  out.end();
  await Promise.race([once(out, "finish"), failed]);
}

/**
 * Pages through the specs and yields lines exactly as a bulk operation writes them. Pages are
 * sized to cost about half the bucket: the bucket then never fills up while a request waits, so
 * no restored point is wasted.
 */
async function* pagedLines(admin: AdminClient, specs: PagedSpec[], pageSize: number): AsyncGenerator<Line> {
  const limits = "bucket" in admin ? (admin as ShopifyAdminClient).bucket : null;
  const targetCost = () => Math.min(MAX_QUERY_COST, (limits?.limits?.maximumAvailable ?? 2 * MAX_QUERY_COST) / 2);
  for (const spec of specs) {
    for await (const nodes of pageThrough<Line>(admin, spec.query, { first: pageSize }, spec.root, { targetCost })) {
      for (const node of nodes) {
        const { child } = spec;
        if (!child) {
          yield node;
          continue;
        }
        const { [child.field]: connection, ...own } = node as Line &
          Record<string, { nodes: Line[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>;
        yield own;
        for (const c of connection.nodes) yield { ...c, __parentId: node.id };
        if (connection.pageInfo.hasNextPage) {
          // More children than one page holds: page through them under the node.
          const rest = pageThrough<Line>(admin, child.query, { id: node.id, after: connection.pageInfo.endCursor }, [
            "node",
            child.field,
          ]);
          for await (const page of rest) for (const c of page) yield { ...c, __parentId: node.id };
        }
      }
    }
  }
}
