// The marketing store changes: product.update (text and SEO, e.g. from the copywriter) and
// discount.create (a code for a campaign), each through approval.
import { z } from "zod";
import { ActionFailed, checkUserErrors, gid, money, settle, sides, type ActionKind } from "../actions/kind";

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
  async check(ctx, change, direction) {
    const { target, other } = sides(change, direction);
    const current = await productUpdate.readCurrent(ctx, target);
    const fields = (["title", "descriptionHtml", "seoTitle", "seoDescription"] as const).filter(
      (field) => target[field] !== undefined,
    );
    return {
      state: settle(
        fields.map((field) => ({
          target: (current[field] ?? null) === (target[field] ?? null),
          other: (current[field] ?? null) === (other[field] ?? null),
        })),
      ),
    };
  },
  // Fields in the merchant's words (the admin's own labels), not the API's field names.
  describe: (before, after) =>
    (["title", "descriptionHtml", "seoTitle", "seoDescription"] as const)
      .filter((field) => after[field] !== undefined)
      .map(
        (field) =>
          `${PRODUCT_FIELD_WORDS[field]}: "${String(before[field] ?? "").slice(0, 60)}" -> "${String(after[field] ?? "").slice(0, 60)}"`,
      ),
};

const PRODUCT_FIELD_WORDS = {
  title: "Title",
  descriptionHtml: "Description",
  seoTitle: "Search engine title",
  seoDescription: "Search engine description",
} as const;

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

/** "Dec 7, 2026" for an ISO date-time. */
const dayText = (iso: string) =>
  new Date(iso).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

const DISCOUNT_BY_CODE = /* GraphQL */ `#graphql
  query ActionDiscountByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) { id }
  }
`;

const DISCOUNT_CHECK = /* GraphQL */ `#graphql
  query ActionDiscountCheck($code: String!) {
    codeDiscountNodeByCode(code: $code) { id codeDiscount { ... on DiscountCodeBasic { title startsAt } } }
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
  // The code is ours when it exists with this change's title and start: a code someone else made
  // meanwhile (Shopify then refuses ours: "must be unique") is not taken for ours.
  async check(ctx, change, direction) {
    const data = await ctx.admin.graphql(DISCOUNT_CHECK, { code: change.after.code });
    const node = data.codeDiscountNodeByCode;
    const discount = node?.codeDiscount as { title?: string; startsAt?: string } | undefined;
    const ours =
      node != null &&
      discount?.title === change.after.title &&
      Date.parse(discount.startsAt ?? "") === Date.parse(change.after.startsAt);
    if (node && !ours) return { state: direction === "apply" ? "not_applied" : "applied" }; // codes are unique: ours is not there
    if (direction === "apply")
      return ours ? { state: "applied", result: { discountId: node.id } } : { state: "not_applied" };
    return { state: node ? "not_applied" : "applied" };
  },
  async revert(ctx, _before, applied) {
    const id = (applied as { discountId?: string } | null)?.discountId;
    if (!id) throw new ActionFailed("The created discount's id was not recorded; delete it in Shopify's admin");
    const data = await ctx.admin.graphql(DELETE_DISCOUNT, { id });
    checkUserErrors("discountCodeDelete", data.discountCodeDelete);
    return null;
  },
  // Who can use it is said plainly: a code made here is not limited to a customer segment.
  describe: (_before, after) => [
    `create code ${after.code}: ${after.percentage != null ? `${Math.round(after.percentage * 100)}% off` : `${money(after.amount ?? 0)} off`}, from ${dayText(after.startsAt)}${after.endsAt ? ` to ${dayText(after.endsAt)}` : ""}${after.usageLimit ? `, at most ${after.usageLimit} uses` : ""}${after.appliesOncePerCustomer ? ", once per customer" : ""}; any customer who has the code can use it`,
  ],
};
