import { parse, validate } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAdminSchema } from "../schema";
import { startSeeded, type Harness } from "../testing/harness";
import type { Loose } from "../loose";

let h: Harness;
beforeAll(async () => {
  h = await startSeeded({ products: 12, orders: 40, customers: 8 });
});
afterAll(() => h.close());

const PRODUCTS_PAGE = `query Products($first: Int!, $after: String, $query: String) {
  products(first: $first, after: $after, query: $query) {
    edges { cursor node { id title status updatedAt
      variants(first: 5) { nodes { id sku price compareAtPrice inventoryQuantity inventoryItem { id unitCost { amount currencyCode } } } } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe("schema and errors", () => {
  it("the queries the emulator answers validate against the real 2026-10 Admin schema", () => {
    const schema = loadAdminSchema();
    expect(validate(schema, parse(PRODUCTS_PAGE))).toEqual([]);
    expect(schema.getType("OrderRiskSummary")).toBeTruthy();
  });

  it("an unknown field is a validation error in Shopify's wording, with no data", async () => {
    const { status, body } = await h.gql("{ shop { name notAField } }");
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toBe("Field 'notAField' doesn't exist on type 'Shop'");
    expect(body.errors[0].extensions.code).toBe("undefinedField");
  });

  it("a real but unimplemented field answers an error naming it, never a silent null", async () => {
    const { body } = await h.gql('{ product(id: "gid://shopify/Product/1000") { title giftCardTemplateSuffix } }');
    expect(body.errors[0].message).toBe("Field 'Product.giftCardTemplateSuffix' is not implemented by the emulator");
    expect(body.errors[0].path).toEqual(["product", "giftCardTemplateSuffix"]);
  });

  it("an unimplemented argument and an unimplemented mutation are named too", async () => {
    const arg = await h.gql('{ products(first: 1, savedSearchId: "gid://shopify/SavedSearch/1") { nodes { id } } }');
    expect(arg.body.errors[0].message).toBe(
      "Argument 'savedSearchId' on field 'QueryRoot.products' is not implemented by the emulator",
    );
    const mut = await h.gql(
      'mutation { productDelete(input: { id: "gid://shopify/Product/1000" }) { deletedProductId } }',
    );
    expect(mut.body.errors[0].message).toBe("Field 'Mutation.productDelete' is not implemented by the emulator");
  });

  it("an unknown search field is an error naming it", async () => {
    const { body } = await h.gql('{ products(first: 5, query: "colour:red") { nodes { id } } }');
    expect(body.errors[0].message).toMatch(/Search field 'colour' on products is not implemented/);
  });

  it("a connection without first or last is refused like Shopify", async () => {
    const { body } = await h.gql("{ products { nodes { id } } }");
    expect(body.errors[0].message).toBe("you must provide one of first or last");
  });
});

describe("query cost", () => {
  it("costs connections 2 + first × node cost, objects 1, scalars 0, and refunds the unused part", async () => {
    const { body } = await h.gql(
      "{ shop { name } products(first: 10) { nodes { id variants(first: 3) { nodes { sku } } } } }",
    );
    // shop 1 + products (2 + 10 × (1 + (2 + 3 × 1)))
    expect(body.extensions.cost.requestedQueryCost).toBe(1 + 2 + 10 * 6);
    expect(body.extensions.cost.actualQueryCost).toBe(1 + 2 + 10 * (1 + 2 + 2)); // 2 variants each
    expect(body.extensions.cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
  });

  it("mutations cost 10", async () => {
    const { body } = await h.gql(
      'mutation { discountCodeDelete(id: "gid://shopify/DiscountCodeNode/999") { userErrors { message } } }',
    );
    expect(body.extensions.cost.requestedQueryCost).toBe(10);
  });

  it("a query above 1000 points fails with MAX_COST_EXCEEDED", async () => {
    const { status, body } = await h.gql("{ products(first: 250) { nodes { variants(first: 10) { nodes { id } } } } }");
    expect(status).toBe(200);
    expect(body.errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
    expect(body.data).toBeUndefined();
  });
});

describe("pagination and filters", () => {
  it("walks every product exactly once forwards, with consistent pageInfo", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { body }: { body: Loose } = await h.gql(PRODUCTS_PAGE, { first: 5, after });
      const conn = body.data.products;
      seen.push(...conn.edges.map((e: Loose) => e.node.id));
      expect(conn.pageInfo.hasPreviousPage).toBe(pages > 0);
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1).cursor);
      pages++;
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    const total = Number(h.store.one("SELECT COUNT(*) AS n FROM products")!.n);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 5));
  });

  it("walks orders backwards with last/before and sortKey, once each", async () => {
    const q = `query($before: String) { orders(last: 7, before: $before, sortKey: CREATED_AT) {
      edges { cursor node { id createdAt } } pageInfo { hasPreviousPage startCursor } } }`;
    const seen: { id: string; createdAt: string }[] = [];
    let before: string | null = null;
    for (;;) {
      const { body }: { body: Loose } = await h.gql(q, { before });
      seen.unshift(...body.data.orders.edges.map((e: Loose) => e.node));
      if (!body.data.orders.pageInfo.hasPreviousPage) break;
      before = body.data.orders.pageInfo.startCursor;
    }
    expect(seen.length).toBe(40);
    expect(new Set(seen.map((o) => o.id)).size).toBe(40);
    expect(seen.map((o) => o.createdAt)).toEqual([...seen.map((o) => o.createdAt)].sort());
  });

  it("filters by updated_at, sku, status and created_at", async () => {
    const since = "2024-12-20T00:00:00Z";
    const byDate = await h.gql(PRODUCTS_PAGE, { first: 50, query: `updated_at:>=${since}` });
    const expected = h.store
      .all("SELECT id FROM products WHERE updated_at >= ? ORDER BY id", since)
      .map((r) => `gid://shopify/Product/${r.id}`);
    expect(byDate.body.data.products.edges.map((e: Loose) => e.node.id)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);

    const bySku = await h.gql(PRODUCTS_PAGE, { first: 5, query: "sku:SKU-10031" });
    expect(bySku.body.data.products.edges.map((e: Loose) => e.node.id)).toEqual(["gid://shopify/Product/1003"]);

    const drafts = await h.gql(PRODUCTS_PAGE, { first: 50, query: "status:draft" });
    expect(drafts.body.data.products.edges.every((e: Loose) => e.node.status === "DRAFT")).toBe(true);
    expect(drafts.body.data.products.edges.length).toBe(1);

    const orders = await h.gql(
      '{ orders(first: 250, query: "created_at:>=2025-01-01T02:00:00Z financial_status:partially_refunded") { nodes { id createdAt displayFinancialStatus } } }',
    );
    const nodes = orders.body.data.orders.nodes;
    expect(nodes.length).toBe(
      Number(
        h.store.one(
          "SELECT COUNT(*) AS n FROM orders WHERE created_at >= '2025-01-01T02:00:00Z' AND financial_status = 'PARTIALLY_REFUNDED'",
        )!.n,
      ),
    );
    expect(
      nodes.every(
        (o: Loose) => o.createdAt >= "2025-01-01T02:00:00Z" && o.displayFinancialStatus === "PARTIALLY_REFUNDED",
      ),
    ).toBe(true);
  });

  it("serves orders with line items, refunds, risk and fulfillment orders", async () => {
    const { body } = await h.gql(`{ order(id: "gid://shopify/Order/100003") { name
      totalPriceSet { shopMoney { amount currencyCode } } totalRefundedSet { shopMoney { amount } }
      lineItems(first: 10) { nodes { sku quantity refundableQuantity originalUnitPriceSet { shopMoney { amount } } } }
      refunds { note refundLineItems(first: 5) { nodes { quantity lineItem { sku } } } }
      risk { recommendation assessments { riskLevel facts { description sentiment } } }
      fulfillmentOrders(first: 5) { nodes { status } } } }`);
    const o = body.data.order;
    expect(body.errors).toBeUndefined();
    expect(o.name).toBe("#1004");
    expect(o.refunds[0].refundLineItems.nodes[0]).toEqual({ quantity: 1, lineItem: { sku: o.lineItems.nodes[0].sku } });
    expect(o.lineItems.nodes[0].refundableQuantity).toBe(o.lineItems.nodes[0].quantity - 1);
    expect(o.totalRefundedSet.shopMoney.amount).toBe(o.lineItems.nodes[0].originalUnitPriceSet.shopMoney.amount);
    expect(o.fulfillmentOrders.nodes).toEqual([{ status: "OPEN" }]);
    const risky = await h.gql(
      '{ order(id: "gid://shopify/Order/100015") { risk { recommendation assessments { riskLevel facts { sentiment } } } } }',
    );
    expect(risky.body.data.order.risk).toEqual({
      recommendation: "CANCEL",
      assessments: [{ riskLevel: "HIGH", facts: [{ sentiment: "POSITIVE" }, { sentiment: "NEGATIVE" }] }],
    });
  });

  it("resolves node and nodes by GID across types", async () => {
    const { body } =
      await h.gql(`{ nodes(ids: ["gid://shopify/Product/1000", "gid://shopify/Customer/5000", "gid://shopify/Order/1"]) {
      __typename ... on Product { title } ... on Customer { email } } }`);
    expect(body.data.nodes).toEqual([
      { __typename: "Product", title: "Product 1000" },
      { __typename: "Customer", email: "customer0@example.com" },
      null,
    ]);
  });
});

describe("mutations", () => {
  const ITEM = "gid://shopify/InventoryItem/5010000";
  const LOC = "gid://shopify/Location/100";
  const SET = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } } userErrors { field message code } } }`;

  it("sets and adjusts inventory, readable through inventoryLevel quantities", async () => {
    const set = await h.gql(SET, {
      input: {
        name: "available",
        reason: "correction",
        quantities: [{ inventoryItemId: ITEM, locationId: LOC, quantity: 7 }],
      },
    });
    expect(set.body.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(set.body.data.inventorySetQuantities.inventoryAdjustmentGroup.changes[0]).toMatchObject({
      name: "available",
      quantityAfterChange: 7,
    });
    const adj = await h.gql(`mutation { inventoryAdjustQuantities(input: { name: "available", reason: "received",
      changes: [{ inventoryItemId: "${ITEM}", locationId: "${LOC}", delta: 5 }] }) { userErrors { message } } }`);
    expect(adj.body.data.inventoryAdjustQuantities.userErrors).toEqual([]);
    const level = await h.gql(
      `{ inventoryItem(id: "${ITEM}") { inventoryLevel(locationId: "${LOC}") { quantities(names: ["available", "on_hand"]) { name quantity } } } }`,
    );
    expect(level.body.data.inventoryItem.inventoryLevel.quantities).toEqual([
      { name: "available", quantity: 12 },
      { name: "on_hand", quantity: 12 },
    ]);
  });

  it("answers userErrors for a negative quantity and unknown ids, changing nothing", async () => {
    const before = h.store.inventoryLevel(5010000, 100)!.available;
    const { body } = await h.gql(SET, {
      input: {
        name: "available",
        reason: "correction",
        quantities: [
          { inventoryItemId: ITEM, locationId: LOC, quantity: -3 },
          { inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", quantity: 1 },
        ],
      },
    });
    const errors = body.data.inventorySetQuantities.userErrors;
    expect(errors).toContainEqual({
      field: ["input", "quantities", "0", "quantity"],
      message: "The quantity can't be negative.",
      code: "INVALID_QUANTITY_NEGATIVE",
    });
    expect(errors.map((e: Loose) => e.code)).toEqual(
      expect.arrayContaining(["INVALID_INVENTORY_ITEM", "INVALID_LOCATION"]),
    );
    expect(body.data.inventorySetQuantities.inventoryAdjustmentGroup).toBeNull();
    expect(h.store.inventoryLevel(5010000, 100)!.available).toBe(before);
  });

  it("updates variant prices and cost, recording price history; rejects a price that is not a number", async () => {
    const M = `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants { id price compareAtPrice inventoryItem { unitCost { amount } } } userErrors { field message code } } }`;
    const ok = await h.gql(M, {
      productId: "gid://shopify/Product/1002",
      variants: [
        {
          id: "gid://shopify/ProductVariant/10020",
          price: "19.99",
          compareAtPrice: null,
          inventoryItem: { cost: "7.25" },
        },
      ],
    });
    expect(ok.body.data.productVariantsBulkUpdate).toEqual({
      userErrors: [],
      productVariants: [
        {
          id: "gid://shopify/ProductVariant/10020",
          price: "19.99",
          compareAtPrice: null,
          inventoryItem: { unitCost: { amount: "7.25" } },
        },
      ],
    });
    expect(
      h.store.one("SELECT price_cents FROM price_history WHERE variant_id = 10020 ORDER BY from_date DESC LIMIT 1")!
        .price_cents,
    ).toBe(1999);
    const bad = await h.gql(M, {
      productId: "gid://shopify/Product/1002",
      variants: [{ id: "gid://shopify/ProductVariant/10021", price: "abc" }],
    });
    expect(bad.body.data.productVariantsBulkUpdate.userErrors).toEqual([
      { field: ["variants", "0", "price"], message: 'Price must be a number, got "abc"', code: "INVALID_INPUT" },
    ]);
    const unknown = await h.gql(M, { productId: "gid://shopify/Product/42", variants: [] });
    expect(unknown.body.data.productVariantsBulkUpdate.userErrors[0].code).toBe("PRODUCT_DOES_NOT_EXIST");
  });

  it("updates a product and sets metafields readable on the product", async () => {
    const up =
      await h.gql(`mutation { productUpdate(product: { id: "gid://shopify/Product/1001", title: "Renamed", tags: ["a", "b"] }) {
      product { title tags } userErrors { field message } } }`);
    expect(up.body.data.productUpdate).toEqual({ product: { title: "Renamed", tags: ["a", "b"] }, userErrors: [] });
    const blank = await h.gql(
      'mutation { productUpdate(product: { id: "gid://shopify/Product/1001", title: " " }) { userErrors { field message } } }',
    );
    expect(blank.body.data.productUpdate.userErrors).toEqual([{ field: ["title"], message: "Title can't be blank" }]);
    const mf =
      await h.gql(`mutation { metafieldsSet(metafields: [{ ownerId: "gid://shopify/Product/1001", namespace: "royal", key: "elasticity", type: "number_decimal", value: "-1.4" }]) {
      metafields { key value } userErrors { field message code } } }`);
    expect(mf.body.data.metafieldsSet).toEqual({ metafields: [{ key: "elasticity", value: "-1.4" }], userErrors: [] });
    const bad =
      await h.gql(`mutation { metafieldsSet(metafields: [{ ownerId: "gid://shopify/Product/1001", namespace: "royal", key: "n", type: "number_integer", value: "x" }]) {
      userErrors { field code } } }`);
    expect(bad.body.data.metafieldsSet.userErrors.map((e: Loose) => e.code)).toEqual(["TOO_SHORT", "INVALID_VALUE"]);
    const read = await h.gql(
      '{ product(id: "gid://shopify/Product/1001") { metafield(namespace: "royal", key: "elasticity") { value type jsonValue } metafields(first: 5) { nodes { key } } } }',
    );
    expect(read.body.data.product).toEqual({
      metafield: { value: "-1.4", type: "number_decimal", jsonValue: "-1.4" },
      metafields: { nodes: [{ key: "elasticity" }] },
    });
  });

  it("creates, finds, deactivates and deletes discount codes, with userErrors for duplicates and bad dates", async () => {
    const CREATE = `mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) {
      codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title status codes(first: 1) { nodes { code } }
        customerGets { value { ... on DiscountPercentage { percentage } } } } } } userErrors { field message code } } }`;
    const input = {
      title: "Summer",
      code: "SUMMER15",
      startsAt: "2025-01-01T00:00:00Z",
      customerGets: { value: { percentage: 0.15 }, items: { all: true } },
      context: { all: "ALL" },
    };
    const created = await h.gql(CREATE, { d: input });
    const node = created.body.data.discountCodeBasicCreate.codeDiscountNode;
    expect(node.codeDiscount).toEqual({
      title: "Summer",
      status: "ACTIVE",
      codes: { nodes: [{ code: "SUMMER15" }] },
      customerGets: { value: { percentage: 0.15 } },
    });
    const dup = await h.gql(CREATE, { d: { ...input, code: "summer15" } });
    expect(dup.body.data.discountCodeBasicCreate.userErrors).toEqual([
      {
        field: ["basicCodeDiscount", "code"],
        message: "Code must be unique. Please try a different code.",
        code: "TAKEN",
      },
    ]);
    const dates = await h.gql(CREATE, { d: { ...input, code: "LATE", endsAt: "2024-01-01T00:00:00Z" } });
    expect(dates.body.data.discountCodeBasicCreate.userErrors[0].code).toBe("END_DATE_BEFORE_START_DATE");
    const byCode = await h.gql('{ codeDiscountNodeByCode(code: "SUMMER15") { id } }');
    expect(byCode.body.data.codeDiscountNodeByCode.id).toBe(node.id);
    const off = await h.gql(
      `mutation { discountCodeDeactivate(id: "${node.id}") { codeDiscountNode { codeDiscount { ... on DiscountCodeBasic { status } } } userErrors { message } } }`,
    );
    expect(off.body.data.discountCodeDeactivate.codeDiscountNode.codeDiscount.status).toBe("EXPIRED");
    const active = await h.gql('{ codeDiscountNodes(first: 10, query: "status:active") { nodes { id } } }');
    expect(active.body.data.codeDiscountNodes.nodes).toEqual([{ id: "gid://shopify/DiscountCodeNode/1" }]);
    const del = await h.gql(
      `mutation { discountCodeDelete(id: "${node.id}") { deletedCodeDiscountId userErrors { message } } }`,
    );
    expect(del.body.data.discountCodeDelete.deletedCodeDiscountId).toBe(node.id);
    expect(
      (await h.gql('{ codeDiscountNodeByCode(code: "SUMMER15") { id } }')).body.data.codeDiscountNodeByCode,
    ).toBeNull();
  });

  it("holds and releases a fulfillment order", async () => {
    const FO = "gid://shopify/FulfillmentOrder/100000";
    const hold =
      await h.gql(`mutation { fulfillmentOrderHold(id: "${FO}", fulfillmentHold: { reason: HIGH_RISK_OF_FRAUD, reasonNotes: "check" }) {
      fulfillmentHold { id reason } fulfillmentOrder { status fulfillmentHolds { reason reasonNotes } } userErrors { message code } } }`);
    expect(hold.body.data.fulfillmentOrderHold.fulfillmentOrder).toEqual({
      status: "ON_HOLD",
      fulfillmentHolds: [{ reason: "HIGH_RISK_OF_FRAUD", reasonNotes: "check" }],
    });
    const onHold = await h.gql('{ fulfillmentOrders(first: 10, query: "status:on_hold") { nodes { id } } }');
    expect(onHold.body.data.fulfillmentOrders.nodes).toEqual([{ id: FO }]);
    const rel = await h.gql(
      `mutation { fulfillmentOrderReleaseHold(id: "${FO}") { fulfillmentOrder { status } userErrors { message } } }`,
    );
    expect(rel.body.data.fulfillmentOrderReleaseHold).toEqual({ fulfillmentOrder: { status: "OPEN" }, userErrors: [] });
    const missing = await h.gql(
      'mutation { fulfillmentOrderHold(id: "gid://shopify/FulfillmentOrder/1", fulfillmentHold: { reason: OTHER }) { userErrors { field code } } }',
    );
    expect(missing.body.data.fulfillmentOrderHold.userErrors).toEqual([
      { field: ["id"], code: "FULFILLMENT_ORDER_NOT_FOUND" },
    ]);
  });
});
