// What the offline model is given about a shop: its timezone and currency from the Shop row, so
// clarifying questions show amounts in the shop's own currency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { understandContextFor } from "./context";
import { understand } from "./offline/understand";

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("understandContextFor", () => {
  it("carries the shop's currency and timezone; none known, none given", async () => {
    await db.shop.create({
      data: { domain: "euro.myshopify.com", currencyCode: "EUR", ianaTimezone: "Europe/Berlin" },
    });
    const now = new Date("2025-12-10T14:30:00Z");
    const euro = await understandContextFor(db, "euro.myshopify.com", { now, agents: ["weekly-report"] });
    expect(euro).toMatchObject({ currency: "EUR", timeZone: "Europe/Berlin", agents: ["weekly-report"], catalog: [] });
    const unknown = await understandContextFor(db, "nobody.myshopify.com", { now, agents: [] });
    expect(unknown.currency).toBeNull();
    // With a catalogue entry, the question about a price shows it in euros.
    const catalog = [
      {
        productId: "1",
        variantId: "11",
        sku: "HAL-1",
        title: "Rope Halter",
        variantTitle: null,
        price: 18,
        inventory: 3,
      },
    ];
    expect(understand("change the price of the rope halter", { ...euro, catalog })).toMatchObject({
      kind: "clarify",
      question: expect.stringContaining("€18"),
    });
  });
});
