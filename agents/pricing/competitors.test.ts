import { describe, expect, it } from "vitest";
import {
  CompetitorCsvError,
  CsvCompetitorConnector,
  HttpCompetitorPriceConnector,
  latestCompetitorPrices,
  parseCompetitorCsv,
} from "./competitors";

const GOOD = `sku,competitor,price,observed_at
RE-1,acme.com,24.99,2026-11-01
RE-1,acme.com,23.50,2026-11-10
RE-1,bolt.shop,25.00,2026-11-09T08:00:00Z
RE-2,acme.com,$9.90,2026-11-05
`;

describe("parseCompetitorCsv", () => {
  it("parses rows into typed prices", () => {
    const rows = parseCompetitorCsv(GOOD);
    expect(rows).toHaveLength(4);
    expect(rows[3]).toEqual({
      sku: "RE-2",
      competitor: "acme.com",
      price: 9.9,
      observedAt: "2026-11-05T00:00:00.000Z",
    });
  });

  it("reports every bad row with its line number", () => {
    const text =
      "sku,competitor,price,observed_at\nRE-1,acme.com,24.99,2026-11-01\n\nRE-2,acme.com,free,2026-11-01\nRE-3,,5,last week\n";
    let error: unknown;
    try {
      parseCompetitorCsv(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompetitorCsvError);
    const problems = (error as CompetitorCsvError).problems;
    expect(problems.map((p) => p.line)).toEqual([4, 5]);
    expect(problems[0].message).toMatch(/price "free"/);
    expect(problems[1].message).toMatch(/competitor is empty.*observed_at "last week"/);
    expect((error as Error).message).toMatch(/line 4:.*\n.*line 5:/);
  });

  it("names missing columns and malformed CSV lines", () => {
    expect(() => parseCompetitorCsv("sku,price\nRE-1,3\n")).toThrow(
      /line 1: missing column\(s\): competitor, observed_at/,
    );
    expect(() =>
      parseCompetitorCsv("sku,competitor,price,observed_at\nRE-1,acme.com,3,2026-11-01\nRE-2,acme.com,4\n"),
    ).toThrow(/line 3:/);
  });
});

describe("latestCompetitorPrices", () => {
  it("keeps the latest price per competitor and the lowest per sku, dropping stale rows", () => {
    const m = latestCompetitorPrices(parseCompetitorCsv(GOOD), { asOf: "2026-11-20T00:00:00Z", maxAgeDays: 30 });
    expect(m.get("RE-1")).toMatchObject({ lowest: 23.5, lowestCompetitor: "acme.com" });
    expect(m.get("RE-1")!.prices).toHaveLength(2);
    const fresh = latestCompetitorPrices(parseCompetitorCsv(GOOD), { asOf: "2026-11-20T00:00:00Z", maxAgeDays: 12 });
    expect(fresh.has("RE-2")).toBe(false);
  });
});

describe("connectors", () => {
  it("the external feed answers not_configured without credentials and never calls out", async () => {
    let called = false;
    const c = new HttpCompetitorPriceConnector({
      env: {},
      fetchImpl: (async () => ((called = true), new Response("{}"))) as typeof fetch,
    });
    expect(c.isConfigured()).toBe(false);
    const r = await c.fetchPrices(["RE-1"]);
    expect(r).toMatchObject({ ok: false, reason: "not_configured" });
    expect(!r.ok && r.message).toMatch(/COMPETITOR_PRICES_URL/);
    expect(called).toBe(false);
  });

  it("the external feed validates what a configured provider sends", async () => {
    const env = { COMPETITOR_PRICES_URL: "https://prices.example/api", COMPETITOR_PRICES_TOKEN: "t" };
    let seenUrl = "";
    const ok = new HttpCompetitorPriceConnector({
      env,
      fetchImpl: (async (url: URL) => {
        seenUrl = String(url);
        return Response.json({
          prices: [{ sku: "RE-1", competitor: "acme.com", price: 20, observed_at: "2026-11-01" }],
        });
      }) as unknown as typeof fetch,
    });
    expect(await ok.fetchPrices(["RE-1", "RE-2"])).toEqual({
      ok: true,
      prices: [{ sku: "RE-1", competitor: "acme.com", price: 20, observedAt: "2026-11-01T00:00:00.000Z" }],
    });
    expect(seenUrl).toBe("https://prices.example/api?skus=RE-1%2CRE-2");
    const bad = new HttpCompetitorPriceConnector({
      env,
      fetchImpl: (async () => Response.json({ prices: [{ sku: "RE-1", price: -1 }] })) as unknown as typeof fetch,
    });
    expect(await bad.fetchPrices(["RE-1"])).toMatchObject({ ok: false, reason: "invalid_response" });
  });

  it("the CSV connector filters by sku", async () => {
    const r = await new CsvCompetitorConnector(GOOD).fetchPrices(["RE-2"]);
    expect(r.ok && r.prices.map((p) => p.sku)).toEqual(["RE-2"]);
  });
});
