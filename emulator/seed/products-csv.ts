// Reads Shopify's product CSV import format into SeedProducts. One product spans every row that
// shares its Handle: the first row carries the product fields and its first variant, continuation
// rows carry more variants (option values, SKU, price ...) and/or more images.
// Format reference: https://help.shopify.com/en/manual/products/import-export/using-csv

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { ID_BASE, IdAllocator } from "./ids";
import { hashString } from "./random";
import type { SeedProduct, SeedVariant } from "./types";

export class ProductCsvError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly row: number | null,
    readonly column: string | null,
  ) {
    super(message);
    this.name = "ProductCsvError";
  }
}

export interface ProductCsvOptions {
  /** Name used in error messages (a file name). */
  source?: string;
  /** Shared id counters, so products from several files (and generated ones) get distinct ids. */
  ids?: IdAllocator;
  /** Location that receives "Variant Inventory Qty". Default: the first location id (ID_BASE.location + 1). */
  locationId?: number;
  /** createdAt/updatedAt of the imported products (the CSV has none). Default: now. */
  createdAt?: string;
  /** SKUs already in use (across files); filled-in SKUs avoid them and are added to the set. */
  takenSkus?: Set<string>;
}

const REQUIRED_COLUMNS = ["Handle", "Title", "Variant Price"] as const;
const OPTION_SLOTS = [1, 2, 3] as const;

/** Accessor for one data row by header name (case- and space-insensitive). */
type Row = { get(column: string): string; has(column: string): boolean; rowNumber: number; line: number };

export function parseProductsCsv(input: string | Buffer, options: ProductCsvOptions = {}): SeedProduct[] {
  const source = options.source ?? "products CSV";
  const ids = options.ids ?? new IdAllocator();
  const locationId = options.locationId ?? ID_BASE.location + 1;
  const createdAt = options.createdAt ?? new Date().toISOString();
  const takenSkus = options.takenSkus ?? new Set<string>();

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(input, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as never;
  } catch (err) {
    throw new ProductCsvError(
      `${source}: not readable as CSV (${(err as Error).message}); send a comma-separated file in Shopify's product CSV format`,
      source,
      null,
      null,
    );
  }
  if (records.length === 0) {
    throw new ProductCsvError(
      `${source}: the file is empty; send a header row (Handle,Title,...,Variant Price,...) and product rows`,
      source,
      null,
      null,
    );
  }

  const header = records[0].record.map((h) => normalizeHeader(h));
  const columnIndex = new Map<string, number>();
  header.forEach((h, i) => {
    if (!columnIndex.has(h)) columnIndex.set(h, i);
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!columnIndex.has(normalizeHeader(required))) {
      throw new ProductCsvError(
        `${source}: missing the "${required}" column (found: ${records[0].record.join(", ")}); ` +
          `send Shopify's product CSV format with at least ${REQUIRED_COLUMNS.join(", ")}`,
        source,
        1,
        required,
      );
    }
  }

  const products = new Map<
    string,
    {
      product: SeedProduct;
      optionNames: (string | null)[];
      images: { pos: number; order: number; url: string }[];
      firstRow: number;
    }
  >();
  const order: string[] = [];

  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r];
    const row: Row = {
      rowNumber: r + 1, // spreadsheet numbering: the header is row 1
      line: info.lines,
      has: (column) => columnIndex.has(normalizeHeader(column)),
      get: (column) => {
        const i = columnIndex.get(normalizeHeader(column));
        return i === undefined ? "" : (record[i] ?? "").trim();
      },
    };
    const fail = (column: string | null, problem: string): never => {
      throw new ProductCsvError(
        `${source}: row ${row.rowNumber} (line ${row.line})${column ? `, column "${column}"` : ""}: ${problem}`,
        source,
        row.rowNumber,
        column,
      );
    };

    if (record.every((cell) => cell.trim() === "")) continue;
    const handle = row.get("Handle");
    if (!handle) fail("Handle", "Handle is empty; every row needs the handle of the product it belongs to");

    let entry = products.get(handle);
    const isFirstRow = entry === undefined;
    if (!entry) {
      const title = row.get("Title");
      if (!title)
        fail("Title", `the first row of product "${handle}" has no Title; put the product title on its first row`);
      const status = productStatus(row, fail);
      const product: SeedProduct = {
        id: ids.next("product"),
        handle,
        title,
        descriptionHtml: row.get("Body (HTML)"),
        vendor: row.get("Vendor"),
        productType: row.get("Type") || lastCategorySegment(row.get("Product Category")),
        tags: splitTags(row.get("Tags")),
        status,
        createdAt,
        updatedAt: createdAt,
        imageUrl: null,
        seoTitle: row.get("SEO Title") || null,
        seoDescription: row.get("SEO Description") || null,
        variants: [],
        imageUrls: [],
      };
      const optionNames = OPTION_SLOTS.map((i) => row.get(`Option${i} Name`) || null);
      entry = { product, optionNames, images: [], firstRow: row.rowNumber };
      products.set(handle, entry);
      order.push(handle);
    }

    const imageSrc = row.get("Image Src");
    if (imageSrc) {
      const posText = row.get("Image Position");
      const pos = posText
        ? parseNumber(posText, "Image Position", fail, { integer: true, min: 1 })
        : Number.MAX_SAFE_INTEGER;
      entry.images.push({ pos, order: entry.images.length, url: imageSrc });
    }

    const carriesVariant =
      isFirstRow ||
      OPTION_SLOTS.some((i) => row.get(`Option${i} Value`) !== "") ||
      row.get("Variant SKU") !== "" ||
      row.get("Variant Price") !== "";
    if (!carriesVariant) continue; // an image-only continuation row

    entry.product.variants.push(readVariant(row, entry.optionNames, ids, locationId, fail));
  }

  const result: SeedProduct[] = [];
  for (const handle of order) {
    const { product, images, firstRow } = products.get(handle)!;
    images.sort((a, b) => a.pos - b.pos || a.order - b.order);
    product.imageUrls = [...new Set(images.map((i) => i.url))];
    product.imageUrl = product.imageUrls[0] ?? null;
    const seen = new Set<string>();
    for (const v of product.variants) {
      if (seen.has(v.title)) {
        throw new ProductCsvError(
          `${source}: product "${handle}" (from row ${firstRow}) has two variants with the options "${v.title}"; give each variant distinct option values`,
          source,
          firstRow,
          "Option1 Value",
        );
      }
      seen.add(v.title);
    }
    fillInMissing(product, takenSkus);
    result.push(product);
  }
  return result;
}

export function readProductsCsvFile(file: string, options: Omit<ProductCsvOptions, "source"> = {}): SeedProduct[] {
  return parseProductsCsv(readFileSync(file), { ...options, source: path.basename(file) });
}

/** Every *.csv file of `dir`, in file-name order (so the result does not depend on the file system). */
export function readProductsCsvDir(dir: string, options: Omit<ProductCsvOptions, "source"> = {}): SeedProduct[] {
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(".csv"))
    .sort();
  if (files.length === 0) throw new Error(`${dir} holds no .csv files; send a folder of Shopify product CSV files`);
  const takenSkus = options.takenSkus ?? new Set<string>();
  const ids = options.ids ?? new IdAllocator();
  const products: SeedProduct[] = [];
  const handles = new Set<string>();
  for (const f of files) {
    for (const p of readProductsCsvFile(path.join(dir, f), { ...options, ids, takenSkus })) {
      if (handles.has(p.handle))
        throw new Error(
          `${f}: handle "${p.handle}" is also used by an earlier file in ${dir}; handles must be unique across files`,
        );
      handles.add(p.handle);
      products.push(p);
    }
  }
  return products;
}

function readVariant(
  row: Row,
  optionNames: (string | null)[],
  ids: IdAllocator,
  locationId: number,
  fail: (column: string | null, problem: string) => never,
): SeedVariant {
  const options: { name: string; value: string }[] = [];
  for (const i of OPTION_SLOTS) {
    const name = optionNames[i - 1];
    const value = row.get(`Option${i} Value`);
    if (!name) {
      if (value && i > 1) fail(`Option${i} Value`, `has a value but the product's first row names no Option${i} Name`);
      if (value && i === 1) options.push({ name: "Title", value });
      continue;
    }
    if (!value)
      fail(`Option${i} Value`, `is empty but the product has option "${name}"; give every variant a value for it`);
    options.push({ name, value });
  }
  if (options.length === 0) options.push({ name: "Title", value: "Default Title" });

  const priceText = row.get("Variant Price");
  if (!priceText) fail("Variant Price", "is empty; every variant needs a price such as 19.99");
  const price = parseNumber(priceText, "Variant Price", fail, { min: 0 });
  const compareText = row.get("Variant Compare At Price");
  const compareAtPrice = compareText ? parseNumber(compareText, "Variant Compare At Price", fail, { min: 0 }) : null;
  const costText = row.get("Cost per item");
  const unitCost = costText ? parseNumber(costText, "Cost per item", fail, { min: 0 }) : null;
  const qtyText = row.get("Variant Inventory Qty");
  const qty = qtyText ? parseNumber(qtyText, "Variant Inventory Qty", fail, { integer: true }) : 0;

  return {
    id: ids.next("variant"),
    inventoryItemId: ids.next("inventoryItem"),
    title: options.map((o) => o.value).join(" / "),
    sku: row.get("Variant SKU"),
    price,
    compareAtPrice,
    unitCost,
    options,
    inventory: { [locationId]: qty },
    trueElasticity: null,
    baseDailyDemand: null,
    refPrice: null,
  };
}

function productStatus(row: Row, fail: (column: string | null, problem: string) => never): SeedProduct["status"] {
  const status = row.get("Status").toLowerCase();
  if (status) {
    if (status === "active") return "ACTIVE";
    if (status === "draft") return "DRAFT";
    if (status === "archived") return "ARCHIVED";
    fail("Status", `"${row.get("Status")}" is not a product status; use active, draft or archived`);
  }
  const published = row.get("Published").toLowerCase();
  if (published === "" || published === "true") return "ACTIVE";
  if (published === "false") return "DRAFT";
  return fail("Published", `"${row.get("Published")}" is not true or false`);
}

const NUMBER_RE = /^-?(\d+(\.\d*)?|\.\d+)$/;

function parseNumber(
  text: string,
  column: string,
  fail: (column: string | null, problem: string) => never,
  rule: { integer?: boolean; min?: number } = {},
): number {
  if (!NUMBER_RE.test(text)) {
    return fail(
      column,
      `"${text}" is not a number; send a plain decimal such as ${rule.integer ? "12" : "19.99"} (no currency sign or thousands separator)`,
    );
  }
  const value = Number(text);
  if (rule.integer && !Number.isInteger(value)) fail(column, `"${text}" is not a whole number`);
  if (rule.min !== undefined && value < rule.min) fail(column, `"${text}" is below ${rule.min}`);
  return value;
}

function normalizeHeader(header: string): string {
  return header.trim().replace(/\s+/g, " ").toLowerCase();
}

function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/** "Apparel & Accessories > Clothing > Shirts & Tops" -> "Shirts & Tops" (newer exports carry the taxonomy path). */
function lastCategorySegment(category: string): string {
  const parts = category
    .split(">")
    .map((p) => p.trim())
    .filter(Boolean);
  return parts[parts.length - 1] ?? "";
}

/**
 * Deterministic stand-ins for what the CSV left out, so that every variant can be sold and costed:
 * SKU from the handle and option values; unit cost as 35-60 % of the price (a hash of handle and
 * variant title picks the fraction). The product's filledIn lists what was made up.
 */
function fillInMissing(product: SeedProduct, takenSkus: Set<string>): void {
  const filled = new Set<"sku" | "unitCost">();
  for (const v of product.variants) {
    if (v.sku) takenSkus.add(v.sku);
  }
  for (const v of product.variants) {
    if (!v.sku) {
      v.sku = uniqueSku(
        skuStem(product.handle, v.title === "Default Title" ? [] : v.options.map((o) => o.value)),
        takenSkus,
      );
      filled.add("sku");
    }
    if (v.unitCost === null) {
      const fraction = 0.35 + 0.25 * (hashString(`${product.handle}|${v.title}`) / 4294967296);
      v.unitCost = Math.round(v.price * fraction * 100) / 100;
      filled.add("unitCost");
    }
  }
  if (filled.size > 0) product.filledIn = [...filled];
}

export function skuStem(handle: string, optionValues: string[]): string {
  const words = handle
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  const head =
    words
      .slice(0, 3)
      .map((w) => w.slice(0, 4))
      .join("-") || "SKU";
  const tail = optionValues
    .map((v) =>
      v
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "")
        .slice(0, 3),
    )
    .filter(Boolean);
  return [head, ...tail].join("-");
}

export function uniqueSku(stem: string, taken: Set<string>): string {
  let sku = stem;
  for (let n = 2; taken.has(sku); n++) sku = `${stem}-${n}`;
  taken.add(sku);
  return sku;
}
