// The Analytics and Security pages in Chromium (local mode). Analytics: a report picked in the
// form runs on the server, its table shows the synced orders' own figures (checked against the
// database), the chart renders and the CSV download carries the table's columns. Security: the
// configuration scan, the compliance status, alert explanations and the audit log's outcome filter.
import { allTools } from "../../agents/tools";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { pino } from "pino";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raiseAlert } from "../../agents/ops/alerts";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { toolRegistry } from "../../agents/tools";
import { ARTIFACTS, SHOP, TOKEN, startLocalStack, type LocalStack } from "./support";

const money = (value: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 }).format(value);
const count = (value: number) => new Intl.NumberFormat("en-US").format(value);
const round2 = (n: number) => Math.round(n * 100) / 100;
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const SCREENSHOTS = path.join(ARTIFACTS, "analytics-security");
const ALERT_TITLE = "E2E: 5 failed MCP sign-ins in 10 minutes";

let stack: LocalStack;
let context: BrowserContext;

beforeAll(async () => {
  stack = await startLocalStack();
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Shaped like the MCP guard's own alert: the address and the hour of the refused sign-ins.
  const hour = new Date().toISOString().slice(0, 13);
  await raiseAlert(stack.db, SHOP, {
    kind: "mcp_auth_failures",
    severity: "warning",
    title: ALERT_TITLE,
    dedupeKey: "e2e-mcp-auth",
    details: { source: "203.0.113.7", hour, threshold: 5, windowMinutes: 10 },
  });
  // An audit row with outcome "error", made by our own registry: a report that does not exist.
  const ctx = {
    shop: SHOP,
    db: stack.db,
    admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url }),
    logger: pino({ level: "silent" }),
    actor: { kind: "merchant" as const, id: "e2e" },
    now: () => new Date(),
  };
  expect(await toolRegistry.call(ctx, "run_analytics_query", { query: "no_such_report" })).toMatchObject({
    ok: false,
    code: "invalid_input",
  });
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await stack?.stop();
});

/** Opens a page and waits until React has hydrated it (the live badge connects only from the browser's code). */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  // These pages show analyses the worker works out in the background (ADR 0015); on a busy CI
  // machine the queue behind them has taken longer than Playwright's default 30 s to reach them.
  page.setDefaultTimeout(90_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${stack.baseUrl}${url}`, { waitUntil: "load" });
  await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
  return { page, errors };
}

describe("Analytics page", () => {
  it("runs revenue_by_day for a chosen period: the table matches the synced orders, the chart draws, the CSV has the same columns", async () => {
    // A two-week period ending two days before the newest order: whole days, all in the mirror.
    const newest = await stack.db.mirrorOrder.findFirstOrThrow({
      where: { shop: SHOP },
      orderBy: { createdAt: "desc" },
    });
    const to = isoDay(Date.parse(isoDay(newest.createdAt.getTime())) - 2 * DAY);
    const from = isoDay(Date.parse(to) - 13 * DAY);
    // Days are the shop's own (each order's localDay, in the shop's time zone).
    const orders = await stack.db.mirrorOrder.findMany({
      where: { shop: SHOP, cancelledAt: null, localDay: { gte: from, lte: to } },
      select: { localDay: true, total: true },
    });
    const byDay = new Map<string, { orders: number; revenue: number }>();
    for (const o of orders) {
      const day = byDay.get(o.localDay) ?? { orders: 0, revenue: 0 };
      byDay.set(o.localDay, { orders: day.orders + 1, revenue: day.revenue + o.total });
    }
    const [busiestDay, busiest] = [...byDay.entries()].sort((a, b) => b[1].orders - a[1].orders)[0];
    expect(busiest.orders).toBeGreaterThan(1);

    // Start from another report, then pick revenue_by_day and the period in the form.
    const { page, errors } = await open("/app/analytics?query=top_customers");
    // The report in its form, then the period in the page's date picker (which keeps the report).
    const form = page.getByTestId("analytics-form");
    await form.getByLabel("Report", { exact: true }).selectOption("revenue_by_day");
    await form.getByRole("button", { name: "Run report" }).click();
    await page.waitForURL((url) => url.searchParams.get("query") === "revenue_by_day");
    await page.getByLabel("From", { exact: true }).fill(from);
    await page.getByLabel("To", { exact: true }).fill(to);
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await page.waitForURL(
      (url) =>
        url.searchParams.get("query") === "revenue_by_day" &&
        url.searchParams.get("from") === from &&
        url.searchParams.get("to") === to,
    );
    await page.getByRole("heading", { name: `Revenue by day, ${from} to ${to}` }).waitFor();

    const table = page.getByTestId("analytics-table");
    await expect(table.locator("tbody tr").count()).resolves.toBe(14); // one row per day of the period
    const row = table.locator("tbody tr", { hasText: busiestDay });
    await expect(row.textContent()).resolves.toContain(
      `${busiestDay}${count(busiest.orders)}${money(round2(busiest.revenue))}`,
    );
    const periodRevenue = round2([...byDay.values()].reduce((sum, d) => sum + d.revenue, 0));
    await expect(page.getByTestId("metric-Total revenue").textContent()).resolves.toBe(money(periodRevenue));
    await page.getByTestId("analytics-chart").locator("svg").first().waitFor();

    // The CSV the button downloads (fetched, as in the admin where App Bridge adds the session
    // token, and saved as a file): the table's column labels as header, the same figures in the rows.
    const button = page.getByTestId("analytics-csv");
    expect(await button.getAttribute("data-url")).toContain(`/api/analytics/revenue_by_day?from=${from}&to=${to}`);
    const [download] = await Promise.all([page.waitForEvent("download"), button.getByRole("button").click()]);
    expect(download.suggestedFilename()).toBe(`revenue_by_day_${from}_${to}.csv`);
    const [header, ...records] = parse(await readFile((await download.path())!, "utf8")) as string[][];
    const headings = await table.locator("thead th").allTextContents();
    expect(header).toEqual(headings.map((h) => h.trim()));
    expect(header.slice(0, 3)).toEqual(["Day", "Orders", "Revenue"]);
    expect(records).toHaveLength(14);
    const csvRow = records.find((r) => r[0] === busiestDay)!;
    expect([Number(csvRow[1]), Number(csvRow[2])]).toEqual([busiest.orders, round2(busiest.revenue)]);

    await page.screenshot({ path: path.join(SCREENSHOTS, "analytics-revenue-by-day.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws shares as percentage charts: retention curves for the latest cohorts, sell-through per SKU", async () => {
    const { page, errors } = await open("/app/analytics?query=cohort_retention");
    await page.getByRole("heading", { name: "Retention by cohort" }).waitFor();
    const chart = page.getByTestId("analytics-chart");
    await chart.locator("svg").first().waitFor();
    const cohorts = await page
      .getByTestId("analytics-table")
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.querySelector("th, td")?.textContent?.trim() ?? ""));
    expect(cohorts.length).toBeGreaterThan(1);
    // The legend names the newest cohorts (at most six), and the axis reads in percent.
    await chart.getByText(cohorts.at(-1)!, { exact: true }).first().waitFor();
    if (cohorts.length > 6) expect(await chart.getByText(cohorts[0], { exact: true }).count()).toBe(0);
    expect(await chart.locator("svg").first().textContent()).toMatch(/\d+%/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "analytics-cohort-retention.png"), fullPage: true });

    await page.goto(`${stack.baseUrl}/app/analytics?query=sell_through`, { waitUntil: "load" });
    await page.getByTestId("analytics-chart").locator("svg").first().waitFor();
    expect(await page.getByTestId("analytics-chart").locator("svg").first().textContent()).toMatch(/\d+%/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a bad period is explained in a banner, not a crash, and the page falls back to the last 30 days", async () => {
    const { page, errors } = await open("/app/analytics?query=revenue_by_day&from=2026-03-10&to=2026-03-01");
    const banner = page.getByTestId("window-error");
    await expect(banner.textContent()).resolves.toMatch(/start date is after the end date.*last 30 days instead/i);
    // The report runs for the fallback window: one row per day of the last 30 complete days.
    await expect(page.getByTestId("analytics-table").locator("tbody tr").count()).resolves.toBe(30);
    await expect(page.getByTestId("datasets").textContent()).resolves.toContain("Orders");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("Security page", () => {
  it("shows the configuration scan with a status per check, and the privacy webhooks' compliance", async () => {
    const { page, errors } = await open("/app/security");
    const checks = page.getByTestId("security-checks").locator("tbody tr");
    const rows = await checks.count();
    expect(rows).toBeGreaterThan(3);
    const statuses = await checks
      .locator("[data-status]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    expect(statuses).toHaveLength(rows);
    for (const status of statuses) expect(["pass", "warn", "fail", "not_applicable"]).toContain(status);
    // The web server runs in local mode on 127.0.0.1: the loopback check passes.
    await expect(
      checks
        .filter({ hasText: "Local mode stays on this machine" })
        .locator("[data-status]")
        .getAttribute("data-status"),
    ).resolves.toBe("pass");
    const summary = (await page.getByTestId("security-scan").textContent()) ?? "";
    const tally = (s: string) => statuses.filter((x) => x === s).length;
    expect(summary).toContain(
      `${tally("pass")} passed, ${tally("warn")} warnings, ${tally("fail")} failed, ${tally("not_applicable")} not applicable (local mode)`,
    );

    const privacy = page.getByTestId("compliance-webhooks");
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact"]) {
      const status = await privacy
        .locator("tbody tr", { hasText: topic })
        .locator("[data-status]")
        .getAttribute("data-status");
      expect(["pass", "warn", "fail", "not_applicable"]).toContain(status);
    }
    await expect(page.getByTestId("compliance-retention").textContent()).resolves.toContain("MirrorOrder");
    await page.screenshot({ path: path.join(SCREENSHOTS, "security.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("explains an alert from its Explain link, and filters the audit log by outcome", async () => {
    const { page, errors } = await open("/app/security");
    const alert = await stack.db.alert.findFirstOrThrow({ where: { shop: SHOP, title: ALERT_TITLE } });
    await page
      .getByTestId("security-alerts")
      .getByTestId("alert-item")
      .filter({ hasText: ALERT_TITLE })
      .getByRole("link", { name: "Explain" })
      .click();
    await page.waitForURL((url) => url.searchParams.get("alert") === alert.id);
    const explanation = page.getByTestId("alert-explanation");
    await explanation.waitFor();
    await expect(explanation.textContent()).resolves.toContain(`What "${ALERT_TITLE}" means`);
    await expect(explanation.textContent()).resolves.toContain(
      "The address 203.0.113.7 failed to sign in to the MCP server",
    );

    const audit = page.getByTestId("audit");
    await audit.getByRole("link", { name: "error", exact: true }).click();
    await page.waitForURL(
      (url) => url.searchParams.get("outcome") === "error" && url.searchParams.get("alert") === alert.id,
    );
    await page.getByRole("heading", { name: 'Entries with outcome "error"' }).waitFor();
    const errorRows = await stack.db.auditLog.count({ where: { shop: SHOP, outcome: "error" } });
    const shown = page.getByTestId("audit-log").locator("tbody tr");
    await expect(shown.count()).resolves.toBe(Math.min(errorRows, 50));
    const outcomes = await shown.evaluateAll((trs) => trs.map((tr) => tr.lastElementChild?.textContent?.trim()));
    expect(new Set(outcomes)).toEqual(new Set(["error"]));
    // The tool's call, named by its title (merchant words), not "tool.run_analytics_query".
    const analyticsTitle = allTools.find((t) => t.name === "run_analytics_query")!.title;
    await expect(page.getByTestId("audit-log").textContent()).resolves.toContain(analyticsTitle);
    await expect(audit.textContent()).resolves.toContain(`${count(errorRows)} matching`);
    await page.screenshot({ path: path.join(SCREENSHOTS, "security-explain-and-audit.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
