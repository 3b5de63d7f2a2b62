// The pricing-optimizer agent: weekly price suggestions within margin floors (applied only through
// proposals the merchant approves).
import { z } from "zod";
import { recordRunFindings } from "../findings/kind";
import { shopCurrency } from "../findings/words";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { toolRegistry } from "../tools";
import { priceFindings, priceSuggestion, pricingSummary } from "./findings";
import { proposePriceChange, suggestPriceChanges } from "./tools";

export function pricingOptimizerAgent(deps: AgentDeps) {
  return defineAgent({
    name: "pricing-optimizer",
    title: "Pricing optimizer",
    description:
      "Estimates price elasticity per variant from the shop's own history and suggests profit-raising prices within margin floors; suggestions are applied only through proposals the merchant approves.",
    capabilities: ["pricing"],
    tools: [suggestPriceChanges.name, proposePriceChange.name],
    schedule: { pattern: "0 7 * * 1" },
    input: z
      .object({
        // Absent: the shop's margin floor from Settings.
        minMargin: z.number().min(0).max(0.95).optional(),
        maxChangePct: z.number().min(0.01).max(0.5).default(0.1),
      })
      .strict(),
    async run(ctx, input) {
      const tools = await toolContext(ctx, deps, "pricing-optimizer");
      await ctx.progress(20, "estimating elasticities");
      const result = await toolRegistry.run(tools, suggestPriceChanges, {
        ...input,
        // Every suggestion is recorded; the worklist pages them.
        limit: 2_000,
      });
      if (!result.ok) return { skipped: result.message };
      const uplift = result.data.suggestions.reduce((s, x) => s + x.profitPerDay.after - x.profitPerDay.before, 0);
      await recordRunFindings(ctx, "pricing-optimizer", [priceSuggestion], priceFindings(result.data.suggestions));
      return {
        summary: pricingSummary(result.data.suggestions, await shopCurrency(ctx.db, ctx.shop)),
        suggestions: result.data.suggestions.length,
        expectedProfitUpliftPerDay: Math.round(uplift * 100) / 100,
        top: result.data.suggestions.slice(0, 5),
      };
    },
  });
}
