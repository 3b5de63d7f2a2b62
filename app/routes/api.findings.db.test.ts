// Worklist decisions over HTTP in local mode against the emulator: dismissing needs a reason and
// bad input changes nothing; approving a price suggestion proposes the change (pending, the store
// unchanged) and marks the finding approved with the proposal's id; items without a store change
// cannot be approved; the CSV has every matching item; the registry tool reads the same rows.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore } from "@royal-equips/emulator/seed";
import { createDb, type Db } from "../../agents/db/client";
import { syncStore } from "../../agents/mirror/sync";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { loadAppWithEnv } from "../../tests/support/app";

const SHOP = `findings-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
const TOKEN = "shpat_findings_route_test";
let emulator: RunningEmulator;
let database: TestDatabase;
let db: Db;
let decide: typeof import("./api.findings");
let csv: typeof import("./api.findings[.]csv");
let variant: { sku: string; id: string; productId: string; price: number };
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const post = (fields: Record<string, string | string[]>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  return decide.action({
    request: new Request("http://localhost/api/findings", { method: "POST", body: form }),
    params: {},
    context: {},
  });
};

async function finding(kind: string, subject: string, title: string, data: Record<string, unknown>, score = 1) {
  return db.finding.create({
    data: { shop: SHOP, agent: "test", kind, subject, title, data: data as object, score },
  });
}

beforeAll(async () => {
  [emulator, database] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: "secret" }),
    createTestDatabase(),
  ]);
  loadSeedStore(
    emulator.store.db,
    generateStore({ seed: 5, products: 6, orders: 200, days: 30, endDate: yesterday, sampleCsvDir: null }),
  );
  await loadAppWithEnv({
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379/15",
    LOCAL_MODE: "true",
    LOCAL_SHOP: SHOP,
    EMULATOR_URL: emulator.url,
    EMULATOR_ACCESS_TOKEN: TOKEN,
    LOG_LEVEL: "silent",
  });
  db = createDb(database.url);
  await syncStore(
    {
      db,
      admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
      shop: SHOP,
      logger: pino({ level: "silent" }),
    },
    undefined,
    { pollMs: 20 },
  );
  const v = await db.mirrorVariant.findFirstOrThrow({ where: { shop: SHOP, sku: { not: null } } });
  variant = { sku: v.sku!, id: v.id, productId: v.productId, price: v.price };
  decide = await import("./api.findings");
  csv = await import("./api.findings[.]csv");
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  await emulator?.close();
});

describe("POST /api/findings", () => {
  it("refuses a dismissal without a reason and changes nothing; with a reason it dismisses and audits", async () => {
    const risk = await finding("stockout_risk", "variant:1", "Bangle Bracelet – Gold may run out on Dec 12", {
      product: "Bangle Bracelet",
    });
    const refused = await post({ ids: risk.id, decision: "dismiss", reason: "  " });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ ok: false, error: "Say why you dismiss it." });
    expect(await db.finding.findUniqueOrThrow({ where: { id: risk.id } })).toMatchObject({ status: "open" });
    expect(await db.auditLog.count({ where: { shop: SHOP, action: "finding.dismiss" } })).toBe(0);

    const dismissed = await post({ ids: risk.id, decision: "dismiss", reason: "Discontinued" });
    expect(dismissed.status).toBe(200);
    expect(await dismissed.json()).toMatchObject({ ok: true, changed: 1 });
    expect(await db.finding.findUniqueOrThrow({ where: { id: risk.id } })).toMatchObject({
      status: "dismissed",
      note: "Discontinued",
      decidedBy: "merchant:local",
    });
    expect(await db.auditLog.count({ where: { shop: SHOP, action: "finding.dismiss" } })).toBe(1);
  });

  it("snoozes for a day or a week only, and refuses an empty selection or an unknown decision", async () => {
    const risk = await finding("stockout_risk", "variant:2", "Ring may run out", {});
    expect((await post({ ids: risk.id, decision: "snooze", snooze: "year" })).status).toBe(400);
    expect((await post({ decision: "snooze", snooze: "day" })).status).toBe(400);
    expect((await post({ ids: risk.id, decision: "delete" })).status).toBe(400);
    expect(await db.finding.findUniqueOrThrow({ where: { id: risk.id } })).toMatchObject({ status: "open" });
    const snoozed = await post({ ids: risk.id, decision: "snooze", snooze: "week" });
    expect(snoozed.status).toBe(200);
    const row = await db.finding.findUniqueOrThrow({ where: { id: risk.id } });
    expect(row.status).toBe("snoozed");
    expect(row.snoozedUntil!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
  });

  it("approving a price suggestion proposes the change (pending) and marks the finding approved with its id", async () => {
    const proposedPrice = Math.round(variant.price * 1.05 * 100) / 100;
    const suggestion = await finding("price_suggestion", `variant:${variant.id}`, "Raise the price by 5%", {
      productId: variant.productId,
      variantId: variant.id,
      product: "A product",
      variant: null,
      sku: variant.sku,
      currentPrice: variant.price,
      proposedPrice,
    });
    const risk = await finding("stockout_risk", "variant:3", "Chain may run out", {});
    const response = await post({ ids: [suggestion.id, risk.id], decision: "approve" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, changed: 1 });
    const actions = await db.action.findMany({ where: { shop: SHOP, kind: "price.update" } });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ status: "pending", proposedBy: "merchant:local" });
    expect(await db.finding.findUniqueOrThrow({ where: { id: suggestion.id } })).toMatchObject({
      status: "approved",
      actionId: actions[0].id,
    });
    // A stockout risk has no store change: it stays open.
    expect(await db.finding.findUniqueOrThrow({ where: { id: risk.id } })).toMatchObject({ status: "open" });
    const alone = await post({ ids: risk.id, decision: "approve" });
    expect(alone.status).toBe(400);
    expect(((await alone.json()) as { error: string }).error).toMatch(/no store change to approve/);
    // The store's price is unchanged until the merchant approves the proposal itself.
    expect((await db.mirrorVariant.findFirstOrThrow({ where: { shop: SHOP, id: variant.id } })).price).toBe(
      variant.price,
    );
  });
});

describe("GET /api/findings.csv and get_agent_findings", () => {
  it("exports every matching item with its figures, and refuses an unknown kind", async () => {
    for (let i = 0; i < 30; i++)
      await finding("dead_stock", `variant:d${i}`, `Scarf ${i} has not sold for 120 days`, {
        product: `Scarf ${i}`,
        onHand: i,
        forecast: { units: i },
      });
    const response = await csv.loader({
      request: new Request("http://localhost/api/findings.csv?kind=dead_stock&q=scarf"),
      params: {},
      context: {},
    });
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await response.text()).trim().split("\n");
    expect(lines[0]).toBe("title,status,note,product,forecast.units,onHand");
    expect(lines).toHaveLength(31);
    const bad = await csv.loader({
      request: new Request("http://localhost/api/findings.csv?kind=nonsense"),
      params: {},
      context: {},
    });
    expect(bad.status).toBe(400);

    const [{ toolRegistry }, { toolContext }] = await Promise.all([
      import("../../agents/tools"),
      import("../tools.server"),
    ]);
    const ctx = await toolContext(SHOP, { kind: "aira", id: "test" });
    const page = await toolRegistry.call(ctx, "get_agent_findings", { kind: "dead_stock", pageSize: 10 });
    expect(page).toMatchObject({ ok: true, data: { total: 30, page: 1, pageSize: 10 } });
    if (page.ok) {
      const data = page.data as { findings: { title: string; figures: { onHand: number } }[] };
      expect(data.findings).toHaveLength(10);
      expect(data.findings[0].title).toMatch(/^Scarf \d+ has not sold/);
    }
  });
});
