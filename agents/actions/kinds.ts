// The store changes agents may make, each with how to read its current state, apply it and undo it.
// Every mutation's userErrors are checked; a non-empty list fails the apply with Shopify's message.
import { z } from "zod";
import type { ToolContext } from "../core/context";
import { AdminApiError, userErrorMessage, type UserError } from "../shopify/admin-client";

export interface ActionKind<T> {
  kind: string;
  /** Shape of both the before and after payloads. */
  values: z.ZodType<T>;
  /** Reads the store's current values for the items that `after` changes (the before values). */
  readCurrent(ctx: ToolContext, after: T): Promise<T>;
  /** Makes the store hold `values`; returns anything revert needs (e.g. an id Shopify assigned). */
  apply(ctx: ToolContext, values: T, previous?: unknown): Promise<unknown>;
  /** Puts back `before`. Defaults to apply(before). */
  revert?(ctx: ToolContext, before: T, applied: unknown): Promise<unknown>;
  /** One line per item: what changes from what to what. */
  describe(before: T, after: T): string[];
}

export class ActionFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ActionFailed";
  }
}

/**
 * A mutation's payload, once its userErrors are checked. The schema makes every payload nullable;
 * Shopify answers null only alongside GraphQL errors (which the client throws), so a null here is a
 * malformed answer: it fails like any other Admin API failure, not as a refusal.
 */
function checkUserErrors<P extends { userErrors: UserError[] }>(mutation: string, payload: P | null | undefined): P {
  if (!payload) throw new AdminApiError(`Shopify answered ${mutation} without a payload`, { code: "BAD_RESPONSE" });
  const message = userErrorMessage(payload.userErrors);
  if (message) throw new ActionFailed(`Shopify refused ${mutation}: ${message}`);
  return payload;
}

const gid = (type: string, id: string) => (id.startsWith("gid://") ? id : `gid://shopify/${type}/${id}`);
const money = (n: number) => n.toFixed(2);

// ---------- price.update ----------

const priceValues = z.object({
  variants: z.array(
    z.object({
      variantId: z.string(),
      productId: z.string(),
      sku: z.string().nullable().optional(),
      price: z.number(),
      compareAtPrice: z.number().nullable().optional(),
    }),
  ),
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
  describe: (before, after) =>
    after.variants.map(
      (v, i) =>
        `${v.sku ?? before.variants[i]?.sku ?? v.variantId}: price ${money(before.variants[i]?.price ?? NaN)} -> ${money(v.price)}`,
    ),
};

// ---------- inventory.set ----------

const inventoryValues = z.object({
  reason: z.string().default("correction"),
  items: z.array(
    z.object({
      inventoryItemId: z.string(),
      locationId: z.string(),
      sku: z.string().nullable().optional(),
      quantity: z.number().int(),
    }),
  ),
});
type InventoryValues = z.infer<typeof inventoryValues>;

const INVENTORY_LEVELS = /* GraphQL */ `#graphql
  query ActionInventoryLevel($inventoryItemId: ID!, $locationId: ID!) {
    inventoryItem(id: $inventoryItemId) {
      id
      sku
      inventoryLevel(locationId: $locationId) { quantities(names: ["on_hand"]) { name quantity } }
    }
  }
`;

const SET_QUANTITIES = /* GraphQL */ `#graphql
  mutation ActionSetQuantities($input: InventorySetQuantitiesInput!) {
    inventorySetQuantities(input: $input) {
      inventoryAdjustmentGroup { id reason }
      userErrors { field message code }
    }
  }
`;

export const inventorySet: ActionKind<InventoryValues> = {
  kind: "inventory.set",
  values: inventoryValues,
  async readCurrent(ctx, after) {
    const items = [];
    for (const item of after.items) {
      const data = await ctx.admin.graphql(INVENTORY_LEVELS, {
        inventoryItemId: gid("InventoryItem", item.inventoryItemId),
        locationId: gid("Location", item.locationId),
      });
      if (!data.inventoryItem)
        throw new ActionFailed(`Inventory item ${item.inventoryItemId} does not exist in the store`);
      if (!data.inventoryItem.inventoryLevel)
        throw new ActionFailed(`Inventory item ${item.inventoryItemId} is not stocked at location ${item.locationId}`);
      const onHand = data.inventoryItem.inventoryLevel.quantities.find((q) => q.name === "on_hand")?.quantity ?? 0;
      items.push({ ...item, sku: data.inventoryItem.sku, quantity: onHand });
    }
    return { reason: after.reason, items };
  },
  async apply(ctx, values) {
    const data = await ctx.admin.graphql(SET_QUANTITIES, {
      input: {
        name: "on_hand",
        reason: values.reason,
        referenceDocumentUri: `gid://royal-equips/Action/${ctx.shop}`,
        // No compare-and-swap: the approval showed the before value moments ago, and a revert must
        // restore it even if sales moved stock meanwhile.
        quantities: values.items.map((i) => ({
          inventoryItemId: gid("InventoryItem", i.inventoryItemId),
          locationId: gid("Location", i.locationId),
          quantity: i.quantity,
          changeFromQuantity: null,
        })),
      },
    });
    checkUserErrors("inventorySetQuantities", data.inventorySetQuantities);
    return null;
  },
  describe: (before, after) =>
    after.items.map(
      (i, n) =>
        `${i.sku ?? before.items[n]?.sku ?? i.inventoryItemId} at location ${i.locationId}: on hand ${before.items[n]?.quantity} -> ${i.quantity}`,
    ),
};

// ---------- product.update (text and SEO) ----------

const productValues = z.object({
  productId: z.string(),
  title: z.string().optional(),
  descriptionHtml: z.string().optional(),
  seoTitle: z.string().nullable().optional(),
  seoDescription: z.string().nullable().optional(),
});
type ProductValues = z.infer<typeof productValues>;

const PRODUCT_TEXT = /* GraphQL */ `#graphql
  query ActionProductText($id: ID!) {
    product(id: $id) { id title descriptionHtml seo { title description } }
  }
`;

const UPDATE_PRODUCT = /* GraphQL */ `#graphql
  mutation ActionUpdateProduct($product: ProductUpdateInput!) {
    productUpdate(product: $product) {
      product { id title }
      userErrors { field message }
    }
  }
`;

export const productUpdate: ActionKind<ProductValues> = {
  kind: "product.update",
  values: productValues,
  async readCurrent(ctx, after) {
    const data = await ctx.admin.graphql(PRODUCT_TEXT, { id: gid("Product", after.productId) });
    if (!data.product) throw new ActionFailed(`Product ${after.productId} does not exist in the store`);
    const before: ProductValues = { productId: after.productId };
    if (after.title !== undefined) before.title = data.product.title;
    if (after.descriptionHtml !== undefined) before.descriptionHtml = data.product.descriptionHtml;
    if (after.seoTitle !== undefined) before.seoTitle = data.product.seo.title;
    if (after.seoDescription !== undefined) before.seoDescription = data.product.seo.description;
    return before;
  },
  async apply(ctx, values) {
    // null is sent as null: reverting to "no SEO title" must clear the one the change set (undefined fields are left out).
    const seo =
      values.seoTitle !== undefined || values.seoDescription !== undefined
        ? { seo: { title: values.seoTitle, description: values.seoDescription } }
        : {};
    const data = await ctx.admin.graphql(UPDATE_PRODUCT, {
      product: {
        id: gid("Product", values.productId),
        title: values.title,
        descriptionHtml: values.descriptionHtml,
        ...seo,
      },
    });
    checkUserErrors("productUpdate", data.productUpdate);
    return null;
  },
  describe: (before, after) =>
    (["title", "descriptionHtml", "seoTitle", "seoDescription"] as const)
      .filter((field) => after[field] !== undefined)
      .map(
        (field) =>
          `${field}: "${String(before[field] ?? "").slice(0, 60)}" -> "${String(after[field] ?? "").slice(0, 60)}"`,
      ),
};

// ---------- discount.create ----------

const discountValues = z.object({
  exists: z.boolean(),
  code: z.string(),
  title: z.string(),
  percentage: z.number().min(0.01).max(1).nullable(),
  amount: z.number().positive().nullable(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  usageLimit: z.number().int().positive().nullable(),
  appliesOncePerCustomer: z.boolean(),
});
type DiscountValues = z.infer<typeof discountValues>;

const DISCOUNT_BY_CODE = /* GraphQL */ `#graphql
  query ActionDiscountByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) { id }
  }
`;

const CREATE_DISCOUNT = /* GraphQL */ `#graphql
  mutation ActionCreateDiscount($discount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $discount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

const DELETE_DISCOUNT = /* GraphQL */ `#graphql
  mutation ActionDeleteDiscount($id: ID!) {
    discountCodeDelete(id: $id) {
      deletedCodeDiscountId
      userErrors { field message code }
    }
  }
`;

export const discountCreate: ActionKind<DiscountValues> = {
  kind: "discount.create",
  values: discountValues,
  async readCurrent(ctx, after) {
    const data = await ctx.admin.graphql(DISCOUNT_BY_CODE, { code: after.code });
    if (data.codeDiscountNodeByCode) throw new ActionFailed(`A discount with code ${after.code} already exists`);
    return { ...after, exists: false };
  },
  async apply(ctx, values) {
    const data = await ctx.admin.graphql(CREATE_DISCOUNT, {
      discount: {
        title: values.title,
        code: values.code,
        startsAt: values.startsAt,
        endsAt: values.endsAt,
        usageLimit: values.usageLimit,
        appliesOncePerCustomer: values.appliesOncePerCustomer,
        context: { all: "ALL" },
        customerGets: {
          items: { all: true },
          value:
            values.percentage != null
              ? { percentage: values.percentage }
              : { discountAmount: { amount: money(values.amount ?? 0), appliesOnEachItem: false } },
        },
      },
    });
    const created = checkUserErrors("discountCodeBasicCreate", data.discountCodeBasicCreate);
    return { discountId: created.codeDiscountNode?.id };
  },
  async revert(ctx, _before, applied) {
    const id = (applied as { discountId?: string } | null)?.discountId;
    if (!id) throw new ActionFailed("The created discount's id was not recorded; delete it in Shopify's admin");
    const data = await ctx.admin.graphql(DELETE_DISCOUNT, { id });
    checkUserErrors("discountCodeDelete", data.discountCodeDelete);
    return null;
  },
  describe: (_before, after) => [
    `create code ${after.code}: ${after.percentage != null ? `${Math.round(after.percentage * 100)}% off` : `${money(after.amount ?? 0)} off`}, from ${after.startsAt.slice(0, 10)}${after.endsAt ? ` to ${after.endsAt.slice(0, 10)}` : ""}${after.usageLimit ? `, at most ${after.usageLimit} uses` : ""}`,
  ],
};

// ---------- fulfillment.hold ----------

const holdValues = z.object({
  fulfillmentOrderId: z.string(),
  orderName: z.string().optional(),
  held: z.boolean(),
  reason: z
    .enum(["HIGH_RISK_OF_FRAUD", "AWAITING_PAYMENT", "INCORRECT_ADDRESS", "INVENTORY_OUT_OF_STOCK", "OTHER"])
    .default("HIGH_RISK_OF_FRAUD"),
  reasonNotes: z.string().optional(),
});
type HoldValues = z.infer<typeof holdValues>;

const FULFILLMENT_ORDER_STATUS = /* GraphQL */ `#graphql
  query ActionFulfillmentOrderStatus($id: ID!) {
    fulfillmentOrder(id: $id) { id status }
  }
`;

const HOLD = /* GraphQL */ `#graphql
  mutation ActionHoldFulfillmentOrder($id: ID!, $hold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
      fulfillmentHold { id }
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;

const RELEASE = /* GraphQL */ `#graphql
  mutation ActionReleaseFulfillmentOrder($id: ID!) {
    fulfillmentOrderReleaseHold(id: $id) {
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;

export const fulfillmentHold: ActionKind<HoldValues> = {
  kind: "fulfillment.hold",
  values: holdValues,
  async readCurrent(ctx, after) {
    const data = await ctx.admin.graphql(FULFILLMENT_ORDER_STATUS, {
      id: gid("FulfillmentOrder", after.fulfillmentOrderId),
    });
    if (!data.fulfillmentOrder) throw new ActionFailed(`Fulfillment order ${after.fulfillmentOrderId} does not exist`);
    return { ...after, held: data.fulfillmentOrder.status === "ON_HOLD" };
  },
  async apply(ctx, values) {
    const id = gid("FulfillmentOrder", values.fulfillmentOrderId);
    if (values.held) {
      const data = await ctx.admin.graphql(HOLD, {
        id,
        hold: {
          reason: values.reason,
          reasonNotes: values.reasonNotes ?? "Held by Royal Equips after merchant approval",
          notifyMerchant: false,
        },
      });
      checkUserErrors("fulfillmentOrderHold", data.fulfillmentOrderHold);
    } else {
      const data = await ctx.admin.graphql(RELEASE, { id });
      checkUserErrors("fulfillmentOrderReleaseHold", data.fulfillmentOrderReleaseHold);
    }
    return null;
  },
  describe: (before, after) => [
    `fulfillment of ${after.orderName ?? after.fulfillmentOrderId}: ${before.held ? "on hold" : "open"} -> ${after.held ? "on hold" : "released"}`,
  ],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ACTION_KINDS: Record<string, ActionKind<any>> = Object.fromEntries(
  [priceUpdate, inventorySet, productUpdate, discountCreate, fulfillmentHold].map((k) => [k.kind, k]),
);

export { AdminApiError };
