// Stored results of heavy analysis tools (ADR 0015): one row per shop, tool and input, holding the
// tool's whole answer (data or expected failure) and when it was computed. The worker writes them;
// pages, AIRA and MCP read them and ask for a refresh when they are older than the tool allows.
import { createHash } from "node:crypto";
import type { ToolResult } from "../core/result";
import type { Db } from "../db/client";
import { setImmediate as nextTurn } from "node:timers/promises";
import { storableJson } from "../db/json";
import { sqlLiteral, sqlProvider } from "../mirror/sql";

export interface StoredResultRow {
  result: ToolResult<unknown>;
  computedAt: Date;
  requestedAt: Date;
  ms: number;
  runId: string | null;
}

/** JSON with object keys sorted, so equal inputs give one key whatever order their fields came in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The key of a tool's parsed input: a short hash (inputs can be long; the input itself is kept beside it). */
export const inputKey = (input: unknown) =>
  createHash("sha256")
    .update(canonicalJson(input ?? {}))
    .digest("hex")
    .slice(0, 32);

export async function readStoredResult(
  db: Db,
  shop: string,
  tool: string,
  key: string,
): Promise<StoredResultRow | null> {
  const row = await db.storedResult.findUnique({
    where: { shop_tool_inputKey: { shop, tool, inputKey: key } },
    select: { result: true, computedAt: true, requestedAt: true, ms: true, runId: true },
  });
  return row ? { ...row, result: row.result as unknown as ToolResult<unknown> } : null;
}

/**
 * Stores a tool's answer. As one raw statement with the JSON as text: Prisma's query compiler walks a
 * Json argument value by value on the event loop, and the inventory agent's purchase-order answer
 * (11,000 lines, 5 MB) held the worker for 3-7 s in one upsert (issue #19); as a text literal the
 * write is ~0.15 s, with a turn for the event loop between serialising and writing.
 */
export async function writeStoredResult(
  db: Db,
  row: {
    shop: string;
    tool: string;
    input: unknown;
    result: ToolResult<unknown>;
    computedAt: Date;
    ms: number;
    runId: string | null;
  },
): Promise<void> {
  // A turn before and after serialising: the tool's own last steps (its answer, the output check)
  // and the write each get a slice of their own.
  await nextTurn();
  const provider = sqlProvider();
  const json = (value: unknown) => {
    const text = storableJson(value);
    return provider === "postgresql" ? `CAST(${sqlLiteral(text, provider)} AS JSONB)` : sqlLiteral(text, provider);
  };
  const input = json(row.input ?? {});
  const result = json(row.result);
  await nextTurn();
  const at = sqlLiteral(row.computedAt, provider);
  await db.$executeRawUnsafe(
    `INSERT INTO "StoredResult" ("shop", "tool", "inputKey", "input", "result", "computedAt", "ms", "runId", "requestedAt")
VALUES (${sqlLiteral(row.shop, provider)}, ${sqlLiteral(row.tool, provider)}, ${sqlLiteral(inputKey(row.input), provider)}, ${input}, ${result}, ${at}, ${Math.round(row.ms)}, ${sqlLiteral(row.runId, provider)}, ${at})
ON CONFLICT ("shop", "tool", "inputKey") DO UPDATE SET "input" = excluded."input", "result" = excluded."result",
  "computedAt" = excluded."computedAt", "ms" = excluded."ms", "runId" = excluded."runId"`,
  );
}

/**
 * Notes that a surface asked for this result again (at most once per staleness: only when it asks
 * for a refresh), so the hourly sweep keeps results in use current and lets unused ones go.
 */
export async function markRequested(db: Db, shop: string, tool: string, key: string, at: Date): Promise<void> {
  await db.storedResult.updateMany({ where: { shop, tool, inputKey: key }, data: { requestedAt: at } });
}

/** Results asked for since `since` that were computed before their tool's freshness ran out. */
export async function staleRequested(
  db: Db,
  shop: string,
  since: Date,
  isStale: (tool: string, computedAt: Date) => boolean,
  limit: number,
): Promise<{ tool: string; input: unknown }[]> {
  const rows = await db.storedResult.findMany({
    where: { shop, requestedAt: { gte: since } },
    orderBy: { requestedAt: "desc" },
    select: { tool: true, input: true, computedAt: true },
    take: 500,
  });
  return rows
    .filter((r) => isStale(r.tool, r.computedAt))
    .slice(0, limit)
    .map((r) => ({ tool: r.tool, input: r.input }));
}

/** Drops results nobody asked for since `before` (custom report windows pile up otherwise). */
export async function pruneUnrequested(db: Db, shop: string, before: Date): Promise<number> {
  return (await db.storedResult.deleteMany({ where: { shop, requestedAt: { lt: before } } })).count;
}

/**
 * A customer's data request or erasure, or a changed customer: results may list customers by
 * name and email, so the shop's customer-level results go and are computed again.
 */
export async function dropStoredResults(db: Db, shop: string, tools?: readonly string[]): Promise<number> {
  return (await db.storedResult.deleteMany({ where: { shop, ...(tools ? { tool: { in: [...tools] } } : {}) } })).count;
}
