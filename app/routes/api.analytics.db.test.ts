// GET /api/analytics/:query in local mode on a synced store: JSON, the CSV download, the audit
// record, and refusals of bad requests with what to send.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYTICS_SHOP, startSyncedMirror, type SyncedMirror } from "../../agents/analytics/testing/mirror";
import { loadAppWithEnv, startAnalysisWorker } from "../../tests/support/app";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";

let mirror: SyncedMirror;
let route: typeof import("./api.analytics.$query");
let app: Awaited<ReturnType<typeof loadAppWithEnv>>;
let redis: TestRedis;
let worker: Awaited<ReturnType<typeof startAnalysisWorker>>;

beforeAll(async () => {
  [mirror, redis] = await Promise.all([
    startSyncedMirror({ seed: 3, products: 15, orders: 1500, days: 200 }),
    startTestRedis({ own: true }),
  ]);
  app = await loadAppWithEnv({
    DATABASE_URL: mirror.database.url,
    REDIS_URL: redis.url,
    LOCAL_MODE: "true",
    LOCAL_SHOP: ANALYTICS_SHOP,
    LOG_LEVEL: "silent",
  });
  route = await import("./api.analytics.$query");
  worker = await startAnalysisWorker();
}, 180_000);

afterAll(async () => {
  await worker?.close();
  const { appRuntime } = await import("../runtime.server");
  await appRuntime().close();
  await app?.db.$disconnect();
  await mirror?.close();
  await redis?.stop();
});

const getOnce = async (path: string) => {
  const url = new URL(`http://localhost${path}`);
  const query = url.pathname.split("/").at(-1)!;
  return route.loader({ request: new Request(url), params: { query }, context: {} });
};

/** As a client does: a report not worked out yet answers 202 with Retry-After; ask again until it is. */
const get = async (path: string) => {
  for (let tries = 0; tries < 100; tries++) {
    const response = await getOnce(path);
    if (response.status !== 202) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${path} was still being worked out after 10 s`);
};

describe("analytics API (local mode)", () => {
  it("answers 202 with Retry-After until a report is worked out in the background, then the report", async () => {
    const path = "/api/analytics/repeat_rate?from=2026-07-01&to=2026-07-31";
    const first = await getOnce(path);
    expect(first.status).toBe(202);
    expect(first.headers.get("retry-after")).toBe("5");
    expect(await first.json()).toMatchObject({ pending: true });
    const ready = await get(path);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ query: "repeat_rate" });
  });

  it("answers a report as JSON, through the registry (the export audited as the merchant)", async () => {
    const response = await get("/api/analytics/top_customers?from=2026-06-01&to=2026-10-31&limit=5");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ query: "top_customers", params: { from: "2026-06-01", to: "2026-10-31", limit: 5 } });
    expect(body.rows).toHaveLength(5);
    const orders = await mirror.db.mirrorOrder.findMany({
      where: {
        shop: ANALYTICS_SHOP,
        customerId: body.rows[0].customerId,
        cancelledAt: null,
        createdAt: { gte: new Date("2026-06-01"), lt: new Date("2026-11-01") },
      },
    });
    expect(body.rows[0]).toMatchObject({
      orders: orders.length,
      revenue: Math.round(orders.reduce((s, o) => s + o.total, 0) * 100) / 100,
    });
    const audit = await mirror.db.auditLog.findFirst({
      where: { shop: ANALYTICS_SHOP, action: "analytics.export" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({
      actor: "merchant:local",
      outcome: "ok",
      input: { query: "top_customers", format: "json", from: "2026-06-01", to: "2026-10-31", limit: 5 },
      result: { rows: 5 },
    });
  });

  it("downloads the same table as CSV, labels as the header", async () => {
    const json = await (await get("/api/analytics/revenue_by_product?from=2026-05-01&to=2026-08-31")).json();
    const response = await get("/api/analytics/revenue_by_product?from=2026-05-01&to=2026-08-31&format=csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="revenue_by_product_2026-05-01_2026-08-31.csv"',
    );
    const [header, ...lines] = parse(await response.text()) as string[][];
    expect(header).toEqual(json.columns.map((c: { label: string }) => c.label));
    expect(lines).toEqual(
      json.rows.map((row: Record<string, unknown>) =>
        json.columns.map((c: { key: string }) => (row[c.key] === null ? "" : String(row[c.key]))),
      ),
    );
  });

  it("keeps store text from running as a spreadsheet formula", async () => {
    const top = (await (await get("/api/analytics/revenue_by_product?limit=1")).json()).rows[0];
    await mirror.db.mirrorProduct.update({
      where: { shop_id: { shop: ANALYTICS_SHOP, id: top.productId } },
      data: { title: '=HYPERLINK("http://evil.example","x")' },
    });
    // Another limit is another report, worked out after the rename (a stored one keeps the names it was computed with).
    const [, first] = parse(
      await (await get("/api/analytics/revenue_by_product?limit=2&format=csv")).text(),
    ) as string[][];
    expect(first[1]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(Number(first[4])).toBe(top.revenue); // numbers untouched
  });

  it("refuses unknown reports and bad parameters with what to send", async () => {
    const unknown = await get("/api/analytics/revenue_by_planet");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).queries).toContain("cohort_retention");
    for (const [path, pattern] of [
      ["/api/analytics/repeat_rate?from=2026-13-01", /from/],
      ["/api/analytics/repeat_rate?limit=0", /limit/],
      ["/api/analytics/repeat_rate?format=xlsx", /format/],
      ["/api/analytics/repeat_rate?color=blue", /color/],
      ["/api/analytics/repeat_rate?from=2026-09-01&to=2026-08-01", /from must be on or before to/],
    ] as const) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      expect((await response.json()).error, path).toMatch(pattern);
    }
  });
});
