// Multi-row INSERTs for the mirror's bulk writes. Prisma's createMany (and bound parameters through
// $executeRawUnsafe) spend most of their time converting arguments: about 8,000 and 26,000 rows/s
// on SQLite, against about 85,000 rows/s for the same rows as SQL literals. So the bulk path
// renders values as literals, with an encoder that accepts only strings, finite numbers, booleans,
// dates and null, and quotes strings for the provider (PostgreSQL: E'' strings, which mean the same
// whatever standard_conforming_strings says).
import { generatedProvider } from "../db/client";
import type { DatabaseProvider } from "../db/provider";
import type { MirrorDb, MirrorTable } from "./tables";

/** Every column of each mirror table, in the order rows are rendered (Prisma's model = table name). */
export const MIRROR_COLUMNS: Record<MirrorTable, readonly string[]> = {
  mirrorProduct: [
    "shop",
    "id",
    "title",
    "handle",
    "vendor",
    "productType",
    "status",
    "tags",
    "imageUrl",
    "createdAt",
    "updatedAt",
  ],
  mirrorVariant: [
    "shop",
    "id",
    "productId",
    "title",
    "sku",
    "price",
    "compareAtPrice",
    "unitCost",
    "inventoryItemId",
    "updatedAt",
  ],
  mirrorInventoryLevel: ["shop", "inventoryItemId", "locationId", "available", "updatedAt"],
  mirrorCollection: ["shop", "id", "title", "handle"],
  mirrorCollectionProduct: ["shop", "collectionId", "productId"],
  mirrorOrder: [
    "shop",
    "id",
    "name",
    "customerId",
    "email",
    "createdAt",
    "cancelledAt",
    "sourceName",
    "currencyCode",
    "subtotal",
    "totalDiscounts",
    "totalShipping",
    "totalTax",
    "total",
    "totalRefunded",
    "financialStatus",
    "fulfillmentStatus",
    "discountCodes",
    "riskLevel",
    "updatedAt",
    "localDay",
  ],
  mirrorLineItem: [
    "shop",
    "id",
    "orderId",
    "productId",
    "variantId",
    "sku",
    "title",
    "quantity",
    "unitPrice",
    "createdAt",
    "localDay",
  ],
  mirrorRefund: ["shop", "id", "orderId", "amount", "createdAt", "localDay"],
  mirrorCustomer: [
    "shop",
    "id",
    "email",
    "firstName",
    "lastName",
    "ordersCount",
    "totalSpent",
    "createdAt",
    "updatedAt",
  ],
};

const tableName = (table: string) => table[0].toUpperCase() + table.slice(1);

export function sqlProvider(): DatabaseProvider {
  const provider = generatedProvider();
  if (!provider) throw new Error("Cannot tell which database the Prisma client was generated for: run `npm run setup`");
  return provider;
}

/** One value as a SQL literal; anything else than a plain scalar is refused. */
export function sqlLiteral(value: unknown, provider: DatabaseProvider): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`Cannot store ${value} in the mirror: numbers must be finite`);
    return String(value);
  }
  if (typeof value === "boolean") return provider === "postgresql" ? String(value) : value ? "1" : "0";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error("Cannot store an invalid date in the mirror");
    // Prisma's own SQLite spelling; PostgreSQL's timestamp(3) reads the same text as UTC.
    return `'${value.toISOString().replace("Z", "+00:00")}'`;
  }
  if (typeof value === "string") {
    // NUL ends SQL text in SQLite and is refused by PostgreSQL: Shopify text never needs it.
    const text = value.includes("\0") ? value.replaceAll("\0", "\uFFFD") : value;
    if (provider === "postgresql") return `E'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
    return `'${text.replaceAll("'", "''")}'`;
  }
  throw new Error(`Cannot store a ${typeof value} in the mirror as a SQL value`);
}

/**
 * After a full sync replaced tables wholesale, PostgreSQL's planner still has the statistics of
 * the old (often empty) tables until autovacuum gets round to them, and plans joins over a million
 * rows as if they held a few dozen. ANALYZE samples them now (a second or two for millions of rows).
 * SQLite keeps no statistics unless asked, and the reports' queries are written to plan well
 * without them, so there is nothing to do there.
 */
export async function refreshPlannerStatistics(
  db: Pick<MirrorDb, "$executeRawUnsafe">,
  tables: readonly string[],
  provider: DatabaseProvider = sqlProvider(),
): Promise<void> {
  if (provider !== "postgresql" || !tables.length) return;
  await db.$executeRawUnsafe(`ANALYZE ${tables.map((t) => `"${tableName(t)}"`).join(", ")}`);
}

/** Inserts rows (objects keyed by column) with multi-row INSERT statements of up to `perStatement` rows. */
export async function insertRows(
  db: MirrorDb,
  table: MirrorTable,
  rows: readonly Record<string, unknown>[],
  provider: DatabaseProvider = sqlProvider(),
  perStatement = 1000,
): Promise<void> {
  const columns = MIRROR_COLUMNS[table];
  const head = `INSERT INTO "${tableName(table)}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  for (let i = 0; i < rows.length; i += perStatement) {
    const values: string[] = [];
    for (const row of rows.slice(i, i + perStatement)) {
      values.push(`(${columns.map((c) => sqlLiteral(row[c], provider)).join(", ")})`);
    }
    await db.$executeRawUnsafe(head + values.join(", "));
  }
}
