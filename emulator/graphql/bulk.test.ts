import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeeded, type Harness } from "../testing/harness";
import type { Loose } from "../loose";

let h: Harness;
beforeAll(async () => {
  h = await startSeeded({ products: 30, orders: 260, customers: 20 });
});
afterAll(() => h.close());

async function runBulk(query: string) {
  const start = await h.gql(
    `mutation($q: String!) { bulkOperationRunQuery(query: $q) {
    bulkOperation { id status } userErrors { field message code } } }`,
    { q: query },
  );
  expect(start.body.data.bulkOperationRunQuery.userErrors).toEqual([]);
  const id = start.body.data.bulkOperationRunQuery.bulkOperation.id;
  for (;;) {
    const { body } = await h.gql(
      `{ currentBulkOperation { id status objectCount rootObjectCount url } node(id: "${id}") { ... on BulkOperation { status url } } }`,
    );
    const op = body.data.currentBulkOperation;
    expect(op.id).toBe(id);
    if (op.status === "COMPLETED") {
      expect(body.data.node).toEqual({ status: "COMPLETED", url: op.url });
      return op;
    }
    expect(["CREATED", "RUNNING"]).toContain(op.status);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("bulk operations", () => {
  it("writes Shopify's JSONL (children as rows with __parentId) that rebuilds to the store's contents", async () => {
    const op = await runBulk(`{ orders(query: "status:any") { edges { node { id name
      totalPriceSet { shopMoney { amount } }
      lineItems { edges { node { id sku quantity } } } } } } }`);
    const res = await fetch(op.url);
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(String(lines.length)).toBe(op.objectCount);

    const parents = new Map<string, Loose>();
    for (const row of lines) {
      if (row.__parentId) {
        const parent = parents.get(row.__parentId);
        expect(parent).toBeDefined(); // children come after their parent
        parent.lineItems.push(row);
      } else {
        expect(row).not.toHaveProperty("lineItems"); // nested connections are flattened out
        parents.set(row.id, { ...row, lineItems: [] });
      }
    }
    const orderCount = Number(h.store.one("SELECT COUNT(*) AS n FROM orders")!.n);
    const lineCount = Number(h.store.one("SELECT COUNT(*) AS n FROM line_items")!.n);
    expect(parents.size).toBe(orderCount);
    expect(String(orderCount)).toBe(op.rootObjectCount);
    expect(lines.length).toBe(orderCount + lineCount);
    const o = parents.get("gid://shopify/Order/100007");
    const expected = h.store.all("SELECT id, sku, quantity FROM line_items WHERE order_id = 100007 ORDER BY position");
    expect(o.lineItems).toEqual(
      expected.map((r) => ({
        id: `gid://shopify/LineItem/${r.id}`,
        sku: r.sku,
        quantity: r.quantity,
        __parentId: "gid://shopify/Order/100007",
      })),
    );
    expect(o.totalPriceSet.shopMoney.amount).toMatch(/^\d+\.\d\d$/);
  });

  it("rejects a query without a top-level connection and answers url null when nothing matched", async () => {
    const bad = await h.gql(
      `mutation { bulkOperationRunQuery(query: "{ shop { name } }") { bulkOperation { id } userErrors { field message code } } }`,
    );
    expect(bad.body.data.bulkOperationRunQuery.userErrors[0]).toMatchObject({ field: ["query"], code: "INVALID" });
    const empty = await runBulk(`{ products(query: "title:nothing-matches-this") { edges { node { id } } } }`);
    expect(empty).toMatchObject({ objectCount: "0", url: null });
  });
});
