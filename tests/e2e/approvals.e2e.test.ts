// A proposed price change, approved and then reverted by the merchant in the browser: the local
// store's price follows each decision, and nothing changes before approval.
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { toolRegistry } from "../../agents/tools";
import { ARTIFACTS, SHOP, TOKEN, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;

beforeAll(async () => {
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

describe("approvals in the browser", () => {
  it("approve applies the new price to the store, revert restores the old one", async () => {
    const variant = await stack.db.mirrorVariant.findFirstOrThrow({
      where: { shop: SHOP, sku: { not: null } },
      orderBy: { price: "desc" },
    });
    const newPrice = Math.round(variant.price * 1.07 * 100) / 100;
    // Proposed as an MCP write token would (read+write, no auto-approve).
    const ctx = {
      shop: SHOP,
      db: stack.db,
      admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url }),
      logger: pino({ level: "silent" }),
      actor: { kind: "mcp" as const, id: "e2e", scope: "write" as const },
      now: () => new Date(),
    };
    const proposed = await toolRegistry.call(ctx, "propose_price_change", {
      changes: [{ sku: variant.sku, price: newPrice }],
      reason: "e2e",
    });
    expect(proposed).toMatchObject({ ok: true, data: { status: "pending" } });
    expect(await storePrice(variant.id)).toBe(variant.price);

    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/app/aira`, { waitUntil: "load" });
    const card = page.getByTestId("pending-action").filter({ hasText: variant.sku! });
    await expect(card.textContent()).resolves.toContain(
      `${variant.sku}: price ${variant.price.toFixed(2)} -> ${newPrice.toFixed(2)}`,
    );
    await card.getByRole("button", { name: "Approve" }).click();
    await page.getByTestId("decided-action").filter({ hasText: "applied" }).first().waitFor();
    expect(await storePrice(variant.id)).toBe(newPrice);
    await page.screenshot({ path: path.join(ARTIFACTS, "approval-applied.png"), fullPage: true });

    await page
      .getByTestId("decided-action")
      .filter({ hasText: "applied" })
      .first()
      .getByRole("button", { name: "Revert" })
      .click();
    await page.getByTestId("decided-action").filter({ hasText: "reverted" }).first().waitFor();
    expect(await storePrice(variant.id)).toBe(variant.price);
    const decisions = (
      await stack.db.auditLog.findMany({ where: { shop: SHOP, action: { startsWith: "action." } } })
    ).map((a) => `${a.actor} ${a.action}`);
    expect(decisions).toEqual(
      expect.arrayContaining([
        "mcp:e2e action.propose.price.update",
        "merchant:local action.apply.price.update",
        "merchant:local action.revert.price.update",
      ]),
    );
    await page.close();
  });
});
