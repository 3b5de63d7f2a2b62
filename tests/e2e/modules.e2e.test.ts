// Every module page in Chromium, local mode: each shows the synced store's own figures (checked
// against the database the emulator was synced into), the live connection reaches "Live", charts
// render in the browser, and each page's LCP, CLS and INP (after a real interaction on the page)
// stay within Google's "good" thresholds (2.5 s, 0.1, 200 ms), as Built for Shopify measures them.
// Navigation shows a skeleton while data loads; the live badge follows the connection; a failing
// module shows its own error with Retry, never a stack trace.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgents } from "../../agents/agents";
import { raiseAlert } from "../../agents/ops/alerts";
import { lowStock, topCustomers } from "../../agents/overview/queries";
import { dailySales, lastDays, salesMetrics } from "../../agents/analytics/window";
import { shopTimeZone } from "../../agents/mirror/local-days";
import { shortDay } from "../../app/components/charts/series";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { toolRegistry } from "../../agents/tools";
import { MODULES } from "../../app/modules";
import { ARTIFACTS, SHOP, TOKEN, startLocalStack, type LocalStack } from "./support";

const money = (value: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 }).format(value);
const count = (value: number) => new Intl.NumberFormat("en-US").format(value);
const SCREENSHOTS = path.join(ARTIFACTS, "modules");
const ALERT_TITLE = "E2E: 3 webhook deliveries failed in the last hour";
const TICKET_SUBJECT = "E2E: where is my order?";

let stack: LocalStack;
let context: BrowserContext;
const vitals: { page: string; lcpMs: number; cls: number; inpMs: number; worstMs: number; interaction: string }[] = [];

// Largest Contentful Paint and Cumulative Layout Shift (largest session window: gaps < 1 s,
// windows <= 5 s, shifts right after input excluded), collected from the first paint on. For
// Interaction to Next Paint, each interaction's duration (its slowest event, input to the next
// frame). Event entries come only from 16 ms up; the first input is always reported.
const VITALS_SCRIPT = `
  window.__vitals = { lcp: 0, cls: 0, interactions: {} };
  const interaction = (entry) => {
    if (!entry.interactionId) return;
    const seen = window.__vitals.interactions;
    seen[entry.interactionId] = Math.max(seen[entry.interactionId] ?? 0, entry.duration);
  };
  new PerformanceObserver((list) => list.getEntries().forEach(interaction)).observe({ type: "first-input", buffered: true });
  new PerformanceObserver((list) => list.getEntries().forEach(interaction)).observe({ type: "event", durationThreshold: 16, buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__vitals.lcp = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  let session = 0, first = 0, last = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      if (session && entry.startTime - last < 1000 && entry.startTime - first < 5000) session += entry.value;
      else { session = entry.value; first = entry.startTime; }
      last = entry.startTime;
      window.__vitals.cls = Math.max(window.__vitals.cls, session);
    }
  }).observe({ type: "layout-shift", buffered: true });
`;

beforeAll(async () => {
  stack = await startLocalStack();
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Rows that only exist once the app is used: an alert and a support ticket, made by our own code.
  await raiseAlert(stack.db, SHOP, {
    kind: "webhook_failures",
    severity: "warning",
    title: ALERT_TITLE,
    dedupeKey: "e2e-webhooks",
  });
  const order = await stack.db.mirrorOrder.findFirstOrThrow({
    where: { shop: SHOP, email: { not: null } },
    orderBy: { createdAt: "desc" },
  });
  const ctx = {
    shop: SHOP,
    db: stack.db,
    admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url }),
    logger: pino({ level: "silent" }),
    actor: { kind: "merchant" as const, id: "e2e" },
    now: () => new Date(),
  };
  const ticket = await toolRegistry.call(ctx, "create_support_ticket", {
    subject: TICKET_SUBJECT,
    body: "It has not arrived.",
    email: order.email!,
    orderName: order.name,
  });
  expect(ticket).toMatchObject({ ok: true });
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(VITALS_SCRIPT);
});

afterAll(async () => {
  if (vitals.length)
    console.log(
      `Web vitals (local mode, Chromium):\n${vitals.map((v) => `  ${v.page.padEnd(20)} LCP ${String(Math.round(v.lcpMs)).padStart(5)} ms   CLS ${v.cls.toFixed(3)}   INP ${String(Math.round(v.inpMs)).padStart(4)} ms (p75 of 4; worst ${Math.round(v.worstMs)} ms: ${v.interaction})`).join("\n")}`,
    );
  await context?.close();
  await stack?.stop();
});

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? "").trim();

/** The figure on the page must equal the database's, computed just before or just after (a 30-day window moves). */
async function expectFigure(compute: () => Promise<string>, read: () => Promise<string>) {
  const before = await compute();
  const shown = await read();
  const after = await compute();
  expect([before, after]).toContain(shown);
}

const registered = createAgents({
  adminFor: async () => Promise.reject(new Error("not used: only names and titles are read")),
});

/** The pages' default window: the 30 complete shop-local days before today. */
const last30 = async () => lastDays(30, new Date(), await shopTimeZone(stack.db, SHOP));

// Per module: what to wait for once the page is up, and a real figure to check.
const checks: Record<string, (page: Page) => Promise<void>> = {
  "/app": async (page) => {
    await expectFigure(
      async () => money((await salesMetrics(stack.db, SHOP, await last30())).revenue),
      () => text(page, "metric-Revenue (last 30 days)"),
    );
    await expect(text(page, "dashboard-alerts")).resolves.toContain(ALERT_TITLE);
    await page.getByTestId("revenue-chart").locator("svg").first().waitFor();
  },
  "/app/revenue": async (page) => {
    // A whole day well inside the window: its figures cannot move while the test runs.
    const day = (await dailySales(stack.db, SHOP, await last30())).find((d, i) => i >= 2 && d.orders > 0)!;
    const row = page.getByTestId("revenue-by-day").locator("tr", { hasText: shortDay(day.day) });
    await expect(row.textContent()).resolves.toBe(
      `${shortDay(day.day)}${day.orders}${money(day.revenue)}${money(day.refunds)}`,
    );
    await expectFigure(
      async () => count((await salesMetrics(stack.db, SHOP, await last30())).orders),
      () => text(page, "metric-Orders (last 30 days)"),
    );
    await page.getByTestId("revenue-chart").locator("svg").first().waitFor();
  },
  "/app/agents": async (page) => {
    for (const agent of registered.filter((a) => !a.capabilities.includes("system")))
      await expect(text(page, `agent-${agent.name}`)).resolves.toBe(agent.title);
  },
  "/app/inventory": async (page) => {
    await expect(text(page, "metric-Variants")).resolves.toBe(
      count(await stack.db.mirrorVariant.count({ where: { shop: SHOP } })),
    );
    const [lowest] = await lowStock(stack.db, SHOP, 15);
    await expect(page.getByTestId("lowest-stock").locator("tbody tr").first().textContent()).resolves.toContain(
      `${lowest.sku}`,
    );
    await expect(page.getByTestId("lowest-stock").locator("tbody tr").first().textContent()).resolves.toMatch(
      new RegExp(`${lowest.available}$`),
    );
    expect(Number((await text(page, "metric-Units forecast (next 28 days)")).replace(/,/g, ""))).toBeGreaterThan(0);
    await page.getByTestId("forecast-chart").locator("svg").first().waitFor();
  },
  "/app/marketing": async (page) => {
    await expect(text(page, "metric-Customers")).resolves.toBe(
      count(await stack.db.mirrorCustomer.count({ where: { shop: SHOP } })),
    );
    const [top] = await topCustomers(stack.db, SHOP, 1);
    await expect(page.getByTestId("top-customers").locator("tbody tr").first().textContent()).resolves.toContain(
      money(top.totalSpent),
    );
  },
  "/app/finance": async (page) => {
    await expectFigure(
      async () => money((await salesMetrics(stack.db, SHOP, await last30())).refunds),
      () => text(page, "metric-Refunds (last 30 days)"),
    );
    await page.getByTestId("finance-chart").locator("svg").first().waitFor();
  },
  "/app/security": async (page) => {
    await expect(text(page, "security-alerts")).resolves.toContain(ALERT_TITLE);
  },
  "/app/support": async (page) => {
    const open = await stack.db.supportTicket.count({ where: { shop: SHOP, status: "open" } });
    expect(open).toBeGreaterThan(0);
    await expect(text(page, "metric-Open tickets")).resolves.toBe(String(open));
    await expect(text(page, "tickets")).resolves.toContain(TICKET_SUBJECT);
  },
  "/app/analytics": async (page) => {
    const orders = await stack.db.mirrorOrder.count({ where: { shop: SHOP } });
    await expect(
      page
        .getByTestId("datasets")
        .locator("tr", { hasText: /^Orders\d/ })
        .textContent(),
    ).resolves.toBe(`Orders${orders}`);
  },
  "/app/shopify": async (page) => {
    const sync = await stack.db.syncRun.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { startedAt: "desc" } });
    await expect(page.getByTestId("store-syncs").locator("tbody tr").first().textContent()).resolves.toContain(
      `${sync.status}`,
    );
    await expect(page.getByTestId("store-syncs").locator("tbody tr").first().textContent()).resolves.toMatch(
      new RegExp(`${sync.rows}$`),
    );
  },
  "/app/aira": async () => {},
  "/app/settings": async (page) => {
    // Schedules in words, never cron: the inventory agent runs every day at 6:00.
    await expect(text(page, "setting-schedule-inventory-forecasting")).resolves.toContain("every day at 6:00");
  },
  "/app/orchestration": async (page) => {
    for (const agent of registered) await expect(text(page, `queue-${agent.name}`)).resolves.toBe(agent.title);
    await expect(
      page.getByTestId("orchestration-agents").locator("tr", { hasText: "Inventory forecasting" }).textContent(),
    ).resolves.toContain("0 6 * * *");
  },
};

// Per module: a real interaction for INP, done and undone (each a separate interaction), and what
// shows it took effect. By default the AIRA launcher (on every page but AIRA's own): a dialog with the chat.
interface Interaction {
  name: string;
  run: (page: Page) => Promise<void>;
  undo: (page: Page) => Promise<void>;
}
const openAira: Interaction = {
  name: "open and close AIRA",
  run: async (page) => {
    await page.getByTestId("aira-launcher").getByRole("button").click();
    await page.getByTestId("aira-panel").waitFor();
  },
  undo: async (page) => {
    // Under load a click during the dialog's opening transition can be lost: press Close again, and
    // from the third try also Escape (the dialog's other way out). A Close button that is gone while
    // the panel is still leaving must not hold the test until its timeout: each click waits 2 s at most.
    const panel = page.getByTestId("aira-panel");
    for (let attempt = 0; attempt < 6 && (await panel.isVisible()); attempt++) {
      await page
        .getByRole("dialog")
        .getByRole("button", { name: "Close" })
        .click({ timeout: 2_000 })
        .catch(() => {});
      if (attempt >= 2) await page.keyboard.press("Escape");
      await panel.waitFor({ state: "hidden", timeout: 3_000 }).catch(() => {});
    }
    await panel.waitFor({ state: "hidden" });
  },
};
const showChartFigures: Interaction = {
  name: "show and hide a chart's figures",
  run: async (page) => {
    await page
      .getByRole("button", { name: /^Show the figures of / })
      .first()
      .click();
    await page
      .getByRole("button", { name: /^Hide the figures of / })
      .first()
      .waitFor();
  },
  undo: async (page) => {
    await page
      .getByRole("button", { name: /^Hide the figures of / })
      .first()
      .click();
    await page.getByRole("button", { name: /^Hide the figures of / }).waitFor({ state: "detached" });
  },
};
const interactions: Record<string, Interaction> = {
  "/app": showChartFigures,
  "/app/revenue": showChartFigures,
  "/app/inventory": showChartFigures,
  "/app/finance": showChartFigures,
  "/app/aira": {
    name: "open and close the history",
    run: async (page) => {
      await page.getByRole("button", { name: "History" }).click();
      await page.getByTestId("aira-history").waitFor();
    },
    undo: async (page) => {
      await page.getByRole("button", { name: "History" }).click();
      await page.getByTestId("aira-history").waitFor({ state: "hidden" });
    },
  },
};
/** Interactions per page: the 75th percentile of four, as Built for Shopify takes p75 over visits. */
const ROUNDS = 2;

describe("module pages in Chromium (local mode)", () => {
  it("covers every module in the navigation", () => {
    expect(Object.keys(checks).sort()).toEqual(MODULES.map((m) => m.path).sort());
  });

  for (const module of MODULES) {
    it(`${module.title}: the store's figures, live status, screenshot, LCP, CLS and INP`, async () => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      // Closed whatever happens: an open page holds one of the browser's six connections (its event
      // stream), and a few failed pages left open would starve the tests after them.
      try {
        await page.goto(`${stack.baseUrl}${module.path}`, { waitUntil: "load" });
        await expect(page.getByRole("heading", { level: 1, name: module.title }).textContent()).resolves.toBe(
          module.title,
        );
        await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
        await expect(text(page, "live-status")).resolves.toContain("Live");
        await checks[module.path](page);
        // Late shifts count too: give the page a moment after its last content arrived. (No
        // "networkidle": the event stream keeps a request open for the page's lifetime.)
        await page.waitForTimeout(500);
        // LCP as the merchant's window sees it: a full-page screenshot stretches the viewport to the
        // whole page, and anything painting meanwhile (an analysis arriving below the fold) would
        // count as a contentful paint in view.
        const lcpInView = await page.evaluate(() => (window as unknown as { __vitals: { lcp: number } }).__vitals.lcp);
        await page.screenshot({
          path: path.join(SCREENSHOTS, `${module.path.replace(/\W+/g, "-").replace(/^-|-$/g, "")}.png`),
          fullPage: true,
        });
        const interaction = interactions[module.path] ?? openAira;
        for (let round = 0; round < ROUNDS; round++) {
          await interaction.run(page);
          await interaction.undo(page);
        }
        // Entries are delivered after each interaction's next paint; the first input always is.
        await page.waitForFunction(
          () => Object.keys((window as unknown as { __vitals: { interactions: object } }).__vitals.interactions).length,
        );
        await page.waitForTimeout(300);
        const vitalsNow = await page.evaluate(
          () =>
            (window as unknown as { __vitals: { lcp: number; cls: number; interactions: Record<string, number> } })
              .__vitals,
        );
        // Interactions quicker than 16 ms leave no entry: they count as 0.
        const done = 2 * ROUNDS;
        const durations = Object.values(vitalsNow.interactions).sort((x, y) => x - y);
        const all = [...Array<number>(Math.max(0, done - durations.length)).fill(0), ...durations];
        const measured = {
          ...vitalsNow,
          lcp: lcpInView,
          inp: all[Math.ceil(0.75 * all.length) - 1],
          worst: all.at(-1)!,
          interactions: durations.length,
        };
        vitals.push({
          page: module.title,
          lcpMs: measured.lcp,
          cls: measured.cls,
          inpMs: measured.inp,
          worstMs: measured.worst,
          interaction: interaction.name,
        });
        expect(measured.lcp).toBeGreaterThan(0);
        expect(measured.lcp).toBeLessThanOrEqual(2_500);
        expect(measured.cls).toBeLessThanOrEqual(0.1);
        expect(measured.interactions).toBeGreaterThanOrEqual(1);
        expect(measured.inp).toBeLessThanOrEqual(200);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it("while the next module's data loads, a skeleton of that module stands in", async () => {
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/app`, { waitUntil: "load" });
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    // Revenue's data takes a second to arrive.
    await page.route(/\/app\/revenue\.data/, async (route) => {
      await new Promise((r) => setTimeout(r, 1_000));
      await route.continue();
    });
    await page.getByRole("link", { name: "Revenue", exact: true }).first().click();
    const skeleton = page.getByTestId("page-skeleton");
    await skeleton.waitFor();
    await expect(skeleton.textContent()).resolves.toContain("Revenue");
    await page.getByTestId("metric-Revenue (last 30 days)").waitFor();
    expect(await skeleton.count()).toBe(0);
    await page.close();
  });

  it("the live badge follows the connection: Offline without network, Live again when it returns", async () => {
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/app/agents`, { waitUntil: "load" });
    const badge = page.getByTestId("live-status");
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await context.setOffline(true);
    try {
      await page.locator('[data-testid="live-status"][data-status="offline"]').waitFor({ timeout: 10_000 });
      await expect(badge.textContent()).resolves.toContain("Offline");
    } finally {
      await context.setOffline(false);
    }
    // Back online the stream reopens at once (no waiting out the backoff).
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 10_000 });
    await expect(badge.textContent()).resolves.toContain("Live");
    await page.close();
  });

  it("a module whose data fails shows what failed and recovers with Retry", async () => {
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/app`, { waitUntil: "load" });
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    // Finance's loader fails on the server for real: the daily sales table it reads is gone.
    await stack.db.$executeRawUnsafe('ALTER TABLE "MirrorDailySales" RENAME TO "MirrorDailySales_away"');
    try {
      await page.getByRole("link", { name: "Finance", exact: true }).first().click();
      const failure = page.getByTestId("module-error");
      await failure.waitFor({ timeout: 15_000 });
      const shown = (await failure.textContent()) ?? "";
      expect(shown).toContain("Finance could not be loaded");
      expect(shown).toContain("Something went wrong while loading this page");
      // Production output carries neither the database's error nor a stack.
      expect(shown).not.toMatch(/MirrorDailySales|prisma|does not exist|\bat \S+ \(|\.tsx?:\d+/i);
      await expect(text(page, "live-status")).resolves.toContain("Live"); // the layout stays up
      await page.screenshot({ path: path.join(SCREENSHOTS, "finance-error.png"), fullPage: true });
    } finally {
      await stack.db.$executeRawUnsafe('ALTER TABLE "MirrorDailySales_away" RENAME TO "MirrorDailySales"');
    }
    const failure = page.getByTestId("module-error");
    await failure.getByRole("button", { name: "Retry" }).click();
    await page.getByTestId("metric-Refunds (last 30 days)").waitFor();
    expect(await page.getByTestId("module-error").count()).toBe(0);
    await page.close();
  });
});
