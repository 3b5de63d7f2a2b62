// Seed generator throughput: builds a store and streams its orders, printing rates and peak RSS.
//   npx tsx bench/seed-generate.ts [--products 100000] [--orders 1000000] [--seed 1] [--days 730]
// "catalog only" is a run with no orders (products, variants, prices, collections);
// the full run adds the demand/inventory simulation, the order plan, customers and the order stream.

import { parseArgs } from "node:util";
import { generateStore } from "@royal-equips/emulator/seed";

const { values } = parseArgs({
  options: {
    products: { type: "string", default: "100000" },
    orders: { type: "string", default: "1000000" },
    seed: { type: "string", default: "1" },
    days: { type: "string", default: "730" },
  },
});

function int(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${text}"`);
  return n;
}

const products = int("products", values.products!);
const orders = int("orders", values.orders!);
const seed = int("seed", values.seed!);
const days = int("days", values.days!);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

let t = performance.now();
// In a function so the catalog-only store can be collected before the full run.
const { catalogMs, variants } = (() => {
  const catalogOnly = generateStore({ seed, products, orders: 0, days });
  return {
    catalogMs: performance.now() - t,
    variants: catalogOnly.products.reduce((s, p) => s + p.variants.length, 0),
  };
})();
console.log(
  `catalog only: ${fmt(products)} products, ${fmt(variants)} variants in ${(catalogMs / 1000).toFixed(2)} s -> ${fmt(products / (catalogMs / 1000))} products/s`,
);

(globalThis as { gc?: () => void }).gc?.();
const rssBefore = peakRssMb();
t = performance.now();
const store = generateStore({ seed, products, orders, days });
const prepMs = performance.now() - t;
console.log(
  `store prepared (catalog + simulation + order plan + customers) in ${(prepMs / 1000).toFixed(2)} s: ${fmt(store.orderCount ?? 0)} orders planned, ${fmt(store.customers.length)} customers, ${fmt(store.priceHistory.length)} price changes, ${fmt(store.stockouts?.length ?? 0)} stockouts`,
);

t = performance.now();
let orderCount = 0;
let lineItems = 0;
let units = 0;
let revenue = 0;
for (const o of store.orders) {
  orderCount++;
  lineItems += o.lineItems.length;
  for (const li of o.lineItems) units += li.quantity;
  revenue += o.totalPrice;
}
const streamMs = performance.now() - t;
const totalS = (prepMs + streamMs) / 1000;
console.log(
  `order stream: ${fmt(orderCount)} orders, ${fmt(lineItems)} line items, ${fmt(units)} units, revenue ${fmt(revenue)} USD in ${(streamMs / 1000).toFixed(2)} s -> ${fmt(orderCount / (streamMs / 1000))} orders/s streamed`,
);
console.log(
  `end to end: ${totalS.toFixed(2)} s -> ${fmt(orderCount / totalS)} orders/s, ${fmt(lineItems / totalS)} line items/s (prepare + stream)`,
);
console.log(`peak RSS: ${fmt(peakRssMb())} MB (after the catalog-only run: ${fmt(rssBefore)} MB)`);
