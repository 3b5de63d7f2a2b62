// The product-research agent: weekly trends (with a significance test), bundles, dead stock and
// category gaps, each recorded as findings for the Marketing page's worklist.
import { z } from "zod";
import { loadCatalog } from "../data/catalog";
import { recordRunFindings, type FindingKindDefinition } from "../findings/kind";
import type { FoundItem } from "../findings/store";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { toolRegistry } from "../tools";
import {
  bundle,
  bundleFindings,
  categoryGap,
  categoryGapFindings,
  deadStock,
  deadStockFindings,
  fallingProduct,
  researchSummary,
  trendFindings,
  trendingProduct,
} from "./findings";
import { findCategoryGapsTool, findDeadStockTool, findProductBundles, findTrendingProducts } from "./tools";

export function productResearchAgent(deps: AgentDeps) {
  return defineAgent({
    name: "product-research",
    title: "Product research",
    description:
      "Finds rising and falling products with a significance test, products bought together, dead stock and category gaps.",
    capabilities: ["research"],
    tools: [findTrendingProducts.name, findProductBundles.name, findDeadStockTool.name, findCategoryGapsTool.name],
    schedule: { pattern: "0 8 * * 1" },
    input: z.object({ weeks: z.number().int().min(6).max(104).default(12) }).strict(),
    async run(ctx, input) {
      const tools = await toolContext(ctx, deps, "product-research");
      await ctx.progress(10, "testing sales trends");
      // Every item found is recorded (the worklist pages them), hence the high limits.
      const trends = await toolRegistry.run(tools, findTrendingProducts, { weeks: input.weeks, limit: 500 });
      await ctx.progress(40, "finding bundles");
      const bundles = await toolRegistry.run(tools, findProductBundles, { limit: 200 });
      await ctx.progress(60, "finding dead stock");
      const dead = await toolRegistry.run(tools, findDeadStockTool, { limit: 2_000 });
      await ctx.progress(75, "finding category gaps");
      const gaps = await toolRegistry.run(tools, findCategoryGapsTool, {});
      await ctx.progress(90, "recording what it found");
      // A kind is covered only when its tool answered: a failed check does not clear old items.
      const kinds: FindingKindDefinition<z.ZodType>[] = [];
      const items: FoundItem[] = [];
      if (trends.ok) {
        kinds.push(trendingProduct, fallingProduct);
        items.push(...trendFindings(trends.data));
      }
      if (bundles.ok) {
        kinds.push(bundle);
        items.push(...bundleFindings(bundles.data));
      }
      if (dead.ok) {
        kinds.push(deadStock);
        items.push(...deadStockFindings(dead.data, await loadCatalog(ctx.db, ctx.shop)));
      }
      if (gaps.ok) {
        kinds.push(categoryGap);
        items.push(...categoryGapFindings(gaps.data));
      }
      if (kinds.length) await recordRunFindings(ctx, "product-research", kinds, items);
      return {
        summary: researchSummary({
          rising: trends.ok ? trends.data.rising.length : null,
          falling: trends.ok ? trends.data.falling.length : null,
          dead: dead.ok ? dead.data.items.length : null,
          bundles: bundles.ok ? bundles.data.pairs.length : null,
          gaps: gaps.ok ? gaps.data.gaps.length : null,
        }),
        rising: trends.ok ? trends.data.rising.length : null,
        falling: trends.ok ? trends.data.falling.length : null,
        bundles: bundles.ok ? bundles.data.pairs.length : null,
        categoryGaps: gaps.ok ? gaps.data.gaps.length : null,
        deadUnits: dead.ok ? dead.data.deadUnits : null,
        deadValueAtCost: dead.ok ? dead.data.deadValueAtCost : null,
        notes: [trends, bundles, dead, gaps].filter((r) => !r.ok).map((r) => (r.ok ? "" : r.message)),
      };
    },
  });
}
