// Writes bulk-operation lines into the mirror tables in batches (multi-row INSERTs, see sql.ts). Lines come
// in Shopify's JSONL form: one object per line, children of nested connections as their own lines
// with __parentId. Shopify does not promise that a parent comes before its children, so line items
// (which need their order's createdAt) wait for their order.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { localDay } from "../core/time";
import type { SyncPhase } from "./queries";
import { insertRows, sqlProvider } from "./sql";
import { PHASE_TABLES, type MirrorDb, type MirrorTable } from "./tables";
import {
  collectionFromNode,
  customerFromNode,
  gidType,
  levelFromNode,
  lineItemFromNode,
  numericId,
  orderFromNode,
  productFromNode,
  variantFromNode,
  type CollectionProductRow,
  type CollectionRow,
  type CustomerRow,
  type LevelRow,
  type Line,
  type LineItemRow,
  type OrderRow,
  type ProductRow,
  type RefundRow,
  type VariantRow,
} from "./rows";

/** Deletes the shop's rows of the phase's tables (a full sync replaces them). */
export async function clearPhase(db: MirrorDb, shop: string, phase: SyncPhase): Promise<void> {
  for (const table of PHASE_TABLES[phase]) {
    await (db[table] as unknown as { deleteMany(args: { where: { shop: string } }): Promise<unknown> }).deleteMany({
      where: { shop },
    });
  }
}

interface Buffers {
  mirrorProduct: ProductRow[];
  mirrorVariant: VariantRow[];
  mirrorInventoryLevel: LevelRow[];
  mirrorCollection: CollectionRow[];
  mirrorCollectionProduct: CollectionProductRow[];
  mirrorOrder: OrderRow[];
  mirrorLineItem: LineItemRow[];
  mirrorRefund: RefundRow[];
  mirrorCustomer: CustomerRow[];
}

export interface WriterOptions {
  /** Rows per createMany. */
  chunkSize?: number;
  /** Called after every batch with the rows written so far. */
  onRows?: (rows: number) => void;
  /** The shop's IANA timezone: orders, line items and refunds are stored with their local day. */
  timeZone?: string;
  /**
   * Runs each batch's writes (default: straight on the writer's db). A writer outside a
   * transaction passes one short transaction per batch: one commit instead of one per statement.
   */
  eachBatch?: (write: (db: MirrorDb) => Promise<void>) => Promise<void>;
}

/** Tables whose rows carry the shop-local day of their createdAt (see Shop.ianaTimezone). */
const DAY_KEYED = new Set<keyof Buffers>(["mirrorOrder", "mirrorLineItem", "mirrorRefund"]);

export class MirrorWriter {
  private readonly buffers: Buffers = {
    mirrorProduct: [],
    mirrorVariant: [],
    mirrorInventoryLevel: [],
    mirrorCollection: [],
    mirrorCollectionProduct: [],
    mirrorOrder: [],
    mirrorLineItem: [],
    mirrorRefund: [],
    mirrorCustomer: [],
  };
  private buffered = 0;
  private readonly orderCreatedAt = new Map<string, Date>();
  private readonly waitingForOrder = new Map<string, Omit<LineItemRow, "createdAt">[]>();
  /** A collection comes once under each of its products (bulk) or once as a root (paged): stored once. */
  private readonly collections = new Set<string>();
  private readonly memberships = new Set<string>();
  private readonly chunkSize: number;
  private readonly provider = sqlProvider();
  readonly counts: Record<MirrorTable, number> = {
    mirrorProduct: 0,
    mirrorVariant: 0,
    mirrorInventoryLevel: 0,
    mirrorCollection: 0,
    mirrorCollectionProduct: 0,
    mirrorOrder: 0,
    mirrorLineItem: 0,
    mirrorRefund: 0,
    mirrorCustomer: 0,
  };
  rows = 0;

  constructor(
    private readonly db: MirrorDb,
    private readonly shop: string,
    private readonly options: WriterOptions = {},
  ) {
    this.chunkSize = options.chunkSize ?? 2000;
  }

  /** Buffers one line's rows; call flushIfFull() after (it writes only when a batch is ready). */
  add(line: Line): void {
    const shop = this.shop;
    const type = gidType(line.id);
    switch (type) {
      case "Product":
        // Under a collection (paged collections query): only its id, naming a member.
        if (gidType(line.__parentId) === "Collection")
          this.addMembership(numericId(line.__parentId), numericId(line.id, "product id"));
        else this.push("mirrorProduct", productFromNode(shop, line));
        return;
      case "Collection": {
        const collection = collectionFromNode(shop, line);
        if (!this.collections.has(collection.id)) {
          this.collections.add(collection.id);
          this.push("mirrorCollection", collection);
        }
        // Under a product (bulk products query): the product is a member.
        if (gidType(line.__parentId) === "Product") this.addMembership(collection.id, numericId(line.__parentId));
        return;
      }
      case "ProductVariant": {
        const variant = variantFromNode(
          shop,
          line,
          numericId(line.__parentId ?? line.product?.id, "variant's product id (__parentId)"),
        );
        this.push("mirrorVariant", variant);
        // Levels nested under inventoryItem, when they come embedded rather than as their own lines.
        const levels = line.inventoryItem?.inventoryLevels;
        const nodes: Line[] = levels?.nodes ?? levels?.edges?.map((e: Line) => e.node) ?? [];
        for (const level of nodes)
          this.push("mirrorInventoryLevel", levelFromNode(shop, level, variant.inventoryItemId ?? undefined));
        return;
      }
      case "InventoryLevel":
        this.push("mirrorInventoryLevel", levelFromNode(shop, line));
        return;
      case "InventoryItem":
        return; // the parent of paged inventory levels: nothing of its own to store
      case "Order": {
        const { order, refunds } = orderFromNode(shop, line);
        this.push("mirrorOrder", order);
        for (const refund of refunds) this.push("mirrorRefund", refund);
        const createdAt = order.createdAt as Date;
        this.orderCreatedAt.set(order.id, createdAt);
        const waiting = this.waitingForOrder.get(order.id);
        if (waiting) {
          this.waitingForOrder.delete(order.id);
          for (const item of waiting) this.push("mirrorLineItem", { ...item, createdAt });
        }
        return;
      }
      case "LineItem": {
        const item = lineItemFromNode(shop, line, numericId(line.__parentId, "line item's order id (__parentId)"));
        const createdAt = this.orderCreatedAt.get(item.orderId);
        if (createdAt) this.push("mirrorLineItem", { ...item, createdAt });
        else {
          const waiting = this.waitingForOrder.get(item.orderId);
          if (waiting) waiting.push(item);
          else this.waitingForOrder.set(item.orderId, [item]);
        }
        return;
      }
      case "Customer":
        this.push("mirrorCustomer", customerFromNode(shop, line));
        return;
      default:
        throw new Error(
          `Unexpected object in bulk result (id ${JSON.stringify(line.id)}): the mirror stores products, variants, inventory levels, collections, orders, line items and customers`,
        );
    }
  }

  private addMembership(collectionId: string, productId: string): void {
    const key = `${collectionId}/${productId}`;
    if (this.memberships.has(key)) return;
    this.memberships.add(key);
    this.push("mirrorCollectionProduct", { shop: this.shop, collectionId, productId });
  }

  private push<K extends keyof Buffers>(table: K, row: Buffers[K][number]): void {
    if (DAY_KEYED.has(table)) {
      const dated = row as { createdAt: Date; localDay?: string };
      dated.localDay = localDay(dated.createdAt, this.options.timeZone ?? "UTC");
    }
    (this.buffers[table] as Buffers[K][number][]).push(row);
    this.buffered++;
  }

  async flushIfFull(): Promise<void> {
    if (this.buffered >= this.chunkSize) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = (Object.keys(this.buffers) as (keyof Buffers)[])
      .map((table) => ({ table, rows: this.buffers[table] as unknown as Record<string, unknown>[] }))
      .filter(({ rows }) => rows.length);
    for (const { table } of batch) this.buffers[table] = [];
    this.buffered = 0;
    if (!batch.length) return this.options.onRows?.(this.rows);
    const write = async (db: MirrorDb) => {
      for (const { table, rows } of batch) await insertRows(db, table, rows, this.provider);
    };
    await (this.options.eachBatch ? this.options.eachBatch(write) : write(this.db));
    for (const { table, rows } of batch) {
      this.counts[table] += rows.length;
      this.rows += rows.length;
    }
    this.options.onRows?.(this.rows);
  }

  /** Writes what is left; fails when line items name orders that never came. */
  async finish(): Promise<Record<MirrorTable, number>> {
    await this.flush();
    if (this.waitingForOrder.size) {
      const orphans = [...this.waitingForOrder.values()].reduce((n, items) => n + items.length, 0);
      const sample = [...this.waitingForOrder.keys()].slice(0, 3).join(", ");
      throw new Error(`${orphans} line items belong to orders missing from the bulk result (order ids ${sample}…)`);
    }
    return this.counts;
  }
}

/** Streams a JSONL file line by line into `writer`. Returns the number of lines read. */
export async function ingestJsonlFile(writer: MirrorWriter, file: string): Promise<number> {
  const lines = createInterface({
    input: createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (!text.trim()) continue;
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      throw new Error(`Bulk result line ${n} is not JSON: ${text.slice(0, 120)}`);
    }
    writer.add(line);
    await writer.flushIfFull();
  }
  return n;
}
