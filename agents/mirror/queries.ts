// The documents that fill the mirror. Each resource is written once as a tree of selections and
// rendered two ways: as a bulk operation query (connections without page sizes; Shopify writes
// nested connections as their own JSONL lines with __parentId) and as paged queries for cursor
// pagination (the same fields, page sizes kept small enough for a small cost bucket).

export type SyncPhase = "products" | "orders" | "customers";
export const SYNC_PHASES: readonly SyncPhase[] = ["products", "orders", "customers"];

const money = (field: string) => `${field} { shopMoney { amount } }`;

const LEVEL = `id location { id } quantities(names: ["available"]) { name quantity } updatedAt`;
// featuredMedia.preview.image is the image Shopify shows for any media type (image, video, model).
const PRODUCT =
  "id title handle vendor productType status tags featuredMedia { preview { image { url } } } createdAt updatedAt";
const VARIANT = "id title sku price compareAtPrice updatedAt";
const ORDER = [
  "id name email createdAt updatedAt cancelledAt sourceName currencyCode",
  "displayFinancialStatus displayFulfillmentStatus discountCodes customer { id }",
  money("subtotalPriceSet"),
  money("totalDiscountsSet"),
  money("totalShippingPriceSet"),
  money("totalTaxSet"),
  money("totalPriceSet"),
  money("totalRefundedSet"),
  "risk { assessments { riskLevel } }",
  `refunds { id createdAt ${money("totalRefundedSet")} }`,
].join(" ");
const LINE_ITEM = `id sku title quantity ${money("originalUnitPriceSet")} product { id } variant { id }`;
const COLLECTION = "id title handle";
const CUSTOMER =
  "id firstName lastName defaultEmailAddress { emailAddress } numberOfOrders amountSpent { amount } createdAt updatedAt";

const bulkConnection = (field: string, body: string) => `${field} { edges { node { ${body} } } }`;

/** Bulk operation queries: one top-level connection each, nested connections at most two deep. */
export const BULK_QUERIES: Record<SyncPhase, string> = {
  products: `{ ${bulkConnection(
    "products",
    `${PRODUCT} ${bulkConnection(
      "variants",
      `${VARIANT} inventoryItem { id unitCost { amount } ${bulkConnection("inventoryLevels", LEVEL)} }`,
    )} ${bulkConnection("collections", COLLECTION)}`,
  )} }`,
  orders: `{ ${bulkConnection("orders", `${ORDER} ${bulkConnection("lineItems", LINE_ITEM)}`)} }`,
  customers: `{ ${bulkConnection("customers", CUSTOMER)} }`,
};

const PAGE_INFO = "pageInfo { hasNextPage endCursor }";

/** A paged root query with at most one nested connection, and the query that pages that nested connection alone. */
export interface PagedSpec {
  /** Declares $first: Int! and $after: String; the root connection is at `root`. */
  query: string;
  root: string;
  /** The nested connection's field in each root node, when there is one. */
  child?: {
    field: string;
    /** Declares $id: ID! and $after: String; the connection is at node.<field>. */
    query: string;
  };
}

const pagedRoot = (field: string, body: string) =>
  `query($first: Int!, $after: String) { ${field}(first: $first, after: $after) { ${PAGE_INFO} nodes { ${body} } } }`;
const pagedChild = (type: string, field: string, first: number, body: string) =>
  `query($id: ID!, $after: String) { node(id: $id) { ... on ${type} { ${field}(first: ${first}, after: $after) { ${PAGE_INFO} nodes { ${body} } } } } }`;

const VARIANTS_PAGE = 10;
const LEVELS_PAGE = 5;
const LINE_ITEMS_PAGE = 5;
const COLLECTION_PRODUCTS_PAGE = 25;
const PAGED_VARIANT = `${VARIANT} inventoryItem { id unitCost { amount } }`;

/**
 * Paged queries. Inventory levels are paged from inventoryItems (their own root), since paged
 * queries may not nest two connections cheaply; so are collections, with their products' ids (the
 * bulk query has them under each product instead). The same rows come out as from the bulk queries.
 */
export const PAGED_SPECS: Record<SyncPhase, PagedSpec[]> = {
  products: [
    {
      query: pagedRoot(
        "products",
        `${PRODUCT} variants(first: ${VARIANTS_PAGE}) { ${PAGE_INFO} nodes { ${PAGED_VARIANT} } }`,
      ),
      root: "products",
      child: { field: "variants", query: pagedChild("Product", "variants", VARIANTS_PAGE, PAGED_VARIANT) },
    },
    {
      query: pagedRoot(
        "inventoryItems",
        `id inventoryLevels(first: ${LEVELS_PAGE}) { ${PAGE_INFO} nodes { ${LEVEL} } }`,
      ),
      root: "inventoryItems",
      child: { field: "inventoryLevels", query: pagedChild("InventoryItem", "inventoryLevels", LEVELS_PAGE, LEVEL) },
    },
    {
      query: pagedRoot(
        "collections",
        `${COLLECTION} products(first: ${COLLECTION_PRODUCTS_PAGE}) { ${PAGE_INFO} nodes { id } }`,
      ),
      root: "collections",
      child: { field: "products", query: pagedChild("Collection", "products", COLLECTION_PRODUCTS_PAGE, "id") },
    },
  ],
  orders: [
    {
      query: pagedRoot(
        "orders",
        `${ORDER} lineItems(first: ${LINE_ITEMS_PAGE}) { ${PAGE_INFO} nodes { ${LINE_ITEM} } }`,
      ),
      root: "orders",
      child: { field: "lineItems", query: pagedChild("Order", "lineItems", LINE_ITEMS_PAGE, LINE_ITEM) },
    },
  ],
  customers: [{ query: pagedRoot("customers", CUSTOMER), root: "customers" }],
};
