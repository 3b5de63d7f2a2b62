import { describe, expect, it } from "vitest";
import { AutoDsConnector, SpocketConnector, supplierConnectors } from "./suppliers";

describe("supplier connectors", () => {
  it.each([
    ["AutoDS", () => new AutoDsConnector({}), "AUTODS_API_KEY"],
    ["Spocket", () => new SpocketConnector({}), "SPOCKET_API_KEY"],
  ] as const)("%s answers not_configured without credentials, naming the env var", async (_name, make, envVar) => {
    const c = make();
    expect(c.isConfigured()).toBe(false);
    expect(c.envVars).toEqual([envVar]);
    const search = await c.searchProducts({ keywords: "phone mount" });
    expect(search.ok).toBe(false);
    expect(!search.ok && search.reason).toBe("not_configured");
    expect(!search.ok && search.message).toContain(envVar);
    const offer = await c.getSupplierOffer("123", "US");
    expect(!offer.ok && offer.reason).toBe("not_configured");
  });

  it("with credentials says the client is not implemented instead of inventing data", async () => {
    const c = new AutoDsConnector({ AUTODS_API_KEY: "k" });
    expect(c.isConfigured()).toBe(true);
    const r = await c.searchProducts({ keywords: "lamp" });
    expect(r).toMatchObject({ ok: false, reason: "not_implemented" });
  });

  it("validates arguments", async () => {
    const [autods] = supplierConnectors({});
    await expect(autods.searchProducts({ keywords: " " })).rejects.toThrow(/keywords/);
    await expect(autods.getSupplierOffer("1", "usa")).rejects.toThrow(/ISO country code/);
  });
});
