// What a page of the lookup tools costs deep into a big store (ADR 0037): the tools' keyset
// cursor against the OFFSET a page number would need, side by side and alternating, on a copy of
// the migrated dev database (.data/app.db) filled with --orders orders and --products products.
// Prints ms per page (median of --runs) for page 1, a keyset page after --deep rows, and the
// same page read with OFFSET; the tool calls go through the registry as AIRA and MCP make them.
//   node --import tsx bench/lookup-paging.ts --orders 200000 --products 100000 --deep 150000
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { execSync } from "node:child_process";
import { pino } from "pino";
import type { ToolContext } from "../agents/core/context";
import { createDb, prepareDatabase } from "../agents/db/client";
import { encodeCursor } from "../agents/lookup/cursor";
import { toolRegistry } from "../agents/tools";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "200000" },
    products: { type: "string", default: "100000" },
    deep: { type: "string", default: "150000" },
    runs: { type: "string", default: "7" },
  },
});
const ORDERS = Number(values.orders);
const PRODUCTS = Number(values.products);
const DEEP = Math.min(Number(values.deep), ORDERS - 20, PRODUCTS - 20);
const RUNS = Number(values.runs);
const SHOP = "paging-bench.myshopify.com";

const dir = mkdtempSync(path.join(tmpdir(), "lookup-paging-"));
const file = path.join(dir, "bench.db");
copyFileSync(".data/app.db", file);
const url = `file:${file}`;
const db = createDb(url);
await prepareDatabase(db, url);

const start = new Date("2024-01-01T00:00:00Z").getTime();
const fill = performance.now();
for (let i = 0; i < ORDERS; i += 5000) {
  await db.mirrorOrder.createMany({
    data: Array.from({ length: Math.min(5000, ORDERS - i) }, (_, j) => {
      const n = i + j;
      // Ten orders per minute share a timestamp: ties the keyset must break by id.
      const createdAt = new Date(start + Math.floor(n / 10) * 60_000);
      return {
        shop: SHOP,
        id: `${10_000_000 + n}`,
        name: `#${1000 + n}`,
        createdAt,
        subtotal: 40,
        totalDiscounts: 0,
        totalShipping: 5,
        totalTax: 0,
        total: 45,
        currencyCode: "EUR",
        updatedAt: createdAt,
        localDay: createdAt.toISOString().slice(0, 10),
      };
    }),
  });
}
for (let i = 0; i < PRODUCTS; i += 5000) {
  const ids = Array.from({ length: Math.min(5000, PRODUCTS - i) }, (_, j) => `${20_000_000 + i + j}`);
  const at = new Date(start);
  await db.mirrorProduct.createMany({
    data: ids.map((id, j) => ({
      shop: SHOP,
      id,
      title: `Product ${(i + j) % 997}`,
      handle: id,
      status: "ACTIVE",
      createdAt: at,
      updatedAt: at,
    })),
  });
  await db.mirrorVariant.createMany({
    data: ids.map((id) => ({ shop: SHOP, id: `v${id}`, productId: id, title: "Default", price: 10, updatedAt: at })),
  });
}
console.log(`filled ${ORDERS} orders, ${PRODUCTS} products in ${((performance.now() - fill) / 1000).toFixed(1)} s`);

const ctx: ToolContext = {
  shop: SHOP,
  db,
  admin: null as never,
  logger: pino({ level: "silent" }),
  actor: { kind: "system", id: "bench" },
  now: () => new Date(),
};
const limit = 10;
async function timed(run: () => Promise<unknown>) {
  const t = performance.now();
  await run();
  return performance.now() - t;
}
const tool = (name: string, input: Record<string, unknown>) => async () => {
  const r = await toolRegistry.call(ctx, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
};

// The row DEEP rows in, in each tool's order, gives the keyset position a walk would have reached.
const [order] = await db.mirrorOrder.findMany({
  where: { shop: SHOP },
  orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  skip: DEEP - 1,
  take: 1,
});
const [product] = await db.mirrorProduct.findMany({
  where: { shop: SHOP },
  orderBy: [{ title: "asc" }, { id: "asc" }],
  skip: DEEP - 1,
  take: 1,
});
const ordersInput = { limit };
const productsInput = { limit };
const cases: [string, () => Promise<unknown>][] = [
  ["search_orders page 1", tool("search_orders", ordersInput)],
  [
    `search_orders after ${DEEP} rows (cursor)`,
    tool("search_orders", {
      ...ordersInput,
      cursor: encodeCursor("search_orders", ordersInput, [order.createdAt.toISOString(), order.id]),
    }),
  ],
  [
    `orders after ${DEEP} rows (OFFSET, same columns)`,
    () =>
      db.mirrorOrder.findMany({
        where: { shop: SHOP },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        skip: DEEP,
        take: limit + 1,
      }),
  ],
  ["search_products page 1 (no words)", tool("search_products", productsInput)],
  [
    `search_products after ${DEEP} rows (cursor)`,
    tool("search_products", {
      ...productsInput,
      cursor: encodeCursor("search_products", productsInput, [4, 0, 0, product.title, product.id]),
    }),
  ],
  [
    `products after ${DEEP} rows (OFFSET, ids only)`,
    () =>
      db.mirrorProduct.findMany({
        where: { shop: SHOP },
        select: { id: true },
        orderBy: [{ title: "asc" }, { id: "asc" }],
        skip: DEEP,
        take: limit + 1,
      }),
  ],
];
const samples = cases.map(() => [] as number[]);
for (const [, run] of cases) await run(); // warm up
for (let r = 0; r < RUNS; r++) for (const [i, [, run]] of cases.entries()) samples[i].push(await timed(run));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| Page (limit ${limit}) | median ms of ${RUNS} |\n| --- | --- |`);
for (const [i, [label]] of cases.entries()) console.log(`| ${label} | ${median(samples[i]).toFixed(1)} |`);
console.log(`load: ${execSync("uptime").toString().trim()}`);
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
