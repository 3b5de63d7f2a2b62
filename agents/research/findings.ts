// What the product-research agent records (ADR 0013): rising and falling products, dead stock,
// products bought together and category gaps, each with the numbers behind it.
import { z } from "zod";
import type { ToolOutput } from "../core/registry";
import type { CatalogVariant } from "../data/catalog";
import { findingKind } from "../findings/kind";
import type { FoundItem } from "../findings/store";
import { count, plural, variantName } from "../findings/words";
import type { findCategoryGapsTool, findDeadStockTool, findProductBundles, findTrendingProducts } from "./tools";

const trend = z.object({
  productId: z.string(),
  product: z.string(),
  pValue: z.number().nullable(),
  slopePerWeek: z.number().nullable(),
  weeklyUnits: z.array(z.number()),
});

export const trendingProduct = findingKind("trending_product", trend);
export const fallingProduct = findingKind("falling_product", trend);

export const deadStock = findingKind(
  "dead_stock",
  z.object({
    productId: z.string().nullable(),
    variantId: z.string(),
    product: z.string(),
    variant: z.string().nullable(),
    sku: z.string().nullable(),
    onHand: z.number(),
    valueAtCost: z.number().nullable(),
    lastSaleDate: z.string().nullable(),
    daysSinceLastSale: z.number().nullable(),
  }),
);

export const bundle = findingKind(
  "bundle",
  z.object({
    products: z.array(z.object({ id: z.string(), title: z.string() })).min(2),
    orders: z.number(),
    lift: z.number(),
    support: z.number(),
    confidenceAtoB: z.number(),
    confidenceBtoA: z.number(),
  }),
);

export const categoryGap = findingKind(
  "category_gap",
  z.object({
    category: z.string(),
    products: z.number(),
    catalogueShare: z.number(),
    stockShare: z.number(),
    demandShare: z.number(),
    growth: z.number().nullable(),
    reasons: z.array(z.string()),
  }),
);

type Trends = ToolOutput<typeof findTrendingProducts>;

export function trendFindings(trends: Trends): FoundItem[] {
  const weeks = trends.window.weeks;
  const item = (kind: typeof trendingProduct, p: Trends["rising"][number], words: string) =>
    kind.item(
      `product:${p.productId}`,
      `${p.title} ${words} over the last ${weeks} weeks${p.slopePerWeek == null ? "" : ` (${p.slopePerWeek > 0 ? "+" : ""}${p.slopePerWeek} units a week)`}`,
      {
        productId: p.productId,
        product: p.title,
        pValue: p.pValue,
        slopePerWeek: p.slopePerWeek,
        weeklyUnits: p.weeklyUnits,
      },
      Math.abs(p.slopePerWeek ?? 0),
    );
  return [
    ...trends.rising.map((p) => item(trendingProduct, p, "is selling more")),
    ...trends.falling.map((p) => item(fallingProduct, p, "is selling less")),
  ];
}

export function deadStockFindings(dead: ToolOutput<typeof findDeadStockTool>, catalog: CatalogVariant[]): FoundItem[] {
  const byVariant = new Map(catalog.map((v) => [v.variantId, v]));
  return dead.items.map((i) => {
    const v = byVariant.get(i.variantId);
    const name = v ? variantName(v.productTitle, v.variantTitle) : (i.title ?? i.sku ?? i.variantId);
    const since =
      i.daysSinceLastSale == null ? "has never sold" : `has not sold for ${plural(i.daysSinceLastSale, "day")}`;
    return deadStock.item(
      `variant:${i.variantId}`,
      `${name} ${since} (${count(i.onHand)} in stock)`,
      {
        productId: i.productId,
        variantId: i.variantId,
        product: v?.productTitle ?? name,
        variant: v?.variantTitle ?? null,
        sku: i.sku,
        onHand: i.onHand,
        valueAtCost: i.valueAtCost,
        lastSaleDate: i.lastSaleDate,
        daysSinceLastSale: i.daysSinceLastSale,
      },
      // Most money tied up first.
      i.valueAtCost ?? 0,
    );
  });
}

export function bundleFindings(bundles: ToolOutput<typeof findProductBundles>): FoundItem[] {
  return bundles.pairs.map((p) =>
    bundle.item(
      `bundle:${p.products
        .map((x) => x.id)
        .sort()
        .join("+")}`,
      `${p.products.map((x) => x.title).join(" and ")} are often bought together (${plural(p.orders, "order")})`,
      p,
      p.lift,
    ),
  );
}

export function categoryGapFindings(gaps: ToolOutput<typeof findCategoryGapsTool>): FoundItem[] {
  return gaps.gaps.map((g) =>
    categoryGap.item(
      `category:${g.category}`,
      `${g.category}: ${Math.round(g.demandShare * 100)}% of demand from ${Math.round(g.catalogueShare * 100)}% of the catalogue`,
      g,
      g.demandShare - g.catalogueShare,
    ),
  );
}

export function researchSummary(counts: {
  rising: number | null;
  falling: number | null;
  dead: number | null;
  bundles: number | null;
  gaps: number | null;
}) {
  const parts = [
    counts.rising == null ? null : `${plural(counts.rising, "product")} selling more`,
    counts.falling == null ? null : `${count(counts.falling)} selling less`,
    counts.dead == null ? null : `${plural(counts.dead, "variant")} of dead stock`,
    counts.bundles == null ? null : `${plural(counts.bundles, "pair")} bought together`,
    counts.gaps == null ? null : `${plural(counts.gaps, "category gap")}`,
  ].filter(Boolean);
  return parts.length ? `${parts.join(", ")}` : "Not enough sales history to research products yet";
}
