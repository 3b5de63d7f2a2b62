// Public API of the seed package: generated stores, Shopify product CSVs and the Olist extract.
export { generateStore, DEFAULT_DAYS, DEFAULT_END_DATE, SHOP_TIMEZONE } from "./generate";
export {
  parseProductsCsv,
  readProductsCsvFile,
  readProductsCsvDir,
  ProductCsvError,
  type ProductCsvOptions,
} from "./products-csv";
export {
  importOlist,
  parseOlistTimestamp,
  OLIST_TIMEZONE,
  type OlistImportOptions,
  type OlistImportReport,
  type OlistStore,
} from "./olist";
export { Rng, WeightedSampler, FenwickSampler, deriveSeed, hashString } from "./random";
export { IdAllocator, ID_BASE, type IdKind } from "./ids";
export type * from "./types";
