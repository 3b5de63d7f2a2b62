// Loads a synthetic SeedStore into an emulator database and measures rows/s, then the latency of
// a products page and an orders page through the HTTP server.
//   npx tsx bench/emulator-load.ts --products 2000 --orders 100000 [--db /tmp/emu.db] [--requests 200]
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { startEmulator, seedInto, type Loose } from "@royal-equips/emulator";
import { syntheticSeedStore } from "@royal-equips/emulator/testing";

const { values } = parseArgs({
  options: {
    products: { type: "string", default: "2000" },
    orders: { type: "string", default: "100000" },
    db: { type: "string", default: "/tmp/emulator-bench.db" },
    requests: { type: "string", default: "200" },
  },
});
const products = Number(values.products);
const orders = Number(values.orders);
for (const suffix of ["", "-wal", "-shm"]) rmSync(values.db + suffix, { force: true });

const seed = syntheticSeedStore({ products, orders, customers: Math.min(50_000, Math.ceil(orders / 4)) });
const stats = seedInto(values.db, seed);
console.log(
  `loaded ${stats.products} products, ${stats.variants} variants, ${stats.customers} customers, ` +
    `${stats.orders} orders, ${stats.lineItems} line items, ${stats.refunds} refunds`,
);
console.log(
  `${stats.rows} rows in ${(stats.ms / 1000).toFixed(2)} s = ${Math.round(stats.rows / (stats.ms / 1000)).toLocaleString("en")} rows/s ` +
    `(${Math.round(stats.orders / (stats.ms / 1000)).toLocaleString("en")} orders/s)`,
);

const emu = await startEmulator({
  dbPath: values.db,
  shopDomain: seed.shop.domain,
  accessToken: "bench",
  clientSecret: "bench",
  bucket: { max: 1e9, restoreRate: 1e9 },
});
const PRODUCTS = `query($after: String) { products(first: 50, after: $after) { edges { cursor node { id title updatedAt
  variants(first: 5) { nodes { id sku price compareAtPrice inventoryQuantity inventoryItem { unitCost { amount } } } } } }
  pageInfo { hasNextPage endCursor } } }`;
const ORDERS = `query($after: String) { orders(first: 25, after: $after, query: "created_at:>=2025-01-01") { edges { cursor node { id name processedAt
  totalPriceSet { shopMoney { amount } } customer { id } lineItems(first: 5) { nodes { sku quantity originalUnitPriceSet { shopMoney { amount } } } }
  refunds { id } } } pageInfo { hasNextPage endCursor } } }`;

async function measure(name: string, query: string) {
  const times: number[] = [];
  let after: string | null = null;
  for (let i = 0; i < Number(values.requests); i++) {
    const t0 = performance.now();
    const res = await fetch(emu.graphqlUrl, {
      method: "POST",
      body: JSON.stringify({ query, variables: { after } }),
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "bench" },
    });
    const body: Loose = await res.json();
    times.push(performance.now() - t0);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    const conn = Object.values(body.data)[0] as Loose;
    after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  console.log(`${name}: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms over ${times.length} pages`);
}
await measure("products page", PRODUCTS);
await measure("orders page", ORDERS);
await emu.close();
