// Settings > Vendors and a PO's CSV export as the app serves them (local mode, a synced store): bad
// terms are refused with the reason and save nothing; good ones are saved and audited; the CSV
// holds the PO's lines.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYTICS_SHOP, startSyncedMirror, type SyncedMirror } from "../../agents/analytics/testing/mirror";
import { createDraft } from "../../agents/purchasing/orders";
import { loadAppWithEnv } from "../../tests/support/app";

let mirror: SyncedMirror;
let vendors: typeof import("./app.settings.vendors");
let csv: typeof import("./app.purchase-orders.$id.csv");
let app: Awaited<ReturnType<typeof loadAppWithEnv>>;

beforeAll(async () => {
  mirror = await startSyncedMirror({ seed: 3, products: 8, orders: 200, days: 60 });
  app = await loadAppWithEnv({
    DATABASE_URL: mirror.database.url,
    LOCAL_MODE: "true",
    LOCAL_SHOP: ANALYTICS_SHOP,
    LOG_LEVEL: "silent",
  });
  vendors = await import("./app.settings.vendors");
  csv = await import("./app.purchase-orders.$id.csv");
}, 180_000);

afterAll(async () => {
  await app?.db.$disconnect();
  await mirror?.close();
});

const post = (fields: Record<string, string>) =>
  vendors.action({
    request: new Request("http://localhost/app/settings/vendors", {
      method: "POST",
      body: new URLSearchParams(fields),
    }),
    params: {},
    context: {},
  });

describe("Settings > Vendors", () => {
  it("lists the catalog's vendors, all asking for a lead time until one is saved", async () => {
    const loaded = await vendors.loader({
      request: new Request("http://localhost/app/settings/vendors"),
      params: {},
      context: {},
    });
    const names = (
      await mirror.db.mirrorProduct.groupBy({ by: ["vendor"], where: { shop: ANALYTICS_SHOP, vendor: { not: null } } })
    ).map((v) => v.vendor);
    expect(loaded.vendors.map((v) => v.name).sort()).toEqual(names.sort());
    // Each vendor's product count is the catalog's own.
    for (const v of loaded.vendors)
      expect(v.products).toBe(await mirror.db.mirrorProduct.count({ where: { shop: ANALYTICS_SHOP, vendor: v.name } }));
    expect(loaded.vendors.reduce((a, v) => a + v.products, 0)).toBeGreaterThan(0);
    expect(loaded.vendors.every((v) => v.saved === null)).toBe(true);
  });

  it("refuses bad terms with the reason and saves nothing; saves and audits good ones", async () => {
    const vendor = (await mirror.db.mirrorProduct.findFirstOrThrow({ where: { shop: ANALYTICS_SHOP } })).vendor!;
    const bad = await post({
      name: vendor,
      leadTimeDays: "ten",
      minimumOrder: "",
      casePack: "0",
      email: "x@",
      notes: "",
    });
    expect(bad).toEqual({
      ok: false,
      name: vendor,
      message:
        "Lead time must be a whole number; Case pack must be at least 1; Contact email is not a valid email address",
    });
    expect(await mirror.db.vendor.count()).toBe(0);

    const good = await post({
      name: vendor,
      leadTimeDays: "21",
      minimumOrder: "",
      casePack: "6",
      email: " orders@vendor.example ",
      notes: "Closed in August",
    });
    expect(good).toEqual({ ok: true, name: vendor });
    expect(await mirror.db.vendor.findFirstOrThrow({ where: { shop: ANALYTICS_SHOP, name: vendor } })).toMatchObject({
      leadTimeDays: 21,
      minimumOrder: null,
      casePack: 6,
      email: "orders@vendor.example",
      notes: "Closed in August",
    });
    expect(
      await mirror.db.auditLog.findFirst({ where: { shop: ANALYTICS_SHOP, action: "vendor.save" } }),
    ).toMatchObject({ actor: "merchant:local", outcome: "ok" });
  });
});

describe("PO CSV export", () => {
  it("downloads the PO's lines with its number as the file name; another shop's id is not found", async () => {
    const variants = await mirror.db.mirrorVariant.findMany({ where: { shop: ANALYTICS_SHOP }, take: 2 });
    const po = await createDraft(
      {
        shop: ANALYTICS_SHOP,
        db: app.db,
        admin: mirror.admin,
        logger: pino({ level: "silent" }),
        actor: { kind: "merchant", id: "local" },
        now: () => new Date(),
      },
      "Acme, Inc.",
      variants.map((v, i) => ({ variantId: v.id, quantity: 10 + i, unitCost: 2.5 })),
    );
    if (!po.ok) throw new Error(po.message);
    const response = await csv.loader({
      request: new Request(`http://localhost/app/purchase-orders/${po.data.id}/csv`),
      params: { id: po.data.id },
      context: {},
    });
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="PO-0001.csv"');
    const rows = (await response.text()).trim().split("\n");
    expect(rows[0]).toBe("PO,Vendor,Status,Product,Variant,SKU,Quantity ordered,Unit cost,Line cost,Quantity received");
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/^PO-0001,"Acme, Inc\.",draft,/);
    expect(rows[2]).toMatch(/,11,2\.50,27\.50,0$/);
    const missing = await csv.loader({
      request: new Request("http://localhost/app/purchase-orders/nope/csv"),
      params: { id: "nope" },
      context: {},
    });
    expect(missing.status).toBe(404);
  });
});
