// Cursor pagination as Shopify does it: opaque cursors, first/after forwards, last/before backwards,
// keyset queries (sort value, id) so that deep pages cost the same as the first one.
import type { EmulatorStore, Row } from "./store";
import type { SqlPart } from "./search";

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Page<T> {
  items: { cursor: string; row: T }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export class PaginationError extends Error {}

export const MAX_PAGE_SIZE = 250;

type Key = [string | number | null, number];

export function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string): Key {
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === 2 && typeof key[1] === "number") return key as Key;
  } catch {
    // fall through to the error below
  }
  throw new PaginationError(`Invalid cursor "${cursor}": send a cursor returned by this connection`);
}

/** Checks first/last like Shopify: exactly one page size, at most 250. `unbounded` is for bulk operations. */
export function pageSize(args: PageArgs, unbounded = false): { size: number; backwards: boolean } {
  const { first, last } = args;
  if (first != null && last != null) throw new PaginationError("Passing both `first` and `last` is not supported");
  if (first == null && last == null) {
    if (unbounded) return { size: Number.MAX_SAFE_INTEGER, backwards: false };
    throw new PaginationError("you must provide one of first or last");
  }
  const size = (first ?? last)!;
  if (size < 0) throw new PaginationError(`\`${first != null ? "first" : "last"}\` must be a non-negative number`);
  if (size > MAX_PAGE_SIZE && !unbounded) {
    throw new PaginationError(`\`${first != null ? "first" : "last"}\` must be at most ${MAX_PAGE_SIZE}, got ${size}`);
  }
  return { size, backwards: last != null };
}

export interface SqlPageSpec {
  /** FROM clause, e.g. "products p". */
  from: string;
  idExpr: string;
  /** Sort expression; the id breaks ties. */
  sortExpr: string;
  where: SqlPart[];
  select?: string;
}

/** One page of rows by keyset pagination. */
export function sqlPage(store: EmulatorStore, spec: SqlPageSpec, args: PageArgs, unbounded = false): Page<Row> {
  const { size, backwards } = pageSize(args, unbounded);
  const reverse = Boolean(args.reverse);
  // Scanning direction: forwards in the requested order, or backwards from `before`.
  const desc = reverse !== backwards;
  const conds = spec.where.map((w) => w.sql);
  const params: (string | number)[] = spec.where.flatMap((w) => w.params);
  const sortKey = `(${spec.sortExpr}, ${spec.idExpr})`;
  const cursorCond = (cursor: string, towardsEnd: boolean): SqlPart => {
    const [v, id] = decodeCursor(cursor);
    // "towardsEnd": rows after the cursor in the requested order.
    const greater = towardsEnd !== reverse;
    return { sql: `${sortKey} ${greater ? ">" : "<"} (?, ?)`, params: [v as string | number, id] };
  };
  const bounds: SqlPart[] = [];
  if (args.after) bounds.push(cursorCond(args.after, true));
  if (args.before) bounds.push(cursorCond(args.before, false));
  const allConds = [...conds, ...bounds.map((b) => b.sql)];
  const allParams = [...params, ...bounds.flatMap((b) => b.params)];
  const where = allConds.length ? `WHERE ${allConds.map((c) => `(${c})`).join(" AND ")}` : "";
  const dir = desc ? "DESC" : "ASC";
  const limit = size === Number.MAX_SAFE_INTEGER ? -1 : size + 1;
  const sql =
    `SELECT ${spec.select ?? "*"}, ${spec.sortExpr} AS __sort, ${spec.idExpr} AS __id FROM ${spec.from} ${where} ` +
    `ORDER BY ${spec.sortExpr} ${dir}, ${spec.idExpr} ${dir} LIMIT ${limit}`;
  let rows = store.all(sql, ...allParams);
  const more = limit > 0 && rows.length > size;
  if (more) rows = rows.slice(0, size);
  if (backwards) rows.reverse();

  // Whether rows exist on the other side of the cursor we started from.
  const existsBeyond = (cursor: string | null | undefined, towardsEnd: boolean): boolean => {
    if (!cursor) return false;
    const [v, id] = decodeCursor(cursor);
    const greater = towardsEnd !== reverse;
    const beyond = `${sortKey} ${greater ? ">=" : "<="} (?, ?)`;
    const w = [...conds, beyond].map((c) => `(${c})`).join(" AND ");
    return Boolean(
      store.one(`SELECT 1 AS x FROM ${spec.from} WHERE ${w} LIMIT 1`, ...params, v as string | number, id),
    );
  };
  return {
    items: rows.map((r) => ({ cursor: encodeCursor([r.__sort as string | number, Number(r.__id)]), row: r })),
    hasNextPage: backwards ? existsBeyond(args.before, true) : more,
    hasPreviousPage: backwards ? more : existsBeyond(args.after, false),
  };
}

/** Pagination of a small in-memory list (nested connections such as a product's variants). */
export function arrayPage<T>(items: T[], idOf: (t: T) => number, args: PageArgs, unbounded = false): Page<T> {
  const { size, backwards } = pageSize(args, unbounded);
  const ordered = args.reverse ? [...items].reverse() : items;
  const indexOf = (cursor: string) => {
    const [, id] = decodeCursor(cursor);
    const i = ordered.findIndex((t) => idOf(t) === id);
    if (i < 0) throw new PaginationError(`Invalid cursor "${cursor}": it does not point into this connection`);
    return i;
  };
  let start = args.after ? indexOf(args.after) + 1 : 0;
  let end = args.before ? indexOf(args.before) : ordered.length;
  const windowLen = Math.max(0, end - start);
  if (windowLen > size) {
    if (backwards) start = end - size;
    else end = start + size;
  }
  const slice = ordered.slice(start, Math.max(start, end));
  return {
    items: slice.map((row) => ({ cursor: encodeCursor([null, idOf(row)]), row })),
    hasNextPage: end < ordered.length,
    hasPreviousPage: start > 0,
  };
}
