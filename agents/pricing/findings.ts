// What the pricing-optimizer agent records (ADR 0013): a price suggestion per variant, with the
// elasticity behind it and the expected profit per day before and after. Approving one proposes
// the price change through the approval path (propose_price_change).
import { z } from "zod";
import type { ToolOutput } from "../core/registry";
import { roundMoney } from "../core/money";
import { findingKind } from "../findings/kind";
import type { FoundItem } from "../findings/store";
import { moneyText, plural, variantName } from "../findings/words";
import type { suggestPriceChanges } from "./tools";

const perDay = z.object({ before: z.number(), after: z.number() });

export const priceSuggestion = findingKind(
  "price_suggestion",
  z.object({
    productId: z.string(),
    variantId: z.string(),
    product: z.string(),
    variant: z.string().nullable(),
    sku: z.string().nullable(),
    currentPrice: z.number(),
    proposedPrice: z.number(),
    changePct: z.number(),
    floorPrice: z.number(),
    elasticity: z.number(),
    elasticityInterval: z.object({ lo95: z.number(), hi95: z.number() }).nullable(),
    confidence: z.string(),
    unitsPerDay: perDay,
    profitPerDay: perDay,
  }),
);

export function priceFindings(suggestions: ToolOutput<typeof suggestPriceChanges>["suggestions"]): FoundItem[] {
  return suggestions.map((s) => {
    const pct = Math.abs(Math.round(s.changePct * 100));
    const move = s.proposedPrice > s.currentPrice ? "raise" : "lower";
    return priceSuggestion.item(
      `variant:${s.variantId}`,
      `${variantName(s.product, s.variant)}: ${move} the price by ${pct || "<1"}% for more profit`,
      {
        productId: s.productId,
        variantId: s.variantId,
        product: s.product,
        variant: s.variant,
        sku: s.sku,
        currentPrice: s.currentPrice,
        proposedPrice: s.proposedPrice,
        changePct: s.changePct,
        floorPrice: s.floorPrice,
        elasticity: s.elasticity,
        elasticityInterval: s.elasticityInterval,
        confidence: s.confidence,
        unitsPerDay: s.unitsPerDay,
        profitPerDay: s.profitPerDay,
      },
      // Largest expected profit uplift first.
      roundMoney(s.profitPerDay.after - s.profitPerDay.before),
    );
  });
}

export function pricingSummary(
  suggestions: ToolOutput<typeof suggestPriceChanges>["suggestions"],
  currency: string | null,
) {
  if (suggestions.length === 0) return "No price change would raise profit within your margin floor";
  const uplift = suggestions.reduce((s, x) => s + x.profitPerDay.after - x.profitPerDay.before, 0);
  return `${plural(suggestions.length, "price suggestion")}, about ${moneyText(roundMoney(uplift), currency)} more profit a day`;
}
