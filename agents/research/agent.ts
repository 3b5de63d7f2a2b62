// The product-research agent: weekly trends (with a significance test), bundles and dead stock.
import { z } from "zod";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { toolRegistry } from "../tools";
import { findDeadStockTool, findProductBundles, findTrendingProducts } from "./tools";

export function productResearchAgent(deps: AgentDeps) {
  return defineAgent({
    name: "product-research",
    title: "Product research",
    description:
      "Finds rising and falling products with a significance test, products bought together, and dead stock.",
    capabilities: ["research"],
    tools: [findTrendingProducts.name, findProductBundles.name, findDeadStockTool.name],
    schedule: { pattern: "0 8 * * 1" },
    input: z.object({ weeks: z.number().int().min(6).max(104).default(12) }).strict(),
    async run(ctx, input) {
      const tools = await toolContext(ctx, deps, "product-research");
      await ctx.progress(10, "testing sales trends");
      const trends = await toolRegistry.run(tools, findTrendingProducts, { weeks: input.weeks });
      await ctx.progress(45, "finding bundles");
      const bundles = await toolRegistry.run(tools, findProductBundles, {});
      await ctx.progress(75, "finding dead stock");
      const dead = await toolRegistry.run(tools, findDeadStockTool, {});
      return {
        rising: trends.ok ? trends.data.rising.length : null,
        falling: trends.ok ? trends.data.falling.length : null,
        bundles: bundles.ok ? bundles.data.pairs.length : null,
        deadUnits: dead.ok ? dead.data.deadUnits : null,
        deadValueAtCost: dead.ok ? dead.data.deadValueAtCost : null,
        notes: [trends, bundles, dead].filter((r) => !r.ok).map((r) => (r.ok ? "" : r.message)),
      };
    },
  });
}
