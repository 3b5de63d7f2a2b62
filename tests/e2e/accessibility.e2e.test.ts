// Accessibility in Chromium, local mode: axe-core's WCAG 2 A and AA rules on every page find no
// violation (with charts drawn, their tables of figures open and the live stream up), every page
// has a document title, the navigation opens at a phone's width, and the main flows (run an agent,
// approve, revert, chat with AIRA) work from the keyboard alone.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pino } from "pino";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastDays } from "../../agents/analytics/window";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { toolRegistry } from "../../agents/tools";
import { MODULES } from "../../app/modules";
import { SHOP, TOKEN, startLocalStack, type LocalStack } from "./support";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// The module pages and the pages under them.
const PAGES = [
  ...MODULES.flatMap((m) => [{ path: m.path, title: m.title }, ...(m.pages ?? [])]),
  { path: "/app/settings/mcp", title: "MCP clients" },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

let stack: LocalStack;
let context: BrowserContext;

beforeAll(async () => {
  // The offline model, whatever the developer's environment configures: the chat is deterministic.
  process.env.AIRA_MODEL = "offline";
  stack = await startLocalStack();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await stack?.stop();
});

/** Runs axe-core's WCAG 2 A and AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

const describeViolations = (violations: AxeViolation[]) =>
  violations
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}): ${v.nodes.length}\n${v.nodes
          .slice(0, 4)
          .map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ")}`)
          .join("\n")}`,
    )
    .join("\n");

async function openPage(page: Page, path: string) {
  await page.goto(`${stack.baseUrl}${path}`, { waitUntil: "load" });
  await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
  // Charts arrive after hydration: wait for every chart placeholder to be replaced.
  // (Also reports worked out in the background, e.g. Analytics': slow on a loaded machine.)
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, undefined, {
    timeout: 60_000,
  });
  await page.waitForTimeout(300);
}

/** Presses Tab until `target` (or something inside it) has the focus; fails if it is never reached. */
async function tabTo(page: Page, target: Locator, max = 400) {
  await target.waitFor();
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press("Tab");
    // Found afresh each time: a live update may re-render the element between presses.
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
  }
  throw new Error(`${target.toString()} cannot be reached with Tab`);
}

async function storePrice(variantId: string) {
  const admin = createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url });
  const data = (await admin.graphql(`query($id: ID!) { productVariant(id: $id) { price } }`, {
    id: `gid://shopify/ProductVariant/${variantId}`,
  })) as { productVariant: { price: string } };
  return Number(data.productVariant.price);
}

describe("accessibility in Chromium (local mode)", () => {
  for (const { path, title } of PAGES) {
    it(`${title} (${path}): a document title and no WCAG 2 A/AA violation`, async () => {
      // Closed whatever happens: each open page holds one of the browser's six connections (its event stream).
      const page = await context.newPage();
      try {
        await openPage(page, path);
        await expect(page.title()).resolves.toBe(`${title} · Royal Equips`);
        // Each chart's text alternative, its table of figures, is checked open too.
        const show = page.getByRole("button", { name: /^Show the figures of / });
        for (let opened = 0; opened < 10 && (await show.count()) > 0; opened++) await show.first().click();
        const found = describeViolations(await axeViolations(page));
        if (found) console.error(`${path}:\n${found}`);
        expect(found).toBe("");
      } finally {
        await page.close();
      }
    });
  }

  it("at a phone's width the menu button opens the navigation, and choosing a page closes it", async () => {
    const narrow = await stack.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await narrow.newPage();
    try {
      await openPage(page, "/app/revenue");
      const marketing = page.locator(".Polaris-Navigation").getByRole("link", { name: "Marketing", exact: true });
      expect(await marketing.isVisible()).toBe(false);
      // From the keyboard: the menu button is the first thing Tab reaches after the skip link.
      await tabTo(page, page.getByRole("button", { name: "Toggle menu" }));
      await page.keyboard.press("Enter");
      await marketing.waitFor({ state: "visible" });
      // The drawer slides in: wait until it has arrived, wholly on screen.
      await expect.poll(async () => (await marketing.boundingBox())?.x).toBeGreaterThanOrEqual(0);
      const box = (await marketing.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      // (A module with pages under it expands on the first tap at this width, as Polaris does.)
      await marketing.click();
      await page.getByRole("heading", { level: 1, name: "Marketing" }).waitFor();
      await marketing.waitFor({ state: "hidden" });
      // No horizontal scrolling at this width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await narrow.close();
    }
  });

  it("on a tall page the navigation runs the window's full height, wherever the page is scrolled", async () => {
    const page = await context.newPage();
    try {
      await openPage(page, "/app/security");
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(height).toBeGreaterThan(2 * 900);
      await page.mouse.wheel(0, height);
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(height - 2 * 900);
      const nav = (await page.locator(".Polaris-Frame__Navigation").boundingBox())!;
      expect(nav.y).toBeLessThanOrEqual(56); // under the top bar
      expect(nav.y + nav.height).toBeGreaterThanOrEqual(900);
      const background = await page
        .locator(".Polaris-Navigation")
        .evaluate((el) => [el.getBoundingClientRect().bottom, getComputedStyle(el).backgroundColor]);
      expect(background[0]).toBeGreaterThanOrEqual(900);
    } finally {
      await page.close();
    }
  });

  it("keyboard only: run an agent and see its run finish", async () => {
    const page = await context.newPage();
    try {
      await openPage(page, "/app/agents");
      await tabTo(page, page.getByRole("button", { name: "Run inventory-forecasting now" }));
      await page.keyboard.press("Enter");
      await page.getByText("Inventory forecasting queued", { exact: true }).waitFor();
      const run = page.getByTestId("agent-run").filter({ hasText: "Inventory forecasting" }).first();
      await run.getByText("succeeded", { exact: true }).first().waitFor({ timeout: 60_000 });
      const stored = await stack.db.agentRun.findFirstOrThrow({
        where: { shop: SHOP, agent: "inventory-forecasting", trigger: "manual" },
      });
      expect(stored.status).toBe("succeeded");
    } finally {
      await page.close();
    }
  });

  it("keyboard only: approve a proposed price change, then revert it", async () => {
    const variant = await stack.db.mirrorVariant.findFirstOrThrow({
      where: { shop: SHOP, sku: { not: null } },
      orderBy: { price: "desc" },
    });
    const newPrice = Math.round(variant.price * 1.05 * 100) / 100;
    const proposed = await toolRegistry.call(
      {
        shop: SHOP,
        db: stack.db,
        admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url }),
        logger: pino({ level: "silent" }),
        actor: { kind: "mcp" as const, id: "e2e-keyboard", scope: "write" as const },
        now: () => new Date(),
      },
      "propose_price_change",
      { changes: [{ sku: variant.sku, price: newPrice }], reason: "keyboard e2e" },
    );
    expect(proposed).toMatchObject({ ok: true, data: { status: "pending" } });
    const page = await context.newPage();
    try {
      await openPage(page, "/app/aira");
      const card = page.getByTestId("pending-action").filter({ hasText: variant.sku! });
      await tabTo(page, card.getByRole("button", { name: "Approve" }));
      await page.keyboard.press("Enter");
      const applied = page.getByTestId("decided-action").filter({ hasText: "applied" }).first();
      await applied.waitFor();
      expect(await storePrice(variant.id)).toBe(newPrice);
      await tabTo(page, applied.getByRole("button", { name: "Revert" }));
      await page.keyboard.press("Enter");
      // The confirmation replaces the button: its own button is a few Tabs away.
      await tabTo(page, page.getByRole("button", { name: "Revert change" }), 20);
      await page.keyboard.press("Enter");
      await page.getByTestId("decided-action").filter({ hasText: "reverted" }).first().waitFor();
      expect(await storePrice(variant.id)).toBe(variant.price);
    } finally {
      await page.close();
    }
  });

  it("keyboard only: open AIRA from a module page, ask, and read the answer", async () => {
    const page = await context.newPage();
    try {
      await openPage(page, "/app/revenue");
      await tabTo(page, page.getByTestId("aira-launcher").getByRole("button"));
      await page.keyboard.press("Enter");
      const panel = page.getByTestId("aira-panel");
      await panel.waitFor();
      const input = panel.getByTestId("aira-input").locator("textarea").first();
      await tabTo(page, input, 40);
      await page.keyboard.type("how many orders did we get in the last 7 days?");
      await page.keyboard.press("Enter");
      await panel.getByTestId("aira-tool-get_sales_summary").last().waitFor({ timeout: 30_000 });
      await panel.getByTestId("aira-model").last().waitFor({ timeout: 30_000 });
      const { ianaTimezone } = await stack.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
      const { from, to } = lastDays(7, new Date(), ianaTimezone);
      const orders = await stack.db.mirrorOrder.count({
        where: { shop: SHOP, cancelledAt: null, localDay: { gte: from, lte: to } },
      });
      // The answer streams in: read it until it holds the figure.
      await expect
        .poll(() => panel.getByTestId("aira-message").last().textContent(), { timeout: 30_000 })
        .toContain(orders.toLocaleString("en-US"));
      // Escape closes the dialog and gives the focus back to the launcher.
      // (Under heavy load one Escape was seen not to close it, not yet explained: up to three presses.)
      for (let presses = 0; presses < 3 && (await panel.isVisible()); presses++) {
        await page.keyboard.press("Escape");
        await panel.waitFor({ state: "hidden", timeout: 3_000 }).catch(() => {});
      }
      await panel.waitFor({ state: "hidden" });
    } finally {
      await page.close();
    }
  });
});
