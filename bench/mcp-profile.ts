// Load for a profiler: one kind of MCP request over HTTP, `concurrency` in flight, nothing else
// (no direct calls, no warm-up statistics), so that `node --cpu-prof` shows where a request's time goes.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/mcp-profile.ts [ping|light|overview] [calls=2000] [concurrency=8]
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { rebuildDailySales } from "../agents/analytics/rollups";
import { prepareDatabase } from "../agents/db/client";
import { createRedis } from "../agents/infra/redis";
import { startTestRedis } from "../tests/support/redis";
import { createHttpApp } from "../server/http";
import { startFixture, TEST_SHOP } from "../mcp/testing/fixtures";

const kind = process.argv[2] ?? "overview";
const calls = Number(process.argv[3] ?? 2000);
const concurrency = Number(process.argv[4] ?? 8);

// MCP_IMPL=<folder> serves /mcp from another copy of mcp/ (e.g. the previous commit's, for side-by-side figures).
const { mountMcp } = (await import(`../${process.env.MCP_IMPL ?? "mcp"}/http.ts`)) as typeof import("../mcp/http");
const [fx, testRedis] = await Promise.all([startFixture(), startTestRedis()]);
await prepareDatabase(fx.db, fx.database.url);
const redis = createRedis(testRedis.url, { name: "bench" });
redis.on("error", () => {});
const now = Date.now();
await fx.db.mirrorOrder.createMany({
  data: Array.from({ length: 3_000 }, (_, i) => ({
    shop: TEST_SHOP,
    id: `b${i}`,
    name: `#${i}`,
    createdAt: new Date(now - (i % 60) * 86_400_000),
    subtotal: 40,
    totalDiscounts: 2,
    totalShipping: 5,
    totalTax: 3,
    total: 46 + (i % 17),
    updatedAt: new Date(),
  })),
});
await rebuildDailySales(fx.db, TEST_SHOP);
const app = createHttpApp({
  db: fx.db,
  redis,
  logger: fx.deps.logger,
  extraRoutes: mountMcp({
    ...fx.deps,
    redis,
    callLimit: { points: 1e9, durationSeconds: 60 },
    limiterPrefix: `profile-${process.pid}`,
  }),
});
const server = app.listen(0, "127.0.0.1");
server.keepAliveTimeout = 120_000;
await new Promise((resolve) => server.once("listening", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
const { token } = await fx.token("read");
const headers = {
  "Content-Type": "application/json",
  Accept: "application/json, text/event-stream",
  Authorization: `Bearer ${token}`,
};
let id = 0;
const message = () =>
  kind === "ping"
    ? { jsonrpc: "2.0", id: ++id, method: "ping" }
    : {
        jsonrpc: "2.0",
        id: ++id,
        method: "tools/call",
        params:
          kind === "light"
            ? { name: "get_agent_status", arguments: {} }
            : { name: "get_shop_overview", arguments: { days: 30 } },
      };
const call = async () => {
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(message()) });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"isError":true')) throw new Error(`bad answer ${res.status}: ${text}`);
};
for (let i = 0; i < 100; i++) await call();
let next = 0;
const start = performance.now();
const cpu = process.cpuUsage();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next++ < calls) await call();
  }),
);
const used = process.cpuUsage(cpu);
console.log(
  `${process.env.MCP_IMPL ?? "mcp"} ${kind}: ${(calls / ((performance.now() - start) / 1000)).toFixed(0)} calls/s with ${concurrency} in flight, ${((used.user + used.system) / 1000 / calls).toFixed(2)} CPU ms/call (client included); load ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`,
);
server.close();
redis.disconnect();
await testRedis.stop();
await fx.close();
