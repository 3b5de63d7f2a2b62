/** Access scopes requested from real shops; shopify.app.toml lists the same (a test checks). */
export const APP_SCOPES =
  "read_products,write_products,read_inventory,write_inventory,read_locations,read_orders,read_all_orders,read_customers,read_discounts,write_discounts,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders";
