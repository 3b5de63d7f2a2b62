// Alerts the merchant acts on, in Chromium (local mode): on the Security page an alert is snoozed
// for a day and leaves the open list, another is resolved with a note and is listed as resolved
// with it, two are acknowledged together, and a stockout alert's link opens the Inventory page for
// its variant with that variant's finding alone in the worklist. The database confirms each
// decision and its audit row.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../agents/core/time";
import { recordFindings } from "../../agents/findings/store";
import { raiseStockoutAlerts } from "../../agents/inventory/alerts";
import { stockoutFindings } from "../../agents/inventory/findings";
import { raiseAlert } from "../../agents/ops/alerts";
import { ARTIFACTS, SHOP, startLocalStack, type LocalStack } from "./support";

const SCREENSHOTS = path.join(ARTIFACTS, "alerts");
const MCP_TITLE = "E2E: 12 failed MCP sign-ins from 203.0.113.9";
const CHANGE_TITLE = "E2E: 40 store changes applied in 10 minutes";
const NOTE = "Blocked 203.0.113.9 at the firewall";

let stack: LocalStack;
let context: BrowserContext;
let variant: { id: string; productTitle: string };
let otherProductTitle: string;
let stockoutTitle: string;

beforeAll(async () => {
  stack = await startLocalStack();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const hour = new Date().toISOString().slice(0, 13);
  await raiseAlert(stack.db, SHOP, {
    kind: "mcp_auth_failures",
    severity: "warning",
    title: MCP_TITLE,
    dedupeKey: "e2e-alerts-mcp",
    details: { source: "203.0.113.9", hour, threshold: 10, windowMinutes: 60 },
  });
  await raiseAlert(stack.db, SHOP, {
    kind: "change_rate",
    severity: "warning",
    title: CHANGE_TITLE,
    dedupeKey: "e2e-alerts-change-rate",
    details: { changes: 40 },
  });
  // A stockout alert for a real synced variant, raised by the inventory agent's own code.
  const row = await stack.db.mirrorVariant.findFirstOrThrow({
    where: { shop: SHOP, inventoryItemId: { not: null } },
    orderBy: { id: "asc" },
  });
  const product = await stack.db.mirrorProduct.findUniqueOrThrow({
    where: { shop_id: { shop: SHOP, id: row.productId } },
  });
  variant = { id: row.id, productTitle: product.title };
  await raiseStockoutAlerts(
    stack.db,
    SHOP,
    new Date(),
    [
      {
        variantId: row.id,
        sku: row.sku,
        product: product.title,
        onHand: 4,
        dailyDemand: 1,
        daysOfCover: 4,
        stockoutDate: null,
      },
    ],
    14,
  );
  stockoutTitle = (await stack.db.alert.findFirstOrThrow({ where: { shop: SHOP, kind: "stockout_risk" } })).title;
  // What the inventory agent's run found: this variant and another one, on the Inventory worklist.
  const other = await stack.db.mirrorVariant.findFirstOrThrow({
    where: { shop: SHOP, inventoryItemId: { not: null }, productId: { not: row.productId } },
    orderBy: { id: "desc" },
  });
  otherProductTitle = (
    await stack.db.mirrorProduct.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: other.productId } } })
  ).title;
  const risk = (v: typeof row, productTitle: string, daysOfCover: number) => ({
    sku: v.sku,
    variantId: v.id,
    productId: v.productId,
    product: productTitle,
    variant: v.title,
    onHand: daysOfCover,
    dailyDemand: 1,
    daysOfCover,
    stockoutDate: null,
    model: "croston",
    forecast: { days: 14, units: 14, lo80: 9, hi80: 19 },
  });
  await recordFindings(
    stack.db,
    { shop: SHOP, agent: "inventory-forecasting", runId: null, kinds: ["stockout_risk"], now: new Date() },
    stockoutFindings([risk(row, product.title, 4), risk(other, otherProductTitle, 2)]),
  );
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await stack?.stop();
});

async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${stack.baseUrl}${url}`, { waitUntil: "load" });
  await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
  return { page, errors };
}

const item = (page: Page, list: string, title: string) =>
  page.getByTestId(list).getByTestId("alert-item").filter({ hasText: title });

describe("alerts on the Security page", () => {
  it("snooze one (it leaves the open list), resolve one with a note (listed as resolved), and open a stockout's product", async () => {
    const { page, errors } = await open("/app/security");
    const openList = page.getByTestId("security-alerts");
    for (const title of [MCP_TITLE, CHANGE_TITLE, stockoutTitle]) await item(page, "security-alerts", title).waitFor();
    expect(stockoutTitle).toContain(variant.productTitle);

    // Snooze the MCP alert for a day.
    const mcp = item(page, "security-alerts", MCP_TITLE);
    await mcp.getByRole("button", { name: `Snooze ${MCP_TITLE}` }).click();
    await mcp.getByRole("button", { name: "For 1 day" }).click();
    await item(page, "security-alerts-snoozed", MCP_TITLE).waitFor();
    await expect(openList.getByTestId("alert-item").filter({ hasText: MCP_TITLE }).count()).resolves.toBe(0);
    await expect(item(page, "security-alerts-snoozed", MCP_TITLE).textContent()).resolves.toContain("Snoozed until");
    const snoozed = await stack.db.alert.findFirstOrThrow({ where: { shop: SHOP, title: MCP_TITLE } });
    expect(snoozed.resolvedAt).toBeNull();
    expect(Math.abs(snoozed.snoozedUntil!.getTime() - (Date.now() + DAY_MS))).toBeLessThan(120_000);

    // Resolve the change-rate alert with a note; an empty note cannot be sent.
    const change = item(page, "security-alerts", CHANGE_TITLE);
    await change.getByRole("button", { name: `Resolve ${CHANGE_TITLE}` }).click();
    await expect(change.getByRole("button", { name: "Mark resolved" }).isDisabled()).resolves.toBe(true);
    await change.getByLabel("What was done").fill(NOTE);
    await change.getByRole("button", { name: "Mark resolved" }).click();
    const resolvedItem = item(page, "security-alerts-resolved", CHANGE_TITLE);
    await resolvedItem.waitFor();
    await expect(resolvedItem.getByTestId("alert-state").textContent()).resolves.toContain(NOTE);
    await expect(openList.getByTestId("alert-item").filter({ hasText: CHANGE_TITLE }).count()).resolves.toBe(0);
    expect(await stack.db.alert.findFirstOrThrow({ where: { shop: SHOP, title: CHANGE_TITLE } })).toMatchObject({
      resolutionKind: "manual",
      resolution: NOTE,
      resolvedBy: "merchant:local",
    });
    const audit = await stack.db.auditLog.findMany({
      where: { shop: SHOP, action: { startsWith: "alert." } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ["alert.snooze", "merchant:local"],
      ["alert.resolve", "merchant:local"],
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "security-alerts.png"), fullPage: true });

    // The stockout alert links to the Inventory page for its variant.
    await item(page, "security-alerts", stockoutTitle).getByRole("link", { name: "View product" }).click();
    await page.waitForURL((url) => url.pathname === "/app/inventory" && url.searchParams.get("variant") === variant.id);
    await page.getByRole("heading", { name: "Inventory", level: 1 }).waitFor();
    // The stockout worklist shows that variant's finding alone, ready to act on, and can show the rest again.
    const risks = page.getByTestId("worklist-risks");
    await risks.getByTestId("worklist-risks-focus").waitFor();
    await expect(risks.getByTestId("worklist-row").allTextContents()).resolves.toEqual([
      expect.stringContaining(variant.productTitle),
    ]);
    await risks.getByRole("button", { name: "Show the whole list" }).click();
    await page.waitForURL((url) => url.pathname === "/app/inventory" && !url.searchParams.has("variant"));
    await risks.getByTestId("worklist-row").filter({ hasText: otherProductTitle }).waitFor();
    await expect(risks.getByTestId("worklist-risks-focus").count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("acknowledge several alerts at once from the selection", async () => {
    await raiseAlert(stack.db, SHOP, {
      kind: "webhook_failing",
      severity: "warning",
      title: "E2E: orders/create webhooks are failing",
      dedupeKey: "e2e-alerts-webhooks",
      details: { topic: "orders/create" },
    });
    const { page, errors } = await open("/app/security");
    const bulk = page.getByTestId("security-alerts-bulk");
    await bulk.getByLabel("Select all").check();
    const selected = await page.getByTestId("security-alerts").getByTestId("alert-item").count();
    expect(selected).toBeGreaterThanOrEqual(2);
    await bulk.getByRole("button", { name: `Acknowledge ${selected} selected alerts` }).click();
    await page
      .getByTestId("security-alerts")
      .getByTestId("alert-state")
      .filter({ hasText: "Acknowledged" })
      .nth(selected - 1)
      .waitFor();
    const stillOpen = await stack.db.alert.findMany({ where: { shop: SHOP, resolvedAt: null, snoozedUntil: null } });
    expect(stillOpen).toHaveLength(selected);
    expect(stillOpen.every((a) => a.acknowledgedBy === "merchant:local")).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
