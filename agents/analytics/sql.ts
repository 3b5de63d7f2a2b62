// Raw SQL for aggregations over the mirror that work on SQLite and PostgreSQL alike. Values are
// rendered as literals by the mirror's encoder (strings quoted per provider, dates in the spelling
// Prisma stores, so text comparison on SQLite and timestamp comparison on PostgreSQL agree).
// Days and months are UTC, as everywhere else in the agents (isoDay).
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
}

export function dialect(provider: DatabaseProvider = sqlProvider()): Dialect {
  return provider === "postgresql"
    ? {
        provider,
        day: (c) => `to_char(${c}, 'YYYY-MM-DD')`,
        month: (c) => `to_char(${c}, 'YYYY-MM')`,
        lit: (v) => sqlLiteral(v, provider),
        least: (a, b) => `LEAST(${a}, ${b})`,
      }
    : {
        provider,
        // Prisma stores SQLite DateTimes as ISO-8601 text in UTC ("2025-03-04T05:06:07.089+00:00").
        day: (c) => `substr(${c}, 1, 10)`,
        month: (c) => `substr(${c}, 1, 7)`,
        lit: (v) => sqlLiteral(v, provider),
        least: (a, b) => `MIN(${a}, ${b})`,
      };
}

export type SqlValue = string | number | Date | null;

/**
 * Runs a SELECT and returns plain rows: PostgreSQL's bigint counts (BigInt) and numeric results
 * (Decimal) become numbers, so callers see the same types on both databases.
 */
export async function selectRows<T extends Record<string, SqlValue>>(
  db: Pick<MirrorDb, "$queryRawUnsafe">,
  sql: string,
): Promise<T[]> {
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql);
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

export const num = (value: SqlValue | undefined): number =>
  value == null ? 0 : typeof value === "number" ? value : Number(value);
