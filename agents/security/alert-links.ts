// Where an alert's subject lives: the product or variant, the order, or the app page or setting
// it is about. Embedded in Shopify's admin, products and orders open in the admin itself
// (https://admin.shopify.com/store/<store>/...); in local mode there is no Shopify admin, so they
// open the app's own page for them. Pages of this app are relative URLs in both modes.
export type AppMode = "embedded" | "local";

export interface AlertLink {
  /** Merchant words for the button: "View product", "View order #1001". */
  label: string;
  url: string;
  /** True for Shopify admin URLs (opened at the top level, outside the app's frame). */
  external: boolean;
}

type Details = Record<string, unknown>;
const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : null);
/** Shopify resource ids in our mirror are the numeric part of the GID; accept a GID too. */
const numericId = (v: unknown) => {
  const s = text(v);
  const m = s ? /(\d+)$/.exec(s) : null;
  return m ? m[1] : null;
};

/** "royal-equips-dev.myshopify.com" -> "royal-equips-dev": the store's handle in admin.shopify.com URLs. */
export const storeHandle = (shop: string) => shop.replace(/\.myshopify\.com$/i, "");

export const shopifyAdminUrl = (shop: string, path: string) =>
  `https://admin.shopify.com/store/${encodeURIComponent(storeHandle(shop))}/${path.replace(/^\//, "")}`;

const page = (label: string, url: string): AlertLink => ({ label, url, external: false });

/** The link for one alert, or null when its details name nothing to open. */
export function alertLink(
  alert: { kind: string; details: unknown },
  target: { mode: AppMode; shop: string },
): AlertLink | null {
  const d = (alert.details && typeof alert.details === "object" ? alert.details : {}) as Details;
  switch (alert.kind) {
    case "stockout_risk": {
      const variantId = numericId(d.variantId);
      const productId = numericId(d.productId);
      if (!variantId) return page("View inventory", "/app/inventory");
      if (target.mode === "local")
        return page("View product", `/app/inventory?variant=${encodeURIComponent(variantId)}`);
      return productId
        ? {
            label: "View product",
            url: shopifyAdminUrl(target.shop, `products/${productId}/variants/${variantId}`),
            external: true,
          }
        : page("View product", `/app/inventory?variant=${encodeURIComponent(variantId)}`);
    }
    case "risky_order": {
      const name = text(d.order);
      const orderId = numericId(d.orderId);
      const label = name ? `View order ${name}` : "View order";
      if (target.mode === "embedded" && orderId)
        return { label, url: shopifyAdminUrl(target.shop, `orders/${orderId}`), external: true };
      return name ? page(label, `/app/revenue?order=${encodeURIComponent(name)}`) : page("View orders", "/app/revenue");
    }
    case "revenue_anomaly": {
      const day = text(d.date);
      return day && /^\d{4}-\d{2}-\d{2}$/.test(day)
        ? page(`View ${day}`, `/app/finance?day=${day}`)
        : page("View finance", "/app/finance");
    }
    case "mcp_auth_failures":
      return page("MCP access tokens", "/app/settings/mcp");
    case "webhook_failing":
      return page("Webhook deliveries", "/app/security");
    case "change_rate":
      return page("Audit log", "/app/security");
    case "security_config":
      return page("Security scan", "/app/security");
    default:
      return null;
  }
}

/**
 * Where the agent's finding about the alert's subject can be acted on in the app (approve, dismiss,
 * snooze): the worklist opened on that item. Only when the main link leads elsewhere (the Shopify
 * admin, embedded); in local mode the main link is that page already.
 */
export function alertWorklistLink(
  alert: { kind: string; details: unknown },
  target: { mode: AppMode; shop: string },
): AlertLink | null {
  const main = alertLink(alert, target);
  if (!main?.external) return null;
  const local = alertLink(alert, { ...target, mode: "local" });
  return local && !local.external && local.url.includes("?") ? page("Open in the worklist", local.url) : null;
}
