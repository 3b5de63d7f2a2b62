// Lists passed to one statement are bound one value each. SQLite (the libsql adapter) refuses a
// statement with more than 999 bound values, PostgreSQL one with more than 32,767, and Prisma splits
// only a few statements itself (createMany; a findMany on PostgreSQL): the rest fail with P2029 on a
// big store. So every `in` over a caller-sized list (ids of a catalog, of a customer's orders, of a
// product's variants) reads or writes through these: at most IN_CHUNK values per statement, which
// leaves room for the statement's own values (the shop, dates) on both databases.
// Where a set can be named instead (every variant of the shop, the orders of a window), a query on
// that set beats any list: prefer it, and use these where a list is what there is.

/** Values of one list per statement: well under SQLite's 999, with room for the other values. */
export const IN_CHUNK = 500;

/** The distinct items, in first-seen order, in consecutive slices of at most `size`. */
export function chunks<T>(items: Iterable<T>, size = IN_CHUNK): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunks: size must be a positive integer, not ${size}`);
  const distinct = [...new Set(items)];
  const out: T[][] = [];
  for (let i = 0; i < distinct.length; i += size) out.push(distinct.slice(i, i + size));
  return out;
}

/**
 * Runs `query` once per slice of at most `size` distinct items, one slice after another (so it can
 * run inside an interactive transaction), and concatenates the rows. No items: no query, no rows
 * (as `in: []` would answer). The query must partition by the list (`id: { in: chunk }`, a groupBy
 * on the listed column), so that no row is found twice.
 */
export async function inChunks<T, R>(
  items: Iterable<T>,
  query: (chunk: T[]) => Promise<R[]>,
  size = IN_CHUNK,
): Promise<R[]> {
  const rows: R[] = [];
  // One push per row: a slice can match hundreds of thousands of rows (every line item of 500
  // variants on a big store), and push(...rows) passes each as an argument, beyond the call stack.
  for (const chunk of chunks(items, size)) for (const row of await query(chunk)) rows.push(row);
  return rows;
}

/** As inChunks, for updateMany and deleteMany: the rows changed, summed over the slices. */
export async function countInChunks<T>(
  items: Iterable<T>,
  write: (chunk: T[]) => Promise<{ count: number }>,
  size = IN_CHUNK,
): Promise<number> {
  let count = 0;
  for (const chunk of chunks(items, size)) count += (await write(chunk)).count;
  return count;
}
