// The MCP benches' server: a fixture shop with a synced month of orders (3,000, rolled up) on one
// SQLite database in WAL mode (as the worker sets it for the app), a private Redis, and /mcp
// mounted in the app's Express server with a call limit no bench reaches. mcp-latency.ts and
// mcp-profile.ts measure against it.
import { rebuildDailySales } from "../agents/analytics/rollups";
import { prepareDatabase } from "../agents/db/client";
import { createRedis } from "../agents/infra/redis";
import type { mountMcp as MountMcp } from "../mcp/http";
import { startFixture, TEST_SHOP } from "../mcp/testing/fixtures";
import { serveMcp } from "../tests/support/mcp";
import { startTestRedis } from "../tests/support/redis";

/** `mountMcp` is passed in so that a bench can serve another copy of mcp/ (side-by-side figures). */
export async function startMcpBenchServer(mountMcp: typeof MountMcp, limiterPrefix: string) {
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
  const mcp = await serveMcp(fx, {
    redis,
    mount: mountMcp,
    mcp: { callLimit: { points: 1e9, durationSeconds: 60 }, limiterPrefix },
  });
  // Idle keep-alive sockets are closed after 5 s by default; on a loaded machine a pause that long
  // races fetch's reuse of one (ECONNRESET). Closing them is not what is measured here.
  mcp.server.keepAliveTimeout = 120_000;
  const { token } = await fx.token("read");
  return {
    fx,
    url: mcp.url,
    token,
    async close() {
      await mcp.close();
      redis.disconnect();
      await testRedis.stop();
      await fx.close();
    },
  };
}
