// PricingOptimizerAgent's tools: elasticity-based price proposals with margin floors, and price
// changes through the approval path (productVariantsBulkUpdate; revert restores the old price).
import { z } from "zod";
import { proposalOutput, proposalResult, proposeAction } from "../actions/actions";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { loadCatalog, salesEndDay } from "../data/catalog";
import { paidSales, paidSeriesOf } from "./paid-sales";
import { proposeFromHistoryPaced } from "./optimize";
import { floorPrice } from "./optimize";
import { CompetitorCsvError, latestCompetitorPrices, parseCompetitorCsv } from "./competitors";
import { addDays, HOUR_MS } from "../core/time";
import { readSettings } from "../settings";
import { shopCurrency, variantName } from "../findings/words";

const HISTORY_DAYS = 365;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

export const suggestPriceChanges = defineTool({
  name: "suggest_price_changes",
  title: "Suggest price changes",
  description:
    "Estimates each variant's price elasticity from the shop's own price and sales history (Poisson regression with weekday and trend controls, shrunk toward the category when price changes are few) and suggests the profit-maximising price within a margin floor and a maximum step. Each suggestion carries expected units, revenue and profit per day before and after, the elasticity with its confidence, and the binding constraint; variants without enough evidence are listed with the reason. Read-only: use propose_price_change to act on a suggestion.",
  capability: "pricing",
  input: z.object({
    skus: z
      .array(z.string().min(1))
      .max(500)
      .optional()
      .describe("Limit to these SKUs; default all variants with sales"),
    minMargin: z
      .number()
      .min(0)
      .max(0.95)
      .optional()
      .describe(
        "Minimum gross margin a price may leave, e.g. 0.2 for 20%; default the shop's margin floor in Settings",
      ),
    maxChangePct: z
      .number()
      .min(0.01)
      .max(0.5)
      .default(0.15)
      .describe("Largest price move per step, e.g. 0.15 for ±15%"),
    limit: z
      .number()
      .int()
      .min(1)
      .max(2_000)
      .default(20)
      .describe("At most this many suggestions, largest profit uplift first"),
    competitorCsv: z
      .string()
      .max(2_000_000)
      .optional()
      .describe(
        "Optional competitor prices as CSV with columns sku,competitor,price,observed_at; prices stay within a band of the lowest recent one",
      ),
  }),
  output: z.object({
    suggestions: z.array(
      z.object({
        sku: z.string().nullable(),
        variantId: z.string(),
        productId: z.string(),
        product: z.string(),
        variant: z.string(),
        currentPrice: z.number(),
        proposedPrice: z.number(),
        changePct: z.number(),
        floorPrice: z.number(),
        elasticity: z.number(),
        elasticityInterval: z
          .object({ lo95: z.number(), hi95: z.number() })
          .nullable()
          .describe("95% interval of the elasticity; null when it has no standard error"),
        confidence: z.string(),
        bindingConstraint: z.string(),
        unitsPerDay: z.object({ before: z.number(), after: z.number() }),
        revenuePerDay: z.object({ before: z.number(), after: z.number() }),
        profitPerDay: z.object({ before: z.number(), after: z.number() }),
      }),
    ),
    noSuggestion: z.array(z.object({ sku: z.string().nullable(), reason: z.string(), message: z.string() })),
    skippedWithoutCost: z.number(),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: 6 * HOUR_MS },
  async handler(ctx, input) {
    const minMargin = input.minMargin ?? (await readSettings(ctx.db, ctx.shop)).marginFloor;
    const catalog = await loadCatalog(ctx.db, ctx.shop, input.skus ? { skus: input.skus } : {});
    if (input.skus) {
      const unknown = input.skus.filter((s) => !catalog.some((v) => v.sku === s));
      if (unknown.length)
        return fail("not_found", `Unknown SKU: ${unknown.join(", ")}.`, "Use SKUs exactly as in the catalog.");
    }
    let competitors: ReturnType<typeof latestCompetitorPrices> = new Map();
    if (input.competitorCsv) {
      try {
        competitors = latestCompetitorPrices(parseCompetitorCsv(input.competitorCsv), {
          asOf: ctx.now().toISOString(),
        });
      } catch (error) {
        if (error instanceof CompetitorCsvError)
          return fail(
            "invalid_input",
            `competitorCsv: ${error.message}`,
            "Send CSV text with the header sku,competitor,price,observed_at.",
          );
        throw error;
      }
    }
    const end = await salesEndDay(ctx.db, ctx.shop, ctx.now());
    // Only the days with paid units, packed (agents/pricing/paid-sales.ts): a dense year per sold
    // variant was gigabytes on a big store. Elasticity needs sales at a price: free units (gifts,
    // samples) and free items are no evidence, so a variant without a paid unit is left out.
    const sales = await paidSales(ctx.db, ctx.shop, {
      days: HISTORY_DAYS,
      end,
      variantIds: catalog.map((v) => v.variantId),
    });
    const salesIndex = new Map(sales.variantIds.map((id, k) => [id, k]));
    const withCost = catalog.filter(
      (v) => v.unitCost != null && v.unitCost > 0 && v.price > 0 && salesIndex.has(v.variantId),
    );
    if (withCost.length === 0)
      return fail(
        "insufficient_data",
        "No variant has both a unit cost and sales in the last year.",
        "Set unit costs in Shopify (Cost per item) and sync the store.",
      );
    // One string per day of the window, shared by every variant's history.
    const dates = Array.from({ length: sales.days }, (_, i) => addDays(sales.start, i));
    // One variant's dense series at a time, in these two buffers.
    const series = { units: new Float64Array(sales.days), price: new Float64Array(sales.days) };
    const results = await proposeFromHistoryPaced(
      withCost.map((v) => {
        const competitor = v.sku ? competitors.get(v.sku) : undefined;
        return {
          variantId: v.variantId,
          category: v.productType ?? undefined,
          currentPrice: v.price,
          unitCost: v.unitCost!,
          // Built when the variant is fitted and let go after (proposeFromHistoryPaced).
          observations: () => {
            const { units, price: prices } = paidSeriesOf(sales, salesIndex.get(v.variantId)!, series);
            // Days without a sale still had a price on the shelf: carry the last charged price forward.
            let last = prices.find((p) => Number.isFinite(p)) ?? v.price;
            const firstSale = units.findIndex((n) => n > 0);
            const observations = [];
            for (let i = Math.max(0, firstSale); i < units.length; i++) {
              if (Number.isFinite(prices[i])) last = prices[i];
              observations.push({ date: dates[i], price: round(last), units: units[i] });
            }
            return observations;
          },
          ...(competitor ? { competitorPrices: [competitor.lowest] } : {}),
        };
      }),
      { optimize: { minMargin, maxStepPct: input.maxChangePct } },
    );
    const byId = new Map(withCost.map((v) => [v.variantId, v]));
    const suggestions = [];
    const noSuggestion = [];
    for (const { proposal } of results) {
      const v = byId.get(proposal.variantId)!;
      if (proposal.status === "no_proposal") {
        noSuggestion.push({ sku: v.sku, reason: proposal.reason, message: proposal.message });
        continue;
      }
      if (proposal.action === "keep") continue;
      suggestions.push({
        sku: v.sku,
        variantId: v.variantId,
        productId: v.productId,
        product: v.productTitle,
        variant: v.variantTitle,
        currentPrice: proposal.currentPrice,
        proposedPrice: proposal.proposedPrice,
        changePct: round(proposal.changePct, 4),
        floorPrice: proposal.floorPrice,
        elasticity: round(proposal.elasticity, 3),
        elasticityInterval:
          proposal.elasticitySe == null
            ? null
            : {
                lo95: round(proposal.elasticity - 1.96 * proposal.elasticitySe, 3),
                hi95: round(proposal.elasticity + 1.96 * proposal.elasticitySe, 3),
              },
        confidence: proposal.confidence,
        bindingConstraint: String(proposal.bindingConstraint),
        unitsPerDay: { before: round(proposal.before.unitsPerDay, 3), after: round(proposal.after.unitsPerDay, 3) },
        revenuePerDay: { before: round(proposal.before.revenuePerDay), after: round(proposal.after.revenuePerDay) },
        profitPerDay: { before: round(proposal.before.profitPerDay), after: round(proposal.after.profitPerDay) },
      });
    }
    suggestions.sort(
      (a, b) => b.profitPerDay.after - b.profitPerDay.before - (a.profitPerDay.after - a.profitPerDay.before),
    );
    return ok({
      suggestions: suggestions.slice(0, input.limit),
      noSuggestion: noSuggestion.slice(0, 50),
      skippedWithoutCost: catalog.length - withCost.length,
    });
  },
});

export const proposePriceChange = defineTool({
  name: "propose_price_change",
  title: "Propose price changes",
  description:
    "Proposes new prices for one or more variants by SKU. It does NOT change prices: it creates a pending change showing each before -> after price that the merchant approves in the app; once applied it can be reverted to the old prices. Prices below the margin floor (unit cost / (1 - minMargin)) are refused.",
  capability: "pricing",
  input: z.object({
    changes: z
      .array(
        z.object({
          sku: z.string().min(1).describe("Variant SKU"),
          price: z.number().positive().max(1_000_000).describe("New price in the shop's currency"),
        }),
      )
      .min(1)
      .max(100)
      .describe("The new prices"),
    minMargin: z
      .number()
      .min(0)
      .max(0.95)
      .optional()
      .describe(
        "Refuse prices leaving less than this gross margin (0 = only never below cost when cost is known); default the shop's margin floor in Settings",
      ),
    reason: z.string().max(300).optional().describe("Why, shown to the merchant"),
  }),
  output: proposalOutput,
  annotations: { readOnly: false, destructive: false, idempotent: false },
  changesStore: true,
  async handler(ctx, input) {
    const skus = input.changes.map((c) => c.sku);
    if (new Set(skus).size !== skus.length)
      return fail("invalid_input", "Each SKU may appear once.", "Merge duplicate SKUs into one change.");
    const catalog = await loadCatalog(ctx.db, ctx.shop, { skus });
    const bySku = new Map(catalog.map((v) => [v.sku, v]));
    const unknown = skus.filter((s) => !bySku.has(s));
    if (unknown.length)
      return fail("not_found", `Unknown SKU: ${unknown.join(", ")}.`, "Use SKUs exactly as in the catalog.");
    const minMargin = input.minMargin ?? (await readSettings(ctx.db, ctx.shop)).marginFloor;
    for (const change of input.changes) {
      const v = bySku.get(change.sku)!;
      if (v.unitCost != null && v.unitCost > 0) {
        const floor = floorPrice(v.unitCost, minMargin);
        if (change.price < floor)
          return fail(
            "invalid_input",
            `${change.sku}: ${change.price.toFixed(2)} is below the floor ${floor.toFixed(2)} (unit cost ${v.unitCost.toFixed(2)}, margin ${Math.round(minMargin * 100)}%).`,
            `Propose at least ${floor.toFixed(2)}.`,
          );
      }
    }
    const titles = [...new Set(input.changes.map((c) => bySku.get(c.sku)!.productTitle))];
    const what =
      titles.length <= 3
        ? `the price${input.changes.length === 1 ? "" : "s"} of ${titles.join(", ")}`
        : `${input.changes.length} prices`;
    const proposed = await proposeAction(ctx, {
      kind: "price.update",
      tool: "propose_price_change",
      summary: `Change ${what}${input.reason ? ` (${input.reason})` : ""}`,
      after: {
        currency: await shopCurrency(ctx.db, ctx.shop),
        variants: input.changes.map((c) => {
          const v = bySku.get(c.sku)!;
          return {
            variantId: v.variantId,
            productId: v.productId,
            sku: c.sku,
            price: c.price,
            name: variantName(v.productTitle, v.variantTitle),
          };
        }),
      },
    });
    if (!proposed.ok) return proposed;
    return ok(proposalResult(proposed.data));
  },
});
