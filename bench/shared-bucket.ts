// Three worker processes reading one shop at once (issue #24 part 4): THROTTLED answers and how much
// of the shop's restore rate they turn into work, with each process's own bucket model (before)
// and with the bucket shared through Redis (SharedCostBucket, ADR 0025).
//   npx tsx bench/shared-bucket.ts [--processes 3] [--orders 300] [--max 1000] [--rate 100] [--first 50]
// Each child process pages through all of the shop's orders (the mirror sync's reads) with the
// app's Admin client; the emulator's bucket (per access token, like Shopify's per shop and app) is
// the one that throttles. A private redis-server holds the shared bucket.
// utilisation = points consumed beyond the first full bucket / (restore rate × wall time).
import { fork } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRedis } from "../agents/infra/redis";
import { FIXTURE_TOKEN, fixtureStore, startFixtureEmulator } from "../agents/mirror/testing/fixture";
import { CostBucketModel } from "../agents/shopify/cost-bucket";
import { createAdminClient, pageThrough } from "../agents/shopify/graphql-client";
import { SharedCostBucket } from "../agents/shopify/shared-bucket";
import { startTestRedis } from "../tests/support/redis";

const ORDER_PAGES = `query ($first: Int!, $after: String) {
  orders(first: $first, after: $after) { nodes { id name createdAt totalPriceSet { shopMoney { amount } } } pageInfo { hasNextPage endCursor } }
}`;

interface ChildResult {
  orders: number;
  requests: number;
  throttled: number;
  points: number;
  bucketWaitMs: number;
  fallbacks: number;
}

if (process.env.BENCH_CHILD) {
  // One "worker process".
  const { endpoint, token, redisUrl, shop, first } = JSON.parse(process.env.BENCH_CHILD) as Record<string, string>;
  const redis = redisUrl ? createRedis(redisUrl, { name: "bench-shared-bucket" }) : null;
  if (redis) await new Promise<void>((resolve) => redis.once("ready", resolve));
  const bucket = redis ? new SharedCostBucket(redis, shop, { prefix: "bench" }) : new CostBucketModel();
  const client = createAdminClient({ shop, accessToken: token, endpoint, bucket });
  // Start together: say ready, wait for the parent's go.
  const go = new Promise<void>((resolve) => process.once("message", () => resolve()));
  process.send!("ready");
  await go;
  let orders = 0;
  for await (const page of pageThrough(client, ORDER_PAGES, { first: Number(first) }, "orders")) orders += page.length;
  const stats = client.stats();
  const result: ChildResult = {
    orders,
    requests: stats.requests,
    throttled: stats.throttled,
    points: stats.pointsConsumed,
    bucketWaitMs: stats.bucketWaitMs,
    fallbacks: bucket instanceof SharedCostBucket ? bucket.fallbacks : 0,
  };
  process.send!(result);
  redis?.disconnect();
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "3" },
    orders: { type: "string", default: "300" },
    max: { type: "string", default: "1000" },
    rate: { type: "string", default: "100" },
    first: { type: "string", default: "50" },
  },
});
const processes = Number(values.processes);
const max = Number(values.max);
const rate = Number(values.rate);
const orders = Number(values.orders);

const tokens = ["shpat_bench_own", "shpat_bench_shared"];
const emulator = await startFixtureEmulator(fixtureStore({ products: 20, orders, customers: 50 }), {
  bucket: { max, restoreRate: rate },
  accessToken: [FIXTURE_TOKEN, ...tokens],
});
const redis = await startTestRedis({ own: true });
console.log(`${processes} processes each read ${orders} orders of one shop, ${values.first} per page`);
console.log(
  `bucket ${max} points restoring ${rate}/s; load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);

async function run(mode: "own" | "shared"): Promise<void> {
  const started = performance.now();
  const children = Array.from({ length: processes }, () =>
    fork(fileURLToPath(import.meta.url), [], {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        BENCH_CHILD: JSON.stringify({
          endpoint: emulator.url,
          token: mode === "own" ? tokens[0] : tokens[1],
          redisUrl: mode === "shared" ? redis.url : "",
          shop: "bench-one-shop.myshopify.com",
          first: values.first,
        }),
      },
    }),
  );
  // Processes start up at different speeds: they begin paging together once all are up.
  const ready = children.map((child) => new Promise((resolve) => child.once("message", resolve)));
  await Promise.all(ready);
  const results = children.map(
    (child) =>
      new Promise<ChildResult>((resolve, reject) => {
        child.once("message", (m) => resolve(m as ChildResult));
        child.once("exit", (code) => code !== 0 && reject(new Error(`child exited ${code}`)));
      }),
  );
  const pagingStarted = performance.now();
  for (const child of children) child.send("go");
  const all = await Promise.all(results);
  const seconds = (performance.now() - pagingStarted) / 1000;
  const sum = (key: keyof ChildResult) => all.reduce((n, r) => n + r[key], 0);
  const utilisation = Math.max(0, sum("points") - max) / (rate * seconds);
  console.log(
    `${mode === "own" ? "own model per process" : "shared through Redis "}: ${seconds.toFixed(1)} s, ` +
      `orders read ${all.map((r) => r.orders).join("/")}, requests ${sum("requests")}, THROTTLED ${sum("throttled")}, ` +
      `points ${sum("points")}, utilisation ${(utilisation * 100).toFixed(1)} % of the restore rate, ` +
      `bucket waits ${(sum("bucketWaitMs") / 1000).toFixed(1)} s, Redis fallbacks ${sum("fallbacks")} ` +
      `(start-up ${((pagingStarted - started) / 1000).toFixed(1)} s)`,
  );
}

try {
  await run("own");
  // The emulator's bucket of the first run's token refills meanwhile; the second uses its own token.
  await run("shared");
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
} finally {
  await emulator.close();
  await redis.stop();
}
