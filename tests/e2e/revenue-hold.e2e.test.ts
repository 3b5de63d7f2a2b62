// Holding a risky order from the Revenue page: the click records a proposal (fulfillment.hold),
// the store's fulfillment order stays open until the merchant approves it on the AIRA page, and
// approving puts it on hold in the local store.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { ARTIFACTS, SHOP, TOKEN, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function fulfillmentStatuses(orderName: string) {
  const admin = createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url });
  const data = (await admin.graphql(
    `query($q: String!) { orders(first: 1, query: $q) { nodes { fulfillmentOrders(first: 5) { nodes { status } } } } }`,
    { q: `name:${orderName}` },
  )) as { orders: { nodes: { fulfillmentOrders: { nodes: { status: string }[] } }[] } };
  return data.orders.nodes[0].fulfillmentOrders.nodes.map((f) => f.status);
}

describe("Revenue page: orders flagged for fraud risk", () => {
  it("Hold fulfillment proposes the hold; only the merchant's approval puts the order on hold", async () => {
    const candidates = await stack.db.mirrorOrder.findMany({
      where: { shop: SHOP, cancelledAt: null },
      orderBy: { createdAt: "desc" },
      take: 30,
    });
    let orderName: string | undefined;
    for (const o of candidates) {
      if ((await fulfillmentStatuses(o.name)).includes("OPEN")) {
        orderName = o.name;
        break;
      }
    }
    if (!orderName) throw new Error("no recent order with an open fulfillment order in the seeded store");
    // The order-fulfillment agent's flag, as it raises it.
    await stack.db.alert.create({
      data: {
        shop: SHOP,
        kind: "risky_order",
        severity: "critical",
        title: `Order ${orderName} scored 82/100 fraud risk`,
        details: { order: orderName, score: 82, reason: "billing and shipping countries differ" },
        dedupeKey: `risk:${orderName}`,
      },
    });

    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${stack.baseUrl}/app/revenue`, { waitUntil: "load" });
    const row = page.getByTestId("risky-orders").locator("tr").filter({ hasText: orderName });
    await expect(row.textContent()).resolves.toContain("82");
    // Hydrated once the live stream is up: the button then posts through a fetcher.
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await row.getByRole("button", { name: `Propose holding fulfillment of ${orderName}` }).click();
    await row.getByText("Waiting for approval").waitFor({ timeout: 5_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, "revenue-hold-proposed.png"), fullPage: true });
    const actions = await stack.db.action.findMany({ where: { shop: SHOP, kind: "fulfillment.hold" } });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ status: "pending", proposedBy: "merchant:local" });
    expect(await fulfillmentStatuses(orderName)).toContain("OPEN");

    await page.goto(`${stack.baseUrl}/app/aira`, { waitUntil: "load" });
    const card = page.getByTestId("pending-action").filter({ hasText: orderName });
    await card.getByRole("button", { name: "Approve" }).click();
    await page.getByTestId("decided-action").filter({ hasText: orderName }).first().waitFor({ timeout: 15_000 });
    expect(await fulfillmentStatuses(orderName)).toContain("ON_HOLD");
    expect((await stack.db.action.findUniqueOrThrow({ where: { id: actions[0].id } })).status).toBe("applied");
    await page.close();
  });
});
