// Each alert links to what it is about: in Shopify's admin when the app runs embedded, on the
// app's own pages in local mode (where there is no Shopify admin).
import { describe, expect, it } from "vitest";
import { alertLink, alertWorklistLink, shopifyAdminUrl, storeHandle } from "./alert-links";

const SHOP = "royal-equips-dev.myshopify.com";
const embedded = { mode: "embedded" as const, shop: SHOP };
const local = { mode: "local" as const, shop: SHOP };
const stockout = { kind: "stockout_risk", details: { variantId: "41001", productId: "8001", product: "Trail Boots" } };
const order = { kind: "risky_order", details: { order: "#1042", orderId: "5550001" } };

describe("alert links", () => {
  it("open products and orders in Shopify's admin when embedded", () => {
    expect(storeHandle(SHOP)).toBe("royal-equips-dev");
    expect(alertLink(stockout, embedded)).toEqual({
      label: "View product",
      url: "https://admin.shopify.com/store/royal-equips-dev/products/8001/variants/41001",
      external: true,
    });
    expect(alertLink(order, embedded)).toEqual({
      label: "View order #1042",
      url: "https://admin.shopify.com/store/royal-equips-dev/orders/5550001",
      external: true,
    });
    // GIDs are reduced to their numeric id.
    expect(
      alertLink({ kind: "risky_order", details: { order: "#7", orderId: "gid://shopify/Order/77" } }, embedded)?.url,
    ).toBe("https://admin.shopify.com/store/royal-equips-dev/orders/77");
    expect(shopifyAdminUrl("shop-b.myshopify.com", "/orders/1")).toBe(
      "https://admin.shopify.com/store/shop-b/orders/1",
    );
  });

  it("open the app's own pages in local mode", () => {
    expect(alertLink(stockout, local)).toEqual({
      label: "View product",
      url: "/app/inventory?variant=41001",
      external: false,
    });
    expect(alertLink(order, local)).toEqual({
      label: "View order #1042",
      url: "/app/revenue?order=%231042",
      external: false,
    });
  });

  it("fall back to the app page when the alert lacks the Shopify id, and link settings and pages in both modes", () => {
    // Risky orders raised by the security monitor before order ids were recorded: the app's page.
    expect(alertLink({ kind: "risky_order", details: { order: "#9" } }, embedded)).toMatchObject({
      url: "/app/revenue?order=%239",
      external: false,
    });
    // Old one-per-day stockout alerts name no variant.
    expect(alertLink({ kind: "stockout_risk", details: { risks: [] } }, embedded)).toEqual({
      label: "View inventory",
      url: "/app/inventory",
      external: false,
    });
    for (const target of [embedded, local]) {
      expect(alertLink({ kind: "revenue_anomaly", details: { date: "2026-11-10" } }, target)?.url).toBe(
        "/app/finance?day=2026-11-10",
      );
      expect(alertLink({ kind: "revenue_anomaly", details: { date: "../x" } }, target)?.url).toBe("/app/finance");
      expect(alertLink({ kind: "mcp_auth_failures", details: {} }, target)?.url).toBe("/app/settings/mcp");
      expect(alertLink({ kind: "security_config", details: null }, target)?.url).toBe("/app/security");
      expect(alertLink({ kind: "webhook_failing", details: {} }, target)?.url).toBe("/app/security");
    }
    expect(alertLink({ kind: "something_else", details: {} }, local)).toBeNull();
  });

  it("offer the item's worklist in the app beside the Shopify admin link when embedded, and not twice in local mode", () => {
    expect(alertWorklistLink(stockout, embedded)).toEqual({
      label: "Open in the worklist",
      url: "/app/inventory?variant=41001",
      external: false,
    });
    expect(alertWorklistLink(order, embedded)?.url).toBe(`/app/revenue?order=${encodeURIComponent("#1042")}`);
    // Local mode's main link is the worklist already; pages without an item have no worklist link.
    expect(alertWorklistLink(stockout, local)).toBeNull();
    expect(alertWorklistLink({ kind: "change_rate", details: {} }, embedded)).toBeNull();
    expect(alertWorklistLink({ kind: "revenue_anomaly", details: { date: "2026-11-03" } }, embedded)).toBeNull();
  });
});
