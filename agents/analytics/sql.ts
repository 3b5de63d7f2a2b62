// Raw SQL for aggregations over the mirror that work on SQLite and PostgreSQL alike. Values are
// rendered as literals by the mirror's encoder (strings quoted per provider, dates in the spelling
// Prisma stores, so text comparison on SQLite and timestamp comparison on PostgreSQL agree).
// Days and months are UTC, as everywhere else in the agents (isoDay).
import { pacer } from "../core/pace";
import { sqliteReaderOf } from "../db/client";
import type { DatabaseProvider } from "../db/provider";
import type { MirrorDb } from "../mirror/tables";
import { sqlLiteral, sqlProvider } from "../mirror/sql";

export interface Dialect {
  provider: DatabaseProvider;
  /** The UTC day of a timestamp column as "YYYY-MM-DD". */
  day(column: string): string;
  /** The UTC month of a timestamp column as "YYYY-MM". */
  month(column: string): string;
  /** A value as a SQL literal (see sqlLiteral). */
  lit(value: unknown): string;
  /** The smaller of two expressions (SQLite's scalar MIN, PostgreSQL's LEAST). */
  least(a: string, b: string): string;
  /** A timestamp column (or expression) as whole milliseconds since 1970-01-01 UTC. */
  epochMs(column: string): string;
  /** A "YYYY-MM-DD" text column (a localDay) as whole days since 1970-01-01. */
  dayNumber(column: string): string;
}

export function dialect(provider: DatabaseProvider = sqlProvider()): Dialect {
  return provider === "postgresql"
    ? {
        provider,
        day: (c) => `to_char(${c}, 'YYYY-MM-DD')`,
        month: (c) => `to_char(${c}, 'YYYY-MM')`,
        lit: (v) => sqlLiteral(v, provider),
        least: (a, b) => `LEAST(${a}, ${b})`,
        // timestamp(3) holds UTC without a zone: EXTRACT reads it as UTC.
        epochMs: (c) => `CAST(ROUND(EXTRACT(EPOCH FROM ${c}) * 1000) AS BIGINT)`,
        dayNumber: (c) => `(CAST(NULLIF(${c}, '') AS date) - DATE '1970-01-01')`,
      }
    : {
        provider,
        // Prisma stores SQLite DateTimes as ISO-8601 text in UTC ("2025-03-04T05:06:07.089+00:00").
        day: (c) => `substr(${c}, 1, 10)`,
        month: (c) => `substr(${c}, 1, 7)`,
        lit: (v) => sqlLiteral(v, provider),
        least: (a, b) => `MIN(${a}, ${b})`,
        // julianday() reads that text; its double keeps well under a millisecond at today's dates.
        epochMs: (c) => `CAST(ROUND((julianday(${c}) - 2440587.5) * 86400000) AS INTEGER)`,
        dayNumber: (c) => `CAST(ROUND(julianday(NULLIF(${c}, '')) - 2440587.5) AS INTEGER)`,
      };
}

export type SqlValue = string | number | Date | null;

/**
 * A raw SELECT's rows: on a SQLite client, read by its worker thread so the statement's CPU is not
 * spent on the event loop (ADR 0029); otherwise through Prisma.
 */
function rawRows<T = Record<string, unknown>>(db: Pick<MirrorDb, "$queryRawUnsafe">, sql: string): Promise<T[]> {
  const reader = sqliteReaderOf(db);
  return reader ? (reader.query(sql) as Promise<T[]>) : db.$queryRawUnsafe<T[]>(sql);
}

/**
 * Runs a SELECT and returns plain rows: PostgreSQL's bigint counts (BigInt) and numeric results
 * (Decimal) become numbers, so callers see the same types on both databases.
 */
export async function selectRows<T extends Record<string, SqlValue>>(
  db: Pick<MirrorDb, "$queryRawUnsafe">,
  sql: string,
): Promise<T[]> {
  const rows = await rawRows(db, sql);
  return rows.map((row) => {
    const out: Record<string, SqlValue> = {};
    for (const [key, value] of Object.entries(row)) out[key] = plain(value);
    return out as T;
  });
}

function plain(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "string" || value instanceof Date) return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "object" && typeof (value as { toNumber?: unknown }).toNumber === "function")
    return (value as { toNumber(): number }).toNumber();
  return String(value);
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Number(text.slice(from, to)) without making the string: a plain decimal of up to 15 digits is
 * read as an integer and divided by its power of ten, both exact doubles, so the one rounding of
 * the division gives the same double as parsing the text. Anything else goes through Number().
 */
function parseNumber(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45; // "-"
  if (negative) i++;
  let digits = 0;
  let decimals = -1;
  let value = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0)
      decimals = 0; // "."
    else return Number(text.slice(from, to));
  }
  if (digits === 0 || digits > 15) return Number(text.slice(from, to));
  const number = decimals > 0 ? value / POWERS_OF_TEN[decimals] : value;
  return negative ? -number : number;
}

/** One row of forEachPackedRow, read in place (valid only during the callback). */
export interface PackedRow {
  /** Field k as a number ("" reads as 0: check empty(k) for NULL). */
  num(k: number): number;
  /** Field k as text, copied out of the packed value (so keeping it keeps nothing else alive). */
  text(k: number): string;
  /** Whether field k is empty (NULL, or empty text). */
  empty(k: number): boolean;
}

/**
 * Runs a SELECT that returns many rows (hundreds of thousands) and hands each row to `onRow`. The
 * database packs `perValue` rows into one text value (fields joined by tabs, rows by newlines), so
 * the client converts a few hundred values instead of millions: Prisma's raw results cost tens of
 * microseconds and about a kilobyte per row in flight, which at 400,000 rows is 10 s and 800 MB.
 * Rows are read in place, without an array or a string per field. Row order is not kept. Fields
 * are each column's text (NULL as ""): only the last column may contain tabs, and none a newline.
 * `onCount` learns the number of rows before the first row. Returns the number of rows. Between
 * packed values the loop lets the event loop in (agents/core/pace.ts), so a long read does not
 * stall the process: `onRow` must not expect other work to wait for it.
 */
export async function forEachPackedRow(
  db: Pick<MirrorDb, "$queryRawUnsafe">,
  d: Dialect,
  select: string,
  columns: readonly string[],
  onRow: (row: PackedRow) => void,
  options: { perValue?: number; onCount?: (rows: number) => void } = {},
): Promise<number> {
  const perValue = options.perValue ?? 5_000;
  const sep = (code: number) => (d.provider === "postgresql" ? `chr(${code})` : `char(${code})`);
  const line = columns.map((c) => `COALESCE(CAST(r."${c}" AS TEXT), '')`).join(` || ${sep(9)} || `);
  const joined =
    d.provider === "postgresql" ? `string_agg(t."line", ${sep(10)})` : `group_concat(t."line", ${sep(10)})`;
  const values = (
    await rawRows<{ rows: string }>(
      db,
      `SELECT ${joined} AS "rows" FROM (
         SELECT ${line} AS "line", (ROW_NUMBER() OVER () - 1) / ${perValue} AS "k" FROM (${select}) r
       ) t GROUP BY t."k"`,
    )
  ).map((v) => String(v.rows));
  if (options.onCount) {
    let rows = 0;
    for (const text of values) for (let at = -1; ; rows++) if ((at = text.indexOf("\n", at + 1)) === -1) break;
    options.onCount(rows + values.length);
  }
  const last = columns.length - 1;
  // starts[k]: where field k begins; starts[k + 1] - 1: where it ends (a tab, or the row's end).
  const starts = new Int32Array(columns.length + 1);
  let text = "";
  const row: PackedRow = {
    num: (k) => parseNumber(text, starts[k], starts[k + 1] - 1),
    // Concatenating first makes V8 copy the characters, where a bare slice would point into (and
    // keep alive) the whole packed value.
    text: (k) => (" " + text.slice(starts[k], starts[k + 1] - 1)).slice(1),
    empty: (k) => starts[k + 1] - 1 === starts[k],
  };
  let count = 0;
  // Millions of rows are seconds of callbacks: give the event loop a turn between packed values.
  const pace = pacer();
  for (let v = 0; v < values.length; v++) {
    await pace();
    text = values[v];
    values[v] = ""; // let each packed value go once read
    for (let at = 0; at < text.length || (at === 0 && text.length === 0);) {
      let end = text.indexOf("\n", at);
      if (end === -1) end = text.length;
      starts[0] = at;
      for (let k = 1; k <= last; k++) {
        const tab = text.indexOf("\t", starts[k - 1]);
        if (tab === -1 || tab >= end) throw new Error(`packed row ${count} has fewer than ${columns.length} fields`);
        starts[k] = tab + 1;
      }
      starts[last + 1] = end + 1;
      onRow(row);
      count++;
      at = end + 1;
    }
  }
  return count;
}

export const num = (value: SqlValue | undefined): number =>
  value == null ? 0 : typeof value === "number" ? value : Number(value);
