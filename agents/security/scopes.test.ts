// Scopes: the generated requirements match the app's documents and Shopify's schema, the requested
// list matches shopify.app.toml, and the analysis finds unneeded, redundant and missing scopes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../tests/support/database";
import {
  collectDocuments,
  deriveScopeRequirements,
  parseRequiredAccess,
  renderRequirementsModule,
  uncoveredCallers,
} from "./derive-scopes";
import { ADMIN_SCOPE_REQUIREMENTS } from "./scope-requirements";
import { analyseScopes, APP_SCOPES, parseScopes, withImpliedReads } from "./scopes";

describe("the generated scope requirements", () => {
  it("are current: regenerated from every Admin API document against Shopify's schema, they are identical", () => {
    const derived = deriveScopeRequirements(repoRoot);
    const current = readFileSync(path.join(repoRoot, "agents/security/scope-requirements.ts"), "utf8");
    expect(current, "run: npx tsx agents/security/cli.ts scopes").toBe(renderRequirementsModule(derived));
    expect(ADMIN_SCOPE_REQUIREMENTS).toEqual(derived);
  }, 60_000);

  it("cover every caller of the Admin API and the mirror's documents", () => {
    expect(uncoveredCallers(repoRoot)).toEqual([]);
    const labels = collectDocuments(repoRoot).map((d) => d.label);
    expect(labels).toContain("RiskOrderByName (agents/fulfillment/tools.ts)");
    expect(labels).toContain("mirror bulk orders (agents/mirror/queries.ts)");
    expect(labels.some((l) => l.startsWith("ActionHoldFulfillmentOrder"))).toBe(true);
  });

  it("reads Shopify's requiredAccess texts as alternatives and refuses conjunctions", () => {
    expect(
      parseRequiredAccess(
        "`read_orders` access scope, `read_marketplace_orders` access scope or `read_quick_sale` access scope.",
      ),
    ).toEqual(["read_orders", "read_marketplace_orders", "read_quick_sale"]);
    expect(
      parseRequiredAccess("`write_products` access scope. Also: The user must have a permission to update products."),
    ).toEqual(["write_products"]);
    expect(parseRequiredAccess("Only accessible by supported access tokens: https://shopify.dev/...")).toEqual([]);
    expect(() =>
      parseRequiredAccess(
        "`read_markets` for queries and both `read_markets` as well as `write_markets` for mutations.",
      ),
    ).toThrow(/several scopes at once/);
  });
});

describe("APP_SCOPES", () => {
  it("is exactly the [access_scopes] list of shopify.app.toml", () => {
    const toml = parse(readFileSync(path.join(repoRoot, "shopify.app.toml"), "utf8")) as {
      access_scopes: { scopes: string };
    };
    expect(parseScopes(toml.access_scopes.scopes).sort()).toEqual(parseScopes(APP_SCOPES).sort());
  });
});

describe("analyseScopes", () => {
  it("uses every scope in the app's own list: read_locations names the locations purchase orders are received at", () => {
    const analysis = analyseScopes(parseScopes(APP_SCOPES));
    expect(analysis.missing).toEqual([]);
    expect(analysis.unneeded).toEqual([]);
    expect(analysis.used.find((u) => u.scope === "read_locations")?.needs).toContain("Location.name");
    expect(analysis.redundant.map((r) => `${r.scope}<${r.impliedBy}`).sort()).toEqual([
      "read_discounts<write_discounts",
      "read_inventory<write_inventory",
      "read_merchant_managed_fulfillment_orders<write_merchant_managed_fulfillment_orders",
      "read_products<write_products",
    ]);
    expect(analysis.minimal.sort()).toEqual([
      "read_all_orders",
      "read_customers",
      "read_locations",
      "read_orders",
      "write_discounts",
      "write_inventory",
      "write_merchant_managed_fulfillment_orders",
      "write_products",
    ]);
    expect(analysis.used.find((u) => u.scope === "read_all_orders")?.needs).toEqual(["orders older than 60 days"]);
  });

  it("names what breaks when a scope is missing", () => {
    const analysis = analyseScopes([
      "write_products",
      "write_inventory",
      "read_orders",
      "read_all_orders",
      "write_discounts",
      "write_merchant_managed_fulfillment_orders",
    ]);
    expect(analysis.missing.map((m) => m.anyOf)).toEqual([["read_customers"], ["read_locations", "read_markets_home"]]);
    expect(analysis.missing[0].usedBy.join()).toMatch(/mirror bulk customers/);
    expect(analysis.unneeded).toEqual([]);
  });

  it("flags a scope nothing uses, and keeps the minimal set irreducible", () => {
    const analysis = analyseScopes([...parseScopes(APP_SCOPES), "read_script_tags", "write_orders"]);
    expect(analysis.unneeded.map((u) => u.scope).sort()).toEqual(["read_script_tags", "write_orders"]);
    expect(analysis.unneeded.find((u) => u.scope === "read_script_tags")?.reason).toBe(
      "nothing the app calls requires it",
    );
    // write_orders implies read_orders, so one of the two goes: the read one is kept (least privilege).
    expect(analysis.minimal).toContain("read_orders");
    for (const scope of analysis.minimal) {
      const without = analysis.minimal.filter((s) => s !== scope);
      expect(analyseScopes(without).missing.length, `dropping ${scope}`).toBeGreaterThan(0);
    }
  });

  it("treats write scopes as granting read, as Shopify does", () => {
    expect([...withImpliedReads(["write_products", "read_orders"])].sort()).toEqual([
      "read_orders",
      "read_products",
      "write_products",
    ]);
  });

  it("refuses a scope list that is not one", () => {
    expect(() => parseScopes("read_products, read orders")).toThrow(/Not access scope handles: read orders/);
    expect(parseScopes(" read_products,,read_products ")).toEqual(["read_products"]);
  });
});
