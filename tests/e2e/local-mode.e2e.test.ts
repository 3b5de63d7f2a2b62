// Issue 3's promise, in a real browser: local mode serves the command center with the local
// store's data, outside Shopify's admin, with the "Local dev store" banner.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODULES } from "../../app/modules";
import { ARTIFACTS, SHOP, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe("local mode in Chromium", () => {
  it("the dashboard shows the synced store's numbers under the local banner", async () => {
    const page = await stack.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${stack.baseUrl}/app`, { waitUntil: "load" });
    await expect(page.getByTestId("local-mode-banner").textContent()).resolves.toContain(`Local dev store: ${SHOP}`);
    const products = await stack.db.mirrorProduct.count({ where: { shop: SHOP } });
    expect(products).toBeGreaterThan(0);
    await expect(page.getByTestId("metric-Products synced").textContent()).resolves.toBe(
      new Intl.NumberFormat("en-US").format(products),
    );
    const orders30 = await page.getByTestId("metric-Orders (last 30 days)").textContent();
    expect(Number(orders30?.replace(/,/g, ""))).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("every module renders from the navigation without an error", async () => {
    const page = await stack.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${stack.baseUrl}/app`, { waitUntil: "load" });
    for (const module of MODULES) {
      await page.getByRole("link", { name: module.title, exact: true }).first().click();
      await page.waitForURL((url) => url.pathname === module.path);
      await expect(page.getByRole("heading", { level: 1, name: module.title }).textContent()).resolves.toBe(
        module.title,
      );
      await page.screenshot({
        path: path.join(ARTIFACTS, `module-${module.path.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "app"}.png`),
        fullPage: true,
      });
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
