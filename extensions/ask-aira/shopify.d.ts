// The `shopify` global of each target the module runs in, as `shopify app dev` generates this file:
// the module serves both the product and the order page.
import "@shopify/ui-extensions";

declare module "./src/ActionExtension.jsx" {
  const shopify:
    | import("@shopify/ui-extensions/admin.product-details.action.render").Api
    | import("@shopify/ui-extensions/admin.order-details.action.render").Api;
  const globalThis: { shopify: typeof shopify };
}
