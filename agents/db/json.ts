// Values for Prisma Json columns: a plain JSON copy (dates become strings, undefined fields drop).
// PostgreSQL's jsonb refuses NUL characters and lone surrogates that SQLite stores, so strings are
// made storable on both (each such character becomes U+FFFD): an audit row is never lost to them.
import { Prisma } from "@prisma/client";

/** Text both databases store: NUL and unpaired surrogates replaced by U+FFFD. */
export const storableText = (text: string): string => text.replaceAll("\u0000", "\uFFFD").toWellFormed();

const copy = (value: unknown) =>
  JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === "string" ? storableText(v) : v));

/** For optional columns: undefined leaves the column unset. */
export function jsonValue(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined ? undefined : (copy(value) as Prisma.InputJsonValue);
}

/** For columns that always get a value: null and undefined are stored as JSON null. */
export function jsonOrNull(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === undefined || value === null ? Prisma.JsonNull : (copy(value) as Prisma.InputJsonValue);
}

/**
 * A value as JSON text both databases store, as jsonValue would make it: JSON.stringify already drops
 * undefined fields and writes dates as strings, and escapes NUL and lone surrogates as \u0000 and
 * \udXXX, which PostgreSQL's jsonb refuses. Only text holding such an escape (or what looks like one)
 * takes jsonValue's slower copy; the rest is one stringify.
 */
export function storableJson(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return /\\u(0000|d[89a-f])/i.test(text) ? JSON.stringify(jsonValue(value) ?? null) : text;
}
