// Mirror ingest throughput: writes a bulk-operation JSONL file in Shopify's format (orders with
// refunds, line items as child lines with __parentId, products, variants with inventory levels,
// customers) and ingests it the way a full sync does, into a fresh migrated SQLite database.
//   npx tsx bench/mirror-ingest.ts [rows=200000] [chunkSize=2000]
// Goal: >= 20,000 rows/s on SQLite.
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { createDb } from "../agents/db/client";
import { ingestBulkFile } from "../agents/mirror/sync";
import type { SyncPhase } from "../agents/mirror/queries";
import { createTestDatabase } from "../tests/support/database";

const targetRows = Number(process.argv[2] ?? 200_000);
const chunkSize = Number(process.argv[3] ?? 2000);
const SHOP = "bench-shop.myshopify.com";
const dir = mkdtempSync(path.join(tmpdir(), "mirror-ingest-"));
const money = (n: number) => ({ shopMoney: { amount: n.toFixed(2) } });

async function writeJsonl(file: string, lines: Iterable<object>): Promise<number> {
  const out = createWriteStream(file);
  let n = 0;
  for (const line of lines) {
    n++;
    if (!out.write(JSON.stringify(line) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return n;
}

// Row counts per phase, in proportion to a typical store: orders dominate.
const orderCount = Math.round((targetRows * 0.8) / 3.5); // ~2.5 line items + refunds per order
const productCount = Math.round((targetRows * 0.15) / 7); // 2 variants + 4 levels each
const customerCount = Math.max(1, targetRows - orderCount * 3.5 - productCount * 7);

function* products() {
  for (let p = 0; p < productCount; p++) {
    const pid = `gid://shopify/Product/${1000 + p}`;
    yield {
      id: pid,
      title: `Product ${p}`,
      handle: `product-${p}`,
      vendor: "Royal",
      productType: "Tools",
      status: "ACTIVE",
      tags: ["core", "sale"],
      createdAt: "2025-01-01T00:00:00Z",
      updatedAt: "2025-02-01T00:00:00Z",
    };
    for (let v = 0; v < 2; v++) {
      const vid = (1000 + p) * 10 + v;
      yield {
        id: `gid://shopify/ProductVariant/${vid}`,
        title: `Size ${v}`,
        sku: `SKU-${vid}`,
        price: "19.99",
        compareAtPrice: null,
        updatedAt: "2025-02-01T00:00:00Z",
        inventoryItem: { id: `gid://shopify/InventoryItem/${vid + 5_000_000}`, unitCost: { amount: "7.5" } },
        __parentId: pid,
      };
      for (let l = 0; l < 2; l++) {
        yield {
          id: `gid://shopify/InventoryLevel/${100 + l}?inventory_item_id=${vid + 5_000_000}`,
          location: { id: `gid://shopify/Location/${100 + l}` },
          quantities: [{ name: "available", quantity: 12 }],
          updatedAt: "2025-02-01T00:00:00Z",
          __parentId: `gid://shopify/ProductVariant/${vid}`,
        };
      }
    }
  }
}

function* orders() {
  let lineId = 1;
  for (let o = 0; o < orderCount; o++) {
    const oid = `gid://shopify/Order/${100_000 + o}`;
    const at = new Date(Date.UTC(2025, 0, 1) + o * 60_000).toISOString();
    const refunds =
      o % 2 === 0 ? [{ id: `gid://shopify/Refund/${o + 1}`, createdAt: at, totalRefundedSet: money(5) }] : [];
    yield {
      id: oid,
      name: `#${1001 + o}`,
      email: `c${o % 1000}@example.com`,
      createdAt: at,
      updatedAt: at,
      cancelledAt: null,
      sourceName: "web",
      currencyCode: "USD",
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: "FULFILLED",
      discountCodes: [],
      customer: { id: `gid://shopify/Customer/${5000 + (o % 1000)}` },
      subtotalPriceSet: money(40),
      totalDiscountsSet: money(0),
      totalShippingPriceSet: money(5),
      totalTaxSet: money(4),
      totalPriceSet: money(49),
      totalRefundedSet: money(refunds.length ? 5 : 0),
      risk: { assessments: [{ riskLevel: "LOW" }] },
      refunds,
    };
    const items = o % 2 === 0 ? 2 : 3;
    for (let k = 0; k < items; k++) {
      yield {
        id: `gid://shopify/LineItem/${lineId++}`,
        sku: "SKU-10000",
        title: "Product 0",
        quantity: 1 + (k % 2),
        originalUnitPriceSet: money(19.99),
        product: { id: "gid://shopify/Product/1000" },
        variant: { id: "gid://shopify/ProductVariant/10000" },
        __parentId: oid,
      };
    }
  }
}

function* customers() {
  for (let c = 0; c < customerCount; c++) {
    yield {
      id: `gid://shopify/Customer/${5000 + c}`,
      firstName: "Ann",
      lastName: `Buyer ${c}`,
      defaultEmailAddress: { emailAddress: `c${c}@example.com` },
      numberOfOrders: "3",
      amountSpent: { amount: "120.00" },
      createdAt: "2024-06-01T00:00:00Z",
      updatedAt: "2025-01-01T00:00:00Z",
    };
  }
}

const database = await createTestDatabase("sqlite");
const db = createDb(database.url);
try {
  const files: Record<SyncPhase, string> = {
    products: path.join(dir, "products.jsonl"),
    orders: path.join(dir, "orders.jsonl"),
    customers: path.join(dir, "customers.jsonl"),
  };
  const lines = {
    products: await writeJsonl(files.products, products()),
    orders: await writeJsonl(files.orders, orders()),
    customers: await writeJsonl(files.customers, customers()),
  };
  const bytes = Object.values(files).reduce((s, f) => s + statSync(f).size, 0);
  console.log(
    `JSONL: ${Object.values(lines).reduce((a, b) => a + b, 0)} lines (${JSON.stringify(lines)}), ${(bytes / 1e6).toFixed(1)} MB`,
  );

  let totalRows = 0;
  const started = performance.now();
  for (const phase of ["products", "orders", "customers"] as const) {
    const t0 = performance.now();
    const counts = await ingestBulkFile(db, SHOP, phase, files[phase], { chunkSize });
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    totalRows += rows;
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${phase.padEnd(9)} ${String(rows).padStart(7)} rows in ${s.toFixed(2)} s = ${Math.round(rows / s).toLocaleString("en")} rows/s`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `total     ${totalRows} rows in ${seconds.toFixed(2)} s = ${Math.round(totalRows / seconds).toLocaleString("en")} rows/s ` +
      `(goal >= 20,000 rows/s; chunk ${chunkSize})`,
  );
  const check = await db.mirrorLineItem.aggregate({ where: { shop: SHOP }, _sum: { quantity: true }, _count: true });
  console.log(`check: ${check._count} line items, sum(quantity) ${check._sum.quantity}`);
} finally {
  await db.$disconnect();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
}
