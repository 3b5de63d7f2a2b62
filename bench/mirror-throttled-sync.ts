// A full mirror sync by cursor pagination against the emulator with a small cost bucket: how much
// of the bucket's restore rate the client turns into work, and how many requests fail.
//   npx tsx bench/mirror-throttled-sync.ts [orders=40] [max=100] [restoreRate=50]
// bucket utilisation = points consumed (sum of actualQueryCost) / (restoreRate × elapsed)
// Goals: utilisation >= 90 %, failed requests (THROTTLED, 5xx, network) = 0.
// A bulk-operation sync of the same store under the same bucket is timed for comparison.
import pino from "pino";
import { createDb } from "../agents/db/client";
import { syncStore } from "../agents/mirror/sync";
import {
  fixtureStore,
  FIXTURE_TOKEN,
  mirrorTotals,
  startFixtureEmulator,
  storeTotals,
} from "../agents/mirror/testing/fixture";
import { CostBucketModel } from "../agents/shopify/cost-bucket";
import { createAdminClient } from "../agents/shopify/graphql-client";
import { createTestDatabase } from "../tests/support/database";

const orders = Number(process.argv[2] ?? 40);
const max = Number(process.argv[3] ?? 100);
const restoreRate = Number(process.argv[4] ?? 50);
const logger = pino({ level: "silent" });

const store = fixtureStore({
  products: Math.max(4, Math.round(orders / 5)),
  orders,
  customers: Math.max(2, Math.round(orders / 4)),
});
const emulator = await startFixtureEmulator(store, {
  bucket: { max, restoreRate },
  accessToken: [FIXTURE_TOKEN, "shpat_bulk"],
});
const database = await createTestDatabase("sqlite");
const db = createDb(database.url);
try {
  const expected = storeTotals(emulator);
  console.log(
    `store: ${expected.products} products, ${expected.variants} variants, ${expected.inventoryLevels} inventory levels, ` +
      `${expected.orders} orders, ${expected.lineItems} line items, ${expected.refunds} refunds, ${expected.customers} customers`,
  );
  console.log(`bucket: ${max} points, restoring ${restoreRate}/s`);

  for (const mode of ["paged", "bulk"] as const) {
    const shop = `${mode}.myshopify.com`;
    const admin = createAdminClient({
      shop,
      accessToken: mode === "paged" ? FIXTURE_TOKEN : "shpat_bulk",
      endpoint: emulator.url,
      bucket: new CostBucketModel(),
    });
    const started = performance.now();
    const result = await syncStore({ db, admin, shop, logger }, undefined, { mode, pollMs: 100, maxPollMs: 500 });
    const seconds = (performance.now() - started) / 1000;
    const stats = admin.stats();
    const same = JSON.stringify(await mirrorTotals(db, shop)) === JSON.stringify(expected);
    console.log(`\n${mode} sync: ${result.rows} rows in ${seconds.toFixed(2)} s; mirror equals store: ${same}`);
    console.log(
      `  requests ${stats.requests}, failed requests ${stats.failedRequests} (throttled ${stats.throttled}), retries ${stats.retries}`,
    );
    console.log(
      `  points consumed ${stats.pointsConsumed}, waited for the bucket ${(stats.bucketWaitMs / 1000).toFixed(2)} s`,
    );
    const utilisation = stats.pointsConsumed / (restoreRate * seconds);
    // The bucket starts full: those points were not restored during the run.
    const steady = Math.max(0, stats.pointsConsumed - max) / (restoreRate * seconds);
    console.log(
      `  bucket utilisation ${(utilisation * 100).toFixed(1)} %, ${(steady * 100).toFixed(1)} % without the initial full bucket` +
        (mode === "paged" ? " (goal >= 90 %)" : " (few points: polling, not the bucket, sets a bulk sync's pace)"),
    );
  }
} finally {
  await emulator.close();
  await db.$disconnect();
  await database.drop();
}
