// The price.update store change: variant prices (and compare-at prices) set through approval.
import { z } from "zod";
import { ActionFailed, checkUserErrors, gid, money, settle, sides, type ActionKind } from "../actions/kind";
import { moneyText } from "../findings/words";

const priceValues = z.object({
  variants: z.array(
    z.object({
      variantId: z.string(),
      productId: z.string(),
      sku: z.string().nullable().optional(),
      price: z.number(),
      compareAtPrice: z.number().nullable().optional(),
      /** For the merchant's eyes: the product (and variant) by name. */
      name: z.string().optional(),
    }),
  ),
  /** The shop's currency when proposed, so the card shows "€42.99", not "42.99". */
  currency: z.string().nullable().optional(),
});
type PriceValues = z.infer<typeof priceValues>;

const VARIANT_PRICES = /* GraphQL */ `#graphql
  query ActionVariantPrices($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on ProductVariant { id sku price compareAtPrice product { id } }
    }
  }
`;

const UPDATE_VARIANT_PRICES = /* GraphQL */ `#graphql
  mutation ActionUpdateVariantPrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants { id price compareAtPrice }
      userErrors { field message code }
    }
  }
`;

export const priceUpdate: ActionKind<PriceValues> = {
  kind: "price.update",
  values: priceValues,
  async readCurrent(ctx, after) {
    const data = await ctx.admin.graphql(VARIANT_PRICES, {
      ids: after.variants.map((v) => gid("ProductVariant", v.variantId)),
    });
    return {
      variants: after.variants.map((v, i) => {
        const node = data.nodes[i];
        if (!node) throw new ActionFailed(`Variant ${v.variantId} does not exist in the store`);
        return {
          variantId: v.variantId,
          productId: v.productId,
          sku: node.sku,
          price: Number(node.price),
          compareAtPrice: node.compareAtPrice == null ? null : Number(node.compareAtPrice),
        };
      }),
    };
  },
  async apply(ctx, values) {
    const byProduct = new Map<string, PriceValues["variants"]>();
    for (const v of values.variants) byProduct.set(v.productId, [...(byProduct.get(v.productId) ?? []), v]);
    for (const [productId, variants] of byProduct) {
      const data = await ctx.admin.graphql(UPDATE_VARIANT_PRICES, {
        productId: gid("Product", productId),
        variants: variants.map((v) => ({
          id: gid("ProductVariant", v.variantId),
          price: money(v.price),
          ...(v.compareAtPrice !== undefined
            ? { compareAtPrice: v.compareAtPrice == null ? null : money(v.compareAtPrice) }
            : {}),
        })),
      });
      checkUserErrors("productVariantsBulkUpdate", data.productVariantsBulkUpdate);
    }
    return null;
  },
  async check(ctx, change, direction) {
    const { target, other } = sides(change, direction);
    const current = await priceUpdate.readCurrent(ctx, target);
    const same = (a: PriceValues["variants"][number], b: PriceValues["variants"][number] | undefined) =>
      b !== undefined &&
      money(a.price) === money(b.price) &&
      (b.compareAtPrice === undefined || (a.compareAtPrice ?? null) === (b.compareAtPrice ?? null));
    return {
      state: settle(
        current.variants.map((now, i) => ({
          target: same(now, target.variants[i]),
          other: same(now, other.variants[i]),
        })),
      ),
    };
  },
  describe: (before, after) =>
    after.variants.map(
      (v, i) =>
        `${v.name ? `${v.name} (SKU ${v.sku ?? before.variants[i]?.sku ?? "none"})` : (v.sku ?? before.variants[i]?.sku ?? v.variantId)}: price ${moneyText(before.variants[i]?.price ?? NaN, after.currency)} -> ${moneyText(v.price, after.currency)}`,
    ),
};
