// A proposed price change, approved and then reverted by the merchant in the browser: the local
// store's price follows each decision, and nothing changes before approval; a page from another
// origin that submits the approval form on the merchant's behalf is refused (local mode's CSRF check).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recoverActions } from "../../agents/actions/recover";
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
    await expect(card.textContent()).resolves.toMatch(
      new RegExp(`\\(SKU ${variant.sku}\\): price \\D*${variant.price.toFixed(2)} -> \\D*${newPrice.toFixed(2)}`),
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
    // Revert asks to confirm first.
    await page.getByRole("button", { name: "Revert change" }).click();
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

  it("a page on another origin submitting the approval form is refused, and the change stays pending", async () => {
    const variant = await stack.db.mirrorVariant.findFirstOrThrow({
      where: { shop: SHOP, sku: { not: null } },
      orderBy: { price: "asc" },
    });
    const ctx = {
      shop: SHOP,
      db: stack.db,
      admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url }),
      logger: pino({ level: "silent" }),
      actor: { kind: "mcp" as const, id: "e2e-csrf", scope: "write" as const },
      now: () => new Date(),
    };
    const proposed = await toolRegistry.call(ctx, "propose_price_change", {
      changes: [{ sku: variant.sku, price: Math.round(variant.price * 3 * 100) / 100 }],
      reason: "e2e csrf",
    });
    if (!proposed.ok) throw new Error(proposed.message);
    const { actionId } = proposed.data as { actionId: string };
    // The attacker's page: any other origin the merchant's browser visits (here another local port).
    const attacker = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" }).end(`<!doctype html>
        <form method="post" action="${stack.baseUrl}/app/aira">
          <input type="hidden" name="actionId" value="${actionId}">
          <input type="hidden" name="intent" value="approve">
        </form>
        <script>document.forms[0].submit()</script>`);
    });
    attacker.listen(0, "127.0.0.1");
    await new Promise((resolve) => attacker.once("listening", resolve));
    try {
      const page = await stack.browser.newPage();
      const answer = page.waitForResponse(
        (r) => r.url().startsWith(`${stack.baseUrl}/app/aira`) && r.request().method() === "POST",
      );
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      const response = await answer;
      expect(response.status()).toBe(403);
      expect(await response.text()).toMatch(/cross-site request refused/);
      await page.close();
    } finally {
      attacker.close();
    }
    expect(await stack.db.action.findUniqueOrThrow({ where: { id: actionId } })).toMatchObject({ status: "pending" });
    expect(await storePrice(variant.id)).toBe(variant.price);
  });

  it("a change a crash left half-way shows as being checked, then as applied once the store has been read", async () => {
    const variant = await stack.db.mirrorVariant.findFirstOrThrow({
      where: { shop: SHOP, sku: { not: null } },
      orderBy: { price: "asc" },
      skip: 1,
    });
    const newPrice = Math.round(variant.price * 1.05 * 100) / 100;
    const admin = createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url });
    const ctx = {
      shop: SHOP,
      db: stack.db,
      admin,
      logger: pino({ level: "silent" }),
      actor: { kind: "mcp" as const, id: "e2e-crash", scope: "write" as const },
      now: () => new Date(),
    };
    const proposed = await toolRegistry.call(ctx, "propose_price_change", {
      changes: [{ sku: variant.sku, price: newPrice }],
      reason: "e2e crash",
    });
    if (!proposed.ok) throw new Error(proposed.message);
    const actionId = (proposed.data as { actionId: string }).actionId;
    // What a web process killed mid-apply leaves: the store changed, the action still approved.
    await admin.graphql(
      `mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $p, variants: $v) { userErrors { message } } }`,
      {
        p: `gid://shopify/Product/${variant.productId}`,
        v: [{ id: `gid://shopify/ProductVariant/${variant.id}`, price: newPrice.toFixed(2) }],
      },
    );
    await stack.db.action.update({ where: { id: actionId }, data: { status: "approved", decidedAt: new Date() } });

    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/app/aira`, { waitUntil: "load" });
    const row = page.getByTestId("decided-action").filter({ hasText: "being applied" }).first();
    await expect(row.textContent()).resolves.toContain("Checking with your store whether this change went through");

    expect(
      await recoverActions({
        db: stack.db,
        logger: pino({ level: "silent" }),
        adminFor: async () => admin,
        staleMs: 0,
      }),
    ).toMatchObject({ settled: [{ id: actionId, status: "applied" }] });
    await page.reload({ waitUntil: "load" });
    const applied = page.getByTestId("decided-action").filter({ hasText: "e2e crash" }).first();
    await applied.getByRole("button", { name: "Revert" }).waitFor();
    await applied.getByRole("button", { name: "Revert" }).click();
    await page.getByRole("button", { name: "Revert change" }).click(); // Revert asks to confirm first
    // This change's row, not the first test's reverted one.
    await page
      .getByTestId("decided-action")
      .filter({ hasText: "e2e crash" })
      .filter({ hasText: "reverted" })
      .first()
      .waitFor();
    expect(await storePrice(variant.id)).toBe(variant.price);
    await page.close();
  });
});
