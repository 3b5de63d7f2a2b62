// From findings to done in the browser: Run now on Inventory forecasting from the Inventory page's
// empty worklist -> the run ends and the page lists the at-risk variants by product title -> the
// merchant dismisses one with a reason -> it leaves the open list (and shows under Dismissed).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, SHOP, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe("Inventory worklist", () => {
  it("Run now fills the worklist with at-risk variants by product title; a dismissed one leaves the open list", async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(`${stack.baseUrl}/app/inventory`, { waitUntil: "load" });
    const risks = page.getByTestId("worklist-risks");
    await expect(risks.getByTestId("empty-state").textContent()).resolves.toContain("has not run yet");
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });

    const clicked = Date.now();
    await risks.getByRole("button", { name: "Run inventory forecasting now" }).click();
    const rows = risks.getByTestId("worklist-row");
    try {
      await rows.first().waitFor({ timeout: 90_000 });
    } catch (error) {
      await page.screenshot({ path: path.join(ARTIFACTS, "worklists-failed.png"), fullPage: true });
      const runs = await stack.db.agentRun.findMany({ where: { shop: SHOP } });
      throw new Error(
        `${(error as Error).message}\nruns: ${JSON.stringify(runs.map((r) => [r.agent, r.status, r.error]))}`,
      );
    }
    const shownAfterMs = Date.now() - clicked;
    console.info(`Run now -> worklist rows shown: ${shownAfterMs} ms`);

    const open = await stack.db.finding.findMany({
      where: { shop: SHOP, kind: "stockout_risk", status: "open" },
      orderBy: [{ score: "desc" }, { id: "asc" }],
    });
    expect(open.length).toBeGreaterThan(0);
    await expect(rows.count()).resolves.toBe(Math.min(25, open.length));
    // Product title first in each row, then the merchant-facing line.
    const first = open[0];
    const product = (first.data as { product: string }).product;
    const firstRow = rows.first();
    await expect(firstRow.textContent()).resolves.toContain(product);
    await expect(firstRow.textContent()).resolves.toContain(first.title);
    // The product's image from the mirror, as a thumbnail named by the product's title.
    const { imageUrl } = await stack.db.mirrorProduct.findUniqueOrThrow({
      where: { shop_id: { shop: SHOP, id: (first.data as { productId: string }).productId } },
    });
    expect(imageUrl).toMatch(/^https:\/\//);
    const thumbnail = firstRow.locator("img");
    await expect(thumbnail.getAttribute("src")).resolves.toBe(imageUrl);
    await expect(thumbnail.getAttribute("alt")).resolves.toBe(product);
    const run = await stack.db.agentRun.findFirstOrThrow({ where: { shop: SHOP, agent: "inventory-forecasting" } });
    expect(run.summary).toMatch(/may run out within 14 days/);
    await page.screenshot({ path: path.join(ARTIFACTS, "worklists-inventory.png"), fullPage: true });

    // Dismiss the first with a reason: it leaves the open list.
    const row = page.locator("tr").filter({ has: page.getByTestId("worklist-row").filter({ hasText: first.title }) });
    await row.getByRole("button", { name: `Dismiss ${first.title}` }).click();
    const panel = risks.getByTestId("dismiss-panel");
    await panel.getByRole("button", { name: "Dismiss" }).first().waitFor();
    await expect(panel.getByRole("button", { name: "Dismiss", exact: true }).isDisabled()).resolves.toBe(true);
    await panel.getByLabel("Reason").fill("Discontinued: we will not restock it");
    await panel.getByRole("button", { name: "Dismiss", exact: true }).click();
    await page.getByText("1 dismissed", { exact: true }).waitFor({ timeout: 10_000 });
    await risks.getByTestId("worklist-row").filter({ hasText: first.title }).waitFor({ state: "detached" });
    expect(await stack.db.finding.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      status: "dismissed",
      note: "Discontinued: we will not restock it",
    });

    // It is listed under Dismissed, with the reason.
    await risks.getByLabel("Show").selectOption("dismissed");
    await risks.getByTestId("worklist-row").filter({ hasText: first.title }).waitFor();
    await expect(risks.getByTestId("worklist-row").first().textContent()).resolves.toContain("Discontinued");
    await page.screenshot({ path: path.join(ARTIFACTS, "worklists-dismissed.png"), fullPage: true });
    await page.close();
  });
});
