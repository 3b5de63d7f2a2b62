// Marketing and Finance in Chromium, local mode: the tool-backed sections show the synced store's
// own figures (checked against the database the emulator was synced into); "Create discount code"
// only records a pending proposal (nothing reaches the store); the cash-flow view says which lines
// are estimated and why.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { toolRegistry } from "../../agents/tools";
import { ARTIFACTS, SHOP, TOKEN, startLocalStack, type LocalStack } from "./support";

const money = (value: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 }).format(value);
const count = (value: number) => new Intl.NumberFormat("en-US").format(value);
const DAY = 86_400_000;
const SCREENSHOTS = path.join(ARTIFACTS, "marketing-finance");

let stack: LocalStack;
let context: BrowserContext;

beforeAll(async () => {
  stack = await startLocalStack();
  mkdirSync(SCREENSHOTS, { recursive: true });
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await stack?.stop();
});

/** Opens a module page and waits until React has taken over (the live badge is client-side). */
async function open(pathname: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  // These pages show analyses the worker works out in the background (ADR 0015); on a busy CI
  // machine the queue behind them has taken longer than Playwright's default 30 s to reach them.
  page.setDefaultTimeout(90_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${stack.baseUrl}${pathname}`, { waitUntil: "load" });
  await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
  return { page, errors };
}

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? "").trim();
const emulatorDiscounts = () => stack.emulator.store.db.prepare("SELECT * FROM discount_codes ORDER BY id").all();

describe("Marketing and Finance tools in the browser (local mode)", () => {
  it("Marketing: segments and lifetime value show the store's figures; a proposal's code only waits for approval", async () => {
    const { page, errors } = await open("/app/marketing");

    // Segments cover every customer with a purchase (an order not cancelled, not fully refunded) in the
    // 365 days up to the newest order; lifetime value scores every customer with a purchase.
    const newest = await stack.db.mirrorOrder.findFirstOrThrow({
      where: { shop: SHOP },
      orderBy: { createdAt: "desc" },
    });
    const purchases = (
      await stack.db.mirrorOrder.findMany({
        where: { shop: SHOP, customerId: { not: null }, cancelledAt: null },
        select: { customerId: true, createdAt: true, total: true, totalRefunded: true },
      })
    ).filter((o) => o.total <= 0 || o.total - o.totalRefunded > 0);
    const segmented = new Set(
      purchases.filter((o) => o.createdAt.getTime() >= newest.createdAt.getTime() - 365 * DAY).map((o) => o.customerId),
    );
    const scored = new Set(purchases.map((o) => o.customerId));
    expect(segmented.size).toBeGreaterThan(20);
    await expect(text(page, "segments-customers")).resolves.toBe(count(segmented.size));
    const segmentRows = await page.getByTestId("customer-segments").locator("tbody tr").allTextContents();
    expect(segmentRows.length).toBeGreaterThan(1);
    const perSegment = await page
      .getByTestId("customer-segments")
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => Number((r.children[1]?.textContent ?? "").replace(/,/g, ""))));
    expect(perSegment.reduce((s, n) => s + n, 0)).toBe(segmented.size);

    // The churn bands of lifetime value add up to every customer scored.
    const band = async (level: string) => Number((await text(page, `churn-${level}`)).replace(/,/g, ""));
    expect((await band("high")) + (await band("medium")) + (await band("low"))).toBe(scored.size);
    expect(await page.getByTestId("clv-customers").locator("tbody tr").count()).toBeGreaterThan(0);

    // One proposal's "Create discount code": exactly one pending discount.create, the store untouched.
    const proposal = page.getByTestId("campaign-proposal").first();
    const code = (await proposal.getAttribute("data-code"))!;
    expect(code).toMatch(/^[A-Z0-9_-]{3,30}$/);
    const storeBefore = emulatorDiscounts();
    expect(await stack.db.action.count({ where: { shop: SHOP, kind: "discount.create" } })).toBe(0);
    await proposal.getByRole("button", { name: `Create discount code ${code}` }).click();
    const proposed = proposal.getByTestId("discount-proposed");
    await proposed.waitFor();
    await expect(proposed.textContent()).resolves.toContain("Waiting for approval on the AIRA page");
    await expect(proposed.getByRole("link", { name: "Review it on the AIRA page" }).getAttribute("href")).resolves.toBe(
      "/app/aira",
    );
    await page.getByText(`Discount code ${code} proposed. Waiting for approval on the AIRA page.`).waitFor(); // the toast
    expect(await proposal.getByRole("button", { name: /Create discount code/ }).count()).toBe(0);

    const actions = await stack.db.action.findMany({ where: { shop: SHOP, kind: "discount.create" } });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ status: "pending", proposedBy: "merchant:local" });
    expect((actions[0].after as { code: string }).code).toBe(code);
    expect(emulatorDiscounts()).toEqual(storeBefore);
    expect(storeBefore.some((d) => String((d as { code: string }).code).toUpperCase() === code)).toBe(false);

    await page.screenshot({ path: path.join(SCREENSHOTS, "marketing.png"), fullPage: true });

    // Reloaded, the proposal says it is already waiting instead of offering a second code.
    await page.reload({ waitUntil: "load" });
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    const again = page.locator(`[data-testid="campaign-proposal"][data-code="${code}"]`);
    await expect(again.getByTestId("discount-proposed").textContent()).resolves.toContain(
      `Discount code ${code} was already proposed here (pending)`,
    );
    expect(await again.getByRole("button", { name: /Create discount code/ }).count()).toBe(0);
    expect(await stack.db.action.count({ where: { shop: SHOP, kind: "discount.create" } })).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Finance: the comparison's revenue is the synced orders' total; cash flow shows its estimated lines with their reasons", async () => {
    const { page, errors } = await open("/app/finance");

    // The comparison is worked out in the background (ADR 0049); the page shows it when it is ready.
    await page.getByTestId("comparison-period").first().waitFor({ timeout: 90_000 });
    // The period the page compared, then the same total straight from the mirror.
    const [from, to] = (await text(page, "comparison-period")).match(/\d{4}-\d{2}-\d{2}/g)!;
    const orders = await stack.db.mirrorOrder.aggregate({
      where: {
        shop: SHOP,
        cancelledAt: null,
        // The period is whole days in the shop's time zone (each order's localDay).
        localDay: { gte: from, lte: to },
      },
      _sum: { total: true },
      _count: { _all: true },
    });
    expect(orders._count._all).toBeGreaterThan(0);
    const revenue = Math.round((orders._sum.total ?? 0) * 100) / 100;
    const comparison = await page
      .getByTestId("period-comparison")
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c.textContent ?? "").trim())));
    const row = (label: string) => comparison.find((cells) => cells[0] === label);
    expect(row("Revenue")?.[1]).toBe(money(revenue));
    expect(row("Orders")?.[1]).toBe(count(orders._count._all));

    // Cash flow: every estimated line is marked and carries the reason the tool gives for it.
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    const ctx = {
      shop: SHOP,
      db: stack.db,
      admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url }),
      logger: pino({ level: "silent" }),
      actor: { kind: "merchant" as const, id: "e2e" },
      now: () => new Date(),
    };
    const flow = await toolRegistry.call(ctx, "get_cash_flow", {
      from: new Date(today - 83 * DAY).toISOString().slice(0, 10),
      to: new Date(today).toISOString().slice(0, 10),
    });
    if (!flow.ok) throw new Error(flow.message);
    const fees = (flow.data as { outflows: { paymentFees: { estimated: boolean; basis: string } } }).outflows
      .paymentFees;
    expect(fees.estimated).toBe(true);
    const estimated = page.locator('[data-testid="cashflow-line"][data-estimated="true"]');
    // Cash flow is worked out in the background (ADR 0015); the page shows it when it is ready.
    await estimated.first().waitFor({ timeout: 90_000 });
    expect(await estimated.count()).toBeGreaterThan(0);
    const feeLine = estimated.filter({ hasText: "Payment fees" });
    await expect(feeLine.textContent()).resolves.toContain("Estimated");
    await expect(feeLine.textContent()).resolves.toContain(fees.basis);
    expect(await page.getByTestId("cashflow-weeks").locator("tbody tr").count()).toBeGreaterThanOrEqual(12);

    // The forecast draws in the browser, with its total and range.
    await expect(text(page, "forecast-total")).resolves.toMatch(
      /^\$[\d,.]+ expected \(80% range \$[\d,.]+ to \$[\d,.]+\)$/,
    );
    await page.getByTestId("revenue-forecast-chart").locator("svg").first().waitFor();
    await expect(text(page, "forecast-backtest")).resolves.toMatch(/^Backtest on |^No backtest: /);

    await page.screenshot({ path: path.join(SCREENSHOTS, "finance.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
