// The marketing-campaigns agent: every Monday (and on demand) it proposes campaigns from the
// customer segments, lifetime values and slow stock (win-back, VIP, slow movers, bundles) with their
// expected effect, and measures how the discount codes already used did. Both are recorded as
// findings for the Marketing page's worklists; a proposal is approved as a discount code through the
// approval path. The tools are stored results (ADR 0015): this run computes and stores them.
import { z } from "zod";
import { recordRunFindings } from "../findings/kind";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { toolRegistry } from "../tools";
import { campaignProposal, campaignResult, marketingSummary, proposalFindings, resultFindings } from "./findings";
import { getCampaignResults, proposeCampaignsTool } from "./tools";

export const MARKETING_AGENT = "marketing-campaigns";

export function marketingCampaignsAgent(deps: AgentDeps) {
  return defineAgent({
    name: MARKETING_AGENT,
    title: "Marketing campaigns",
    description:
      "Proposes campaigns from your customer segments and lifetime values (win-back, VIP, slow movers, bundles) with their expected effect, and measures how past discount codes did.",
    capabilities: ["marketing"],
    tools: [proposeCampaignsTool.name, getCampaignResults.name],
    schedule: { pattern: "30 7 * * 1" },
    input: z.object({}).strict(),
    async run(ctx) {
      const tools = await toolContext(ctx, deps, MARKETING_AGENT);
      await ctx.progress(10, "segmenting customers and sizing campaigns");
      const proposed = await toolRegistry.run(tools, proposeCampaignsTool, {});
      await ctx.progress(60, "measuring past discount codes");
      const results = await toolRegistry.run(tools, getCampaignResults, {});
      // A kind is covered only when its tool answered, so a failed check keeps older items open.
      const currency = proposed.ok ? proposed.data.currency : results.ok ? results.data.currency : null;
      const kinds = [...(proposed.ok ? [campaignProposal] : []), ...(results.ok ? [campaignResult] : [])];
      const items = [
        ...(proposed.ok ? proposalFindings(proposed.data.proposals, currency) : []),
        ...(results.ok ? resultFindings(results.data.campaigns, currency) : []),
      ];
      if (kinds.length) await recordRunFindings(ctx, MARKETING_AGENT, kinds, items);
      if (!proposed.ok && !results.ok)
        return { summary: `Could not propose campaigns: ${proposed.message}`, skipped: proposed.message };
      const proposals = proposed.ok ? proposed.data.proposals : [];
      const measured = results.ok ? results.data.campaigns.filter((c) => c.orders > 0).length : 0;
      return {
        summary: proposed.ok
          ? marketingSummary(proposals, measured, currency)
          : `Could not propose campaigns (${proposed.message}); ${measured} discount codes measured`,
        proposals: proposals.length,
        expectedNetRevenue: Math.round(proposals.reduce((s, p) => s + p.expected.netIncrementalRevenue, 0) * 100) / 100,
        codesMeasured: measured,
        skipped: proposed.ok ? proposed.data.skipped : [{ kind: "all", reason: proposed.message }],
      };
    },
  });
}
