// Generated catalog: products with vendors, types, option axes, SKUs, reference prices and unit
// costs, plus each variant's demand parameters (popularity share, elasticity, selling window).
// Sample CSV products join the same model so that they sell like everything else.

import { type IdAllocator } from "./ids";
import { type Rng } from "./random";
import type { SeedProduct, SeedVariant } from "./types";
import { ADJECTIVES, DESCRIPTION_SENTENCES, MATERIALS, PRODUCT_TYPES, VENDORS, type ProductTypeSpec } from "./vocab";

/** Demand-side facts about every variant, struct-of-arrays so 300k variants stay compact. */
export interface VariantModel {
  count: number;
  variants: SeedVariant[];
  productIndex: Int32Array;
  /** Relative popularity; scaled into baseDailyDemand once the order target is known. */
  share: Float64Array;
  elasticity: Float64Array;
  refPrice: Float64Array;
  /** Days [activeFrom, activeTo) in which the variant can sell. */
  activeFrom: Int32Array;
  activeTo: Int32Array;
  /** True for sample-CSV variants, whose current price must stay the CSV price. */
  pinnedPrice: Uint8Array;
}

export interface Catalog {
  products: SeedProduct[];
  model: VariantModel;
  /** Day index at which each product was created (negative = before the history). */
  productCreatedDay: Int32Array;
}

export interface CatalogInput {
  rng: Rng;
  ids: IdAllocator;
  days: number;
  csvProducts: SeedProduct[];
  generatedCount: number;
  dayToIso: (day: number, secondOfDay: number) => string;
}

export function buildCatalog(input: CatalogInput): Catalog {
  const { rng, ids, days, csvProducts, generatedCount, dayToIso } = input;
  const products: SeedProduct[] = [];
  const createdDay: number[] = [];
  // Per-variant rows as parallel arrays (300k small objects would only feed the garbage collector).
  const rows = {
    variant: [] as SeedVariant[],
    product: [] as number[],
    weight: [] as number[],
    elasticity: [] as number[],
    from: [] as number[],
    to: [] as number[],
    pinned: [] as boolean[],
  };
  const addRow = (
    v: SeedVariant,
    product: number,
    weight: number,
    elasticity: number,
    from: number,
    to: number,
    pinned: boolean,
  ) => {
    rows.variant.push(v);
    rows.product.push(product);
    rows.weight.push(weight);
    rows.elasticity.push(elasticity);
    rows.from.push(from);
    rows.to.push(to);
    rows.pinned.push(pinned);
  };
  const typeSampler = PRODUCT_TYPES.map((t) => t.weight);

  const statusWindow = (status: SeedProduct["status"], created: number): [number, number, string] => {
    // Demand starts at launch; an archived product stops selling on its archive day.
    const from = created < 0 ? 0 : created + 1; // launched during the history: sells from the next day
    if (status === "DRAFT") return [days, days, dayToIso(Math.max(created, 0), 43200)];
    if (status === "ARCHIVED") {
      const archivedDay = rng.int(Math.min(days - 1, from + 30), days - 1);
      return [from, archivedDay, dayToIso(archivedDay, 36000)];
    }
    return [from, days, dayToIso(Math.max(created, 0), 43200)];
  };

  for (const p of csvProducts) {
    const created = -rng.int(30, 700);
    const product: SeedProduct = { ...p, createdAt: dayToIso(created, 36000), variants: p.variants };
    const [from, to, updatedAt] = statusWindow(product.status, created);
    product.updatedAt = updatedAt;
    const productElasticity = clampElasticity(rng.normal(-1.8, 0.5));
    for (const v of product.variants) {
      addRow(
        v,
        products.length,
        rng.logNormal(0, 0.4),
        clampElasticity(productElasticity + rng.normal(0, 0.15)),
        from,
        to,
        true,
      );
    }
    products.push(product);
    createdDay.push(created);
  }

  const takenHandles = new HandleRegistry(products.map((p) => p.handle));
  for (let i = 0; i < generatedCount; i++) {
    const spec = PRODUCT_TYPES[rng.weightedIndex(typeSampler)];
    const seq = i + 1;
    const status: SeedProduct["status"] = rng.bernoulli(0.02) ? "DRAFT" : rng.bernoulli(0.03) ? "ARCHIVED" : "ACTIVE";
    // 70 % of the catalog predates the history; the rest launches during it (drafts are recent).
    const created =
      status === "DRAFT"
        ? rng.int(Math.max(0, days - 60), days - 1)
        : rng.bernoulli(0.7)
          ? -rng.int(1, 700)
          : rng.int(0, days - 1);
    const product = generateProduct(rng, ids, spec, seq, takenHandles, dayToIso(created, rng.int(28800, 64800)));
    product.status = status;
    const [from, to, updatedAt] = statusWindow(status, created);
    product.updatedAt = updatedAt < product.createdAt ? product.createdAt : updatedAt;
    const productElasticity = clampElasticity(rng.normal(spec.elasticity, 0.35));
    for (const v of product.variants) {
      addRow(
        v,
        products.length,
        rng.logNormal(0, 0.5),
        clampElasticity(productElasticity + rng.normal(0, 0.12)),
        from,
        to,
        false,
      );
    }
    products.push(product);
    createdDay.push(created);
  }

  // Product popularity follows a Zipf law over a random ranking; variants split their product's share.
  const rank = rng.shuffle(Array.from({ length: products.length }, (_, i) => i));
  const productShare = new Float64Array(products.length);
  rank.forEach((p, r) => (productShare[p] = 1 / Math.pow(r + 3, 1.05)));
  const weightSum = new Float64Array(products.length);
  const n = rows.variant.length;
  for (let i = 0; i < n; i++) weightSum[rows.product[i]] += rows.weight[i];

  const model: VariantModel = {
    count: n,
    variants: rows.variant,
    productIndex: Int32Array.from(rows.product),
    share: new Float64Array(n),
    elasticity: Float64Array.from(rows.elasticity),
    refPrice: new Float64Array(n),
    activeFrom: Int32Array.from(rows.from),
    activeTo: Int32Array.from(rows.to),
    pinnedPrice: Uint8Array.from(rows.pinned, (p) => (p ? 1 : 0)),
  };
  for (let i = 0; i < n; i++) {
    const v = rows.variant[i];
    model.share[i] = (productShare[rows.product[i]] * rows.weight[i]) / weightSum[rows.product[i]];
    model.refPrice[i] = v.price;
    v.trueElasticity = round4(rows.elasticity[i]);
    v.refPrice = v.price;
  }
  return { products, model, productCreatedDay: Int32Array.from(createdDay) };
}

function clampElasticity(e: number): number {
  return Math.min(-0.3, Math.max(-4, e));
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Retail-looking price: .99 endings below 100, .00 or .95 above. */
export function charmPrice(x: number): number {
  if (x < 1) return round2(Math.max(0.5, x));
  if (x < 100) return Math.max(0.99, Math.floor(x) + 0.99 - (x % 1 < 0.5 ? 1 : 0));
  return Math.round(x / 5) * 5 - (x > 200 ? 0 : 0.05);
}

function generateProduct(
  rng: Rng,
  ids: IdAllocator,
  spec: ProductTypeSpec,
  seq: number,
  takenHandles: HandleRegistry,
  createdAt: string,
): SeedProduct {
  const noun = rng.choice(spec.nouns);
  const adjective = rng.choice(ADJECTIVES);
  const material = rng.bernoulli(0.7) ? rng.choice(MATERIALS) : null;
  const title = [adjective, material, noun].filter(Boolean).join(" ");
  const vendor = rng.bernoulli(0.25) ? VENDORS[0] : rng.choice(VENDORS);
  const handle = takenHandles.claim(slugify(title));

  // Log-uniform base price within the type's range.
  const [lo, hi] = spec.priceRange;
  const basePrice = Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
  const axes = pickOptionAxes(rng, spec);
  const combos = cartesian(axes);
  const productCode = `${spec.code}-${seq.toString(36).toUpperCase().padStart(5, "0")}`;
  const costFraction = rng.uniform(0.3, 0.55);
  const hasCompareAt = rng.bernoulli(0.15);
  const skuParts = axes.map((axis) => axis.values.map(abbreviate));
  const sizeLike = axes.map((axis) => axis.name === "Size" || axis.name === "Weight" || axis.name === "Waist");
  const variants: SeedVariant[] = combos.map((combo) => {
    // Larger sizes / heavier weights cost a little more.
    let uplift = 1;
    let skuTail = "";
    const options: { name: string; value: string }[] = new Array(combo.length);
    for (let a = 0; a < combo.length; a++) {
      if (sizeLike[a]) uplift *= 1 + 0.04 * combo[a];
      skuTail += "-" + skuParts[a][combo[a]];
      options[a] = { name: axes[a].name, value: axes[a].values[combo[a]] };
    }
    const price = charmPrice(basePrice * uplift);
    return {
      id: ids.next("variant"),
      inventoryItemId: ids.next("inventoryItem"),
      title: options.length === 0 ? "Default Title" : options.map((o) => o.value).join(" / "),
      sku: productCode + skuTail,
      price,
      compareAtPrice: hasCompareAt ? charmPrice(price * rng.uniform(1.15, 1.4)) : null,
      unitCost: round2(price * costFraction * rng.uniform(0.95, 1.05)),
      options: options.length === 0 ? [{ name: "Title", value: "Default Title" }] : options,
      inventory: {}, // set from the simulation's final stock
      trueElasticity: null,
      baseDailyDemand: null,
    };
  });

  const tags = [spec.type.toLowerCase(), ...(material ? [material.toLowerCase()] : [])];
  if (rng.bernoulli(0.1)) tags.push("bestseller-candidate");
  if (vendor === VENDORS[0]) tags.push("own-brand");
  const s1 = rng.choice(DESCRIPTION_SENTENCES);
  const s2 = rng.choice(DESCRIPTION_SENTENCES);
  return {
    id: ids.next("product"),
    handle,
    title,
    descriptionHtml: `<p>${escapeHtml(title)} by ${escapeHtml(vendor)}. ${s1 === s2 ? s1 : `${s1} ${s2}`}</p>`,
    vendor,
    productType: spec.type,
    tags,
    status: "ACTIVE",
    createdAt,
    updatedAt: createdAt,
    imageUrl: `https://images.royal-equips.test/products/${handle}.jpg`,
    seoTitle: rng.bernoulli(0.4) ? `${title} | Royal Equips` : null,
    seoDescription: null,
    variants,
    imageUrls: [`https://images.royal-equips.test/products/${handle}.jpg`],
  };
}

/** 35 % of products have no options; the rest use one or two of the type's axes with a subset of values. */
function pickOptionAxes(rng: Rng, spec: ProductTypeSpec): { name: string; values: string[] }[] {
  if (spec.options.length === 0 || rng.bernoulli(0.35)) return [];
  const axisCount = spec.options.length > 1 && rng.bernoulli(0.35) ? 2 : 1;
  const axes = spec.options.slice(0, axisCount);
  return axes.map((axis, i) => {
    const max = i === 0 ? 5 : 3;
    const k = rng.int(2, Math.min(max, axis.values.length));
    if (axis.name === "Color") {
      const values = rng.shuffle([...axis.values]).slice(0, k);
      return { name: axis.name, values };
    }
    // Ordered axes (sizes) keep a contiguous run of values.
    const start = rng.int(0, axis.values.length - k);
    return { name: axis.name, values: axis.values.slice(start, start + k) };
  });
}

/** All combinations of value indexes, first axis slowest (Shopify's variant order). */
function cartesian(axes: { name: string; values: string[] }[]): number[][] {
  let combos: number[][] = [[]];
  for (const axis of axes) {
    const next: number[][] = [];
    for (const c of combos) for (let i = 0; i < axis.values.length; i++) next.push([...c, i]);
    combos = next;
  }
  return combos;
}

function abbreviate(value: string): string {
  const clean = value.toUpperCase().replace(/[^A-Z0-9 ]/g, "");
  const words = clean.split(" ").filter(Boolean);
  if (words.length > 1)
    return (
      words
        .map((w) => w[0])
        .join("")
        .slice(0, 3) + words[words.length - 1].slice(1, 2)
    );
  return clean.slice(0, 3) || "X";
}

/** Handles are unique: repeats get -2, -3 ... The per-stem counter keeps this O(1) for 100k products. */
export class HandleRegistry {
  private readonly taken = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  constructor(existing: Iterable<string> = []) {
    for (const h of existing) this.taken.add(h);
  }

  claim(stem: string): string {
    let handle = stem;
    let k = this.nextSuffix.get(stem) ?? 2;
    while (this.taken.has(handle)) handle = `${stem}-${k++}`;
    this.nextSuffix.set(stem, k);
    this.taken.add(handle);
    return handle;
  }
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
