// The emulator's plain data model: what a seed generator or an importer produces and what the
// store persists. Money is in the shop's currency as decimal numbers rounded to cents; times are
// ISO-8601 strings in UTC. Ids are the numeric part of Shopify GIDs (gid://shopify/<Type>/<id>).

export interface SeedShop {
  domain: string; // e.g. "royal-equips-dev.myshopify.com"
  name: string;
  email: string;
  currencyCode: string; // ISO 4217, e.g. "USD"
  ianaTimezone: string;
  createdAt: string;
}

export interface SeedLocation {
  id: number;
  name: string;
  city: string;
  countryCode: string;
}

export interface SeedProduct {
  id: number;
  handle: string;
  title: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  createdAt: string;
  updatedAt: string;
  imageUrl: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
  variants: SeedVariant[];
  /** All image URLs in position order (imageUrl is the first). Optional: added by the seed generator/importers. */
  imageUrls?: string[];
  /** Fields the importer filled in because the source lacked them (deterministic stand-ins, not real data). */
  filledIn?: ("sku" | "unitCost")[];
}

export interface SeedVariant {
  id: number;
  inventoryItemId: number;
  title: string; // "Default Title" when the product has no options
  sku: string;
  price: number;
  compareAtPrice: number | null;
  unitCost: number | null;
  options: { name: string; value: string }[];
  /** Stock per location id. */
  inventory: Record<number, number>;
  /** Ground truth the generator used: constant price elasticity of demand (negative). Null for imports. */
  trueElasticity: number | null;
  /** Ground truth: mean daily units at the base price before seasonality. Null for imports. */
  baseDailyDemand: number | null;
  /** Ground truth: the reference price at which baseDailyDemand holds. Absent/null for imports. */
  refPrice?: number | null;
}

export interface SeedCollection {
  id: number;
  handle: string;
  title: string;
  productIds: number[];
}

export interface SeedCustomer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  city: string;
  province: string;
  countryCode: string;
  createdAt: string;
  acceptsMarketing: boolean;
  tags: string[];
  note: string | null;
}

export interface SeedAddress {
  address1: string;
  city: string;
  province: string;
  zip: string;
  countryCode: string;
}

export interface SeedLineItem {
  id: number;
  productId: number;
  variantId: number;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number; // price actually charged per unit before order-level discounts
}

export interface SeedRefund {
  id: number;
  createdAt: string;
  note: string | null;
  lineItems: { lineItemId: number; quantity: number }[];
  amount: number;
}

export interface SeedRiskAssessment {
  riskLevel: "LOW" | "MEDIUM" | "HIGH";
  facts: { description: string; sentiment: "POSITIVE" | "NEUTRAL" | "NEGATIVE" }[];
}

export interface SeedOrder {
  id: number;
  name: string; // "#1001"
  customerId: number | null;
  email: string | null;
  createdAt: string;
  processedAt: string;
  cancelledAt: string | null;
  currencyCode: string;
  sourceName: string; // channel: "web", "pos", "shopify_draft_order", ...
  discountCodes: string[];
  totalDiscounts: number;
  subtotalPrice: number;
  totalShipping: number;
  totalTax: number;
  totalPrice: number;
  financialStatus: "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "PENDING" | "VOIDED";
  fulfillmentStatus: "FULFILLED" | "UNFULFILLED" | "PARTIALLY_FULFILLED";
  billingAddress: SeedAddress | null;
  shippingAddress: SeedAddress | null;
  note: string | null;
  tags: string[];
  lineItems: SeedLineItem[];
  refunds: SeedRefund[];
  risk: SeedRiskAssessment | null;
}

/** A price in force for a variant from `from` (inclusive) until the next change. */
export interface SeedPriceChange {
  variantId: number;
  from: string; // YYYY-MM-DD
  price: number;
}

export interface SeedDiscountCode {
  id: number;
  code: string;
  title: string;
  percentage: number | null; // 0.15 for 15 %
  amount: number | null; // fixed amount off
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
}

/** Everything a seed or an import produces. Generators may stream orders rather than hold them. */
export interface SeedStore {
  shop: SeedShop;
  locations: SeedLocation[];
  products: SeedProduct[];
  collections: SeedCollection[];
  customers: SeedCustomer[];
  discountCodes: SeedDiscountCode[];
  priceHistory: SeedPriceChange[];
  /** Orders in time order. An iterable so that 1M orders need not sit in memory at once. */
  orders: Iterable<SeedOrder>;
  /** Ground truth from the generator: periods a variant had no stock (lost demand, no sales). */
  stockouts?: SeedStockout[];
  /** Ground truth from the generator: the demand multipliers of every local day of the history. */
  demandCalendar?: SeedDemandDay[];
  /** Number of orders `orders` yields, when known up front. */
  orderCount?: number;
}

/** A variant sold out from `from` (inclusive, local date) until the restock day `until` (exclusive); null = still out. */
export interface SeedStockout {
  variantId: number;
  from: string;
  until: string | null;
}

/**
 * One local day of the generator's demand model. Expected units of a variant that day =
 * baseDailyDemand * (price / refPrice)^trueElasticity * trend * weekly * yearly * promotion.
 */
export interface SeedDemandDay {
  date: string; // YYYY-MM-DD, shop-local
  trend: number; // 1 on the last day of the history
  weekly: number; // mean 1 over a week
  yearly: number; // mean 1 over a year
  promotion: number; // demand lift of the promotion running that day, 1 when none
  discountCode: string | null; // the promotion's code
}

export interface SeedOptions {
  seed: number;
  products: number; // total products, sample CSVs first, then generated ones
  orders: number; // approximate total orders over `days`
  days: number; // history length, default 730
  customers?: number;
  endDate?: string; // YYYY-MM-DD, last day of history; default 2026-10-31 so that seeds are deterministic
  sampleCsvDir?: string | null; // ../shared/data/shopify-sample-products when present
}
