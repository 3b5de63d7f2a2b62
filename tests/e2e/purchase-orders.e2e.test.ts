// The Stocky loop in the browser, local mode: Run now on Inventory forecasting lists at-risk variants
// by product title; drafts from the reorder plan, one marked ordered, a delivery of 20 units of one
// at-risk line received at one location, approved on the AIRA page. The local store's stock at that
// location rises by exactly 20, the other locations are unchanged, and the variant's stockout alert
// resolves itself ("stock received") once the store's inventory webhook reaches the app.
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { ARTIFACTS, SHOP, TOKEN, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;

/** Opens a page and waits until React has hydrated it (the live badge connects only from the browser's code): typing into a controlled field before that is lost. */
async function open(page: Page, url: string) {
  await page.goto(`${stack.baseUrl}${url}`, { waitUntil: "load" });
  await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
}

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** The store's available units of an inventory item per location id, read from the emulator over GraphQL. */
async function storeStock(inventoryItemId: string): Promise<Record<string, number>> {
  const admin = createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url });
  const data = (await admin.graphql(
    `query($id: ID!) { inventoryItem(id: $id) { inventoryLevels(first: 10) { nodes { location { id } quantities(names: ["available"]) { quantity } } } } }`,
    { id: `gid://shopify/InventoryItem/${inventoryItemId}` },
  )) as {
    inventoryItem: { inventoryLevels: { nodes: { location: { id: string }; quantities: { quantity: number }[] }[] } };
  };
  return Object.fromEntries(
    data.inventoryItem.inventoryLevels.nodes.map((n) => [n.location.id.split("/").pop()!, n.quantities[0].quantity]),
  );
}

describe("purchase orders in the browser", () => {
  it("forecast -> worklist -> drafts -> ordered -> receive 20 at one location -> approve: that location rises by exactly 20 and the stockout alert resolves", async () => {
    const page = await stack.browser.newPage();
    // Forecasting first: the Inventory worklist lists the at-risk variants by product title, and
    // each gets its own stockout alert.
    await open(page, "/app/inventory");
    const risks = page.getByTestId("worklist-risks");
    await risks.getByRole("button", { name: "Run inventory forecasting now" }).click();
    await risks.getByTestId("worklist-row").first().waitFor({ timeout: 90_000 });
    const openRisks = await stack.db.finding.findMany({ where: { shop: SHOP, kind: "stockout_risk", status: "open" } });
    const firstRow = (await risks.getByTestId("worklist-row").first().textContent()) ?? "";
    expect(openRisks.some((f) => firstRow.includes(f.title))).toBe(true);
    const stockoutAlerts = (await stack.db.alert.findMany({
      where: { shop: SHOP, kind: "stockout_risk", resolvedAt: null },
    })) as { id: string; details: { variantId?: string; leadTimeDemand?: number } | null }[];
    expect(stockoutAlerts.length).toBeGreaterThan(0);

    await open(page, "/app/purchase-orders");
    await page.getByTestId("reorder-plan").waitFor();
    const vendorsInPlan = await page.getByTestId("reorder-plan").locator("tbody tr").count();
    expect(vendorsInPlan).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Create purchase orders from the reorder plan" }).click();
    await page.waitForURL(/\/app\/purchase-orders(\?status=draft|\/\w+)$/);
    const drafts = await stack.db.purchaseOrder.findMany({
      where: { shop: SHOP, status: "draft" },
      include: { lines: { orderBy: { createdAt: "asc" } } },
      orderBy: { number: "asc" },
    });
    expect(drafts).toHaveLength(vendorsInPlan);
    expect(drafts.map((d) => d.number)).toEqual(drafts.map((_, i) => i + 1));

    // A draft line whose variant has an open stockout alert that 20 more units clear: raise it to 40
    // units, save, mark its order ordered.
    const onHand = async (inventoryItemId: string) =>
      Object.values(await storeStock(inventoryItemId)).reduce((sum, n) => sum + n, 0);
    let picked: {
      po: (typeof drafts)[number];
      line: (typeof drafts)[number]["lines"][number];
      alertId: string;
    } | null = null;
    for (const draft of drafts) {
      for (const candidate of draft.lines) {
        const alert = stockoutAlerts.find((a) => a.details?.variantId === candidate.variantId);
        if (!alert || !candidate.inventoryItemId || alert.details?.leadTimeDemand == null) continue;
        if ((await onHand(candidate.inventoryItemId)) + 20 <= alert.details.leadTimeDemand) continue;
        picked = { po: draft, line: candidate, alertId: alert.id };
        break;
      }
      if (picked) break;
    }
    expect(picked, "a reorder line for a variant at risk that 20 units restock").not.toBeNull();
    const { po, line, alertId } = picked!;
    await open(page, `/app/purchase-orders/${po.id}`);
    await page.locator(`input[name="quantity-${line.id}"]`).fill("40");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("po-result").filter({ hasText: "Saved." }).waitFor();
    expect((await stack.db.purchaseOrderLine.findUniqueOrThrow({ where: { id: line.id } })).quantityOrdered).toBe(40);
    await page.getByRole("button", { name: "Mark as ordered" }).click();
    await page.locator('[data-testid="po-status"][data-status="ordered"]').waitFor();

    // Receive 20 at the item's second location (the first is the default: most stock).
    const select = page.locator(`select[name="location-${line.id}"]`);
    const locationIds = await select
      .locator("option")
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(locationIds.length).toBeGreaterThanOrEqual(2);
    const target = locationIds[1];
    await select.selectOption(target);
    const before = await storeStock(line.inventoryItemId!);
    await page.locator(`input[name="receive-${line.id}"]`).fill("20");
    await page.getByRole("button", { name: "Record delivery" }).click();
    await page
      .getByTestId("po-result")
      .or(page.getByTestId("module-error"))
      .filter({ hasNotText: "Marked as ordered." })
      .waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "purchase-order-delivery.png"), fullPage: true });
    await expect(page.getByTestId("po-result").or(page.getByTestId("module-error")).textContent()).resolves.toContain(
      "Delivery recorded",
    );
    expect(await storeStock(line.inventoryItemId!)).toEqual(before); // waits for approval
    // The store tells the app about stock changes as Shopify does: an inventory_levels/update
    // webhook to the app's route (subscribed here as the local bootstrap does for `npm start`).
    const admin = createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url });
    const subscribed = (await admin.graphql(
      `mutation($uri: String!) { webhookSubscriptionCreate(topic: INVENTORY_LEVELS_UPDATE, webhookSubscription: { uri: $uri, format: JSON }) { userErrors { message } } }`,
      { uri: `${stack.baseUrl}/webhooks/inventory_levels/update` },
    )) as { webhookSubscriptionCreate: { userErrors: { message: string }[] } };
    expect(subscribed.webhookSubscriptionCreate.userErrors).toEqual([]);

    await open(page, "/app/aira");
    const card = page.getByTestId("pending-action").filter({ hasText: "(+20)" });
    await expect(card.textContent()).resolves.toContain(`${before[target]} -> ${before[target] + 20} (+20)`);
    await card.getByRole("button", { name: "Approve" }).click();
    await page.getByTestId("decided-action").filter({ hasText: "applied" }).first().waitFor();

    const after = await storeStock(line.inventoryItemId!);
    expect(after[target]).toBe(before[target] + 20);
    for (const id of Object.keys(before)) if (id !== target) expect(after[id]).toBe(before[id]);
    console.log(
      `Received 20 of ${line.productTitle} (${line.sku}) at location ${target}: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
    );

    // The store's inventory webhook reaches the app and the alert for that variant resolves itself.
    let alert = await stack.db.alert.findUniqueOrThrow({ where: { id: alertId } });
    for (let i = 0; i < 60 && !alert.resolvedAt; i++) {
      await new Promise((r) => setTimeout(r, 250));
      alert = await stack.db.alert.findUniqueOrThrow({ where: { id: alertId } });
    }
    expect(alert.resolvedAt).not.toBeNull();
    expect(alert.resolutionKind).toBe("automatic");
    expect(alert.resolution).toMatch(/stock received/);

    await open(page, `/app/purchase-orders/${po.id}`);
    await page.locator('[data-testid="po-status"][data-status="partly_received"]').waitFor();
    const stored = await stack.db.purchaseOrderLine.findUniqueOrThrow({ where: { id: line.id } });
    expect(stored.quantityReceived).toBe(20);
    await page.screenshot({ path: path.join(ARTIFACTS, "purchase-order-received.png"), fullPage: true });
    await page.close();
  });
});
