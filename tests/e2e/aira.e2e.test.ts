// AIRA in the browser, against the local store with the offline model: the merchant asks for a
// price change in words, sees the exact change (before -> after) on an approval card, approves it
// (the store's price changes), reverts it from the chat (the price is back), and a denied proposal
// leaves the price alone.
import { lastDays } from "../../agents/analytics/window";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { ARTIFACTS, SHOP, TOKEN, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;

beforeAll(async () => {
  // The offline model, whatever the developer's environment configures: the test is deterministic.
  process.env.AIRA_MODEL = "offline";
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function storePrice(variantId: string) {
  const admin = createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url });
  const data = (await admin.graphql(`query($id: ID!) { productVariant(id: $id) { price } }`, {
    id: `gid://shopify/ProductVariant/${variantId}`,
  })) as { productVariant: { price: string } };
  return Number(data.productVariant.price);
}

/** A variant whose price can drop by `factor` without going under its unit cost (the tool refuses that). */
async function variantToReprice(factor: number, skip: string[] = []) {
  const candidates = await stack.db.mirrorVariant.findMany({
    where: { shop: SHOP, sku: { not: null } },
    orderBy: { price: "desc" },
    take: 40,
  });
  const variant = candidates.find(
    (v) => !skip.includes(v.id) && (v.unitCost == null || v.unitCost < v.price * factor * 0.95),
  );
  if (!variant) throw new Error("The seeded store has no variant whose price can be lowered");
  return { variant, newPrice: Math.round(variant.price * factor * 100) / 100 };
}

/**
 * Opens the AIRA page and waits until React has hydrated it: the layout keeps a live event stream
 * open, so "networkidle" never comes; the History button only responds once hydrated.
 */
async function openAira(page: Page) {
  await page.goto(`${stack.baseUrl}/app/aira`, { waitUntil: "load" });
  const history = page.getByRole("button", { name: "History" });
  for (let attempt = 0; attempt < 20; attempt++) {
    await history.click();
    try {
      await page.getByTestId("aira-history").waitFor({ timeout: 1_000 });
      break;
    } catch {
      // not hydrated yet
    }
  }
  await page.getByTestId("aira-history").waitFor({ timeout: 1_000 });
  await history.click();
}

async function ask(page: Page, text: string) {
  const input = page.getByTestId("aira-input").locator("textarea").first();
  await input.fill(text);
  await input.press("Enter");
}

/** "Blue Tee (SKU BT-1): price $20.00 -> $18.00": the product by name, prices in the shop's currency. */
const changeLine = (sku: string, before: number, after: number) =>
  new RegExp(`\\(SKU ${sku}\\): price \\D*${before.toFixed(2)} -> \\D*${after.toFixed(2)}`);

describe("AIRA in the browser", () => {
  it("proposes a price change from the merchant's words, applies it on approval and reverts it", async () => {
    const { variant, newPrice } = await variantToReprice(0.9);
    const errors: string[] = [];
    const page = await stack.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (error) => errors.push(error.message));
    await openAira(page);
    await page.getByTestId("aira-suggestions").waitFor();

    await ask(page, `Lower the price of ${variant.sku} to ${newPrice.toFixed(2)}`);
    const card = page.getByTestId("aira-tool-propose_price_change").last();
    await card.getByTestId("aira-approve").waitFor({ timeout: 30_000 });
    await expect(card.getByTestId("aira-change-lines").textContent()).resolves.toMatch(
      changeLine(variant.sku!, variant.price, newPrice),
    );
    // Nothing has changed yet; the proposal also waits in the approval queue beside the chat.
    expect(await storePrice(variant.id)).toBe(variant.price);
    await page.getByTestId("pending-action").filter({ hasText: variant.sku! }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, "aira-approval.png"), fullPage: true });

    await card.getByTestId("aira-approve").getByRole("button").click();
    await card.locator('[data-testid="aira-outcome"][data-status="applied"]').waitFor({ timeout: 30_000 });
    await expect(card.textContent()).resolves.toContain("Applied");
    expect(await storePrice(variant.id)).toBe(newPrice);
    // The answer says which model wrote it.
    await expect(page.getByTestId("aira-model").last().textContent()).resolves.toMatch(/offline/);
    await page.screenshot({ path: path.join(ARTIFACTS, "aira-applied.png"), fullPage: true });

    // Revert asks to confirm first; then the chat says it was reverted.
    await card.getByTestId("aira-revert").getByRole("button").click();
    await card.getByTestId("aira-revert-confirm").waitFor();
    expect(await storePrice(variant.id)).toBe(newPrice);
    await card.getByTestId("aira-revert-yes").getByRole("button").click();
    await page
      .locator('[data-testid="aira-tool-propose_price_change"] [data-testid="aira-outcome"][data-status="reverted"]')
      .last()
      .waitFor({ timeout: 30_000 });
    await page.getByText("the store is back to how it was before").last().waitFor({ timeout: 15_000 });
    expect(await storePrice(variant.id)).toBe(variant.price);
    await page.getByTestId("decided-action").filter({ hasText: "reverted" }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, "aira-reverted.png"), fullPage: true });

    const decisions = (
      await stack.db.auditLog.findMany({ where: { shop: SHOP, action: { startsWith: "action." } } })
    ).map((a) => `${a.actor} ${a.action}`);
    expect(decisions).toEqual(
      expect.arrayContaining(["merchant:local action.apply.price.update", "merchant:local action.revert.price.update"]),
    );
    expect(decisions.some((d) => /^aira:\S+ action\.propose\.price\.update$/.test(d))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a denied proposal leaves the price unchanged", async () => {
    const { variant, newPrice } = await variantToReprice(0.85);
    const errors: string[] = [];
    const page = await stack.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (error) => errors.push(error.message));
    await openAira(page);
    // A new page load reopens this tab's last conversation: start a fresh one.
    const newConversation = page.getByTestId("aira-new").getByRole("button");
    if (await newConversation.isEnabled()) await newConversation.click();
    await page.getByTestId("aira-suggestions").waitFor();

    await ask(page, `Lower the price of ${variant.sku} to ${newPrice.toFixed(2)}`);
    const card = page.getByTestId("aira-tool-propose_price_change").last();
    await card.getByTestId("aira-deny").waitFor({ timeout: 30_000 });
    await expect(card.textContent()).resolves.toMatch(changeLine(variant.sku!, variant.price, newPrice));
    // Deny asks why; the reason is recorded with the decision.
    await card.getByTestId("aira-deny").getByRole("button").click();
    await card.getByTestId("aira-deny-reason").locator("input").fill("too cheap for the season");
    await card.getByTestId("aira-deny-confirm").getByRole("button").click();
    await card.getByTestId("aira-denied").waitFor({ timeout: 30_000 });
    // AIRA's reply after the decision is written by the same model.
    await page.getByTestId("aira-model").last().waitFor();
    // The approval queue beside the chat reloads: the denied proposal no longer waits there.
    await page
      .getByTestId("pending-action")
      .filter({ hasText: variant.sku! })
      .waitFor({ state: "detached", timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, "aira-denied.png"), fullPage: true });

    expect(await storePrice(variant.id)).toBe(variant.price);
    const proposal = await stack.db.action.findFirstOrThrow({
      where: { shop: SHOP, kind: "price.update", origin: { startsWith: "aira:" } },
      orderBy: { createdAt: "desc" },
    });
    expect(proposal).toMatchObject({ status: "denied", error: "too cheap for the season" });
    expect(errors).toEqual([]);
    await page.close();
  });
  it("the panel opens from any module page and answers there, with the tool's result", async () => {
    const errors: string[] = [];
    const page = await stack.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${stack.baseUrl}/app/inventory`, { waitUntil: "load" });
    const launcher = page.getByTestId("aira-launcher").getByRole("button");
    // Hydration: the launcher only opens the panel once React runs.
    for (let attempt = 0; attempt < 20; attempt++) {
      await launcher.click();
      try {
        await page.getByTestId("aira-panel").waitFor({ timeout: 1_000 });
        break;
      } catch {
        // not hydrated yet
      }
    }
    const panel = page.getByTestId("aira-panel");
    const newConversation = panel.getByTestId("aira-new").getByRole("button");
    if (await newConversation.isEnabled()) await newConversation.click();
    const input = panel.getByTestId("aira-input").locator("textarea").first();
    await input.fill("how many orders did we get in the last 7 days?");
    await input.press("Enter");
    const card = panel.getByTestId("aira-tool-get_sales_summary").last();
    await card.waitFor({ timeout: 30_000 });
    await panel.getByTestId("aira-model").last().waitFor({ timeout: 30_000 });
    // The answer carries the figure the tool computed from the mirror.
    // "This week's sales": the 7 complete days before today in the shop's time zone.
    const { ianaTimezone } = await stack.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const { from, to } = lastDays(7, new Date(), ianaTimezone);
    const orders = await stack.db.mirrorOrder.count({
      where: { shop: SHOP, cancelledAt: null, localDay: { gte: from, lte: to } },
    });
    await expect(panel.getByTestId("aira-message").last().textContent()).resolves.toContain(
      orders.toLocaleString("en-US"),
    );
    await page.screenshot({ path: path.join(ARTIFACTS, "aira-panel.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
