// Public API of the demand forecasting engine. Import from here, not from the internal modules.
export { forecastSeries, MIN_HISTORY_DAYS } from "./forecast";
export { forecastHierarchy } from "./hierarchy";
export type {
  AggregateForecast,
  AggregateUnavailable,
  ExcludedVariant,
  HierarchyForecast,
  HierarchyOptions,
  VariantSeries,
} from "./hierarchy";
export { daysOfCover, expectedStockoutDate, reorderPlan, roundOrderQuantity, safetyStock } from "./inventory";
export type {
  CoverEstimate,
  InventoryItem,
  ItemPlan,
  ReorderOptions,
  ReorderPlan,
  VendorOrder,
  VendorTerms,
} from "./inventory";
export { cumulativeSd } from "./intervals";
export { retailCalendar } from "./events";
export { promotionPeriods, MAX_PROMOTION_DAYS, MIN_PROMOTION_ORDERS } from "./promotions";
export type { DiscountCodeUse, PastPromotion } from "./promotions";
export * from "./types";
