// Live store changes in Chromium (local mode): the Dashboard stays open while the local store takes
// new orders (the emulator's simulate, delivered to the app's orders/create webhook route as
// Shopify would), and its "Today so far" revenue changes without a reload to the store's new total
// for today. The shop's event log shows the burst arrived as a few coalesced events, and the page
// reloaded its data a few times, not once per order.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDay } from "../../agents/core/time";
import { createRedis } from "../../agents/infra/redis";
import { eventsLog } from "../../agents/runtime/names";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { ARTIFACTS, SHOP, TOKEN, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;
const ORDERS = 60;

beforeAll(async () => {
  stack = await startLocalStack();
  const admin = createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url });
  // The store tells the app about new orders as Shopify does (the local bootstrap subscribes the same way).
  const subscribed = (await admin.graphql(
    `mutation($uri: String!) { webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription: { uri: $uri, format: JSON }) { userErrors { message } } }`,
    { uri: `${stack.baseUrl}/webhooks/orders/create` },
  )) as { webhookSubscriptionCreate: { userErrors: { message: string }[] } };
  expect(subscribed.webhookSubscriptionCreate.userErrors).toEqual([]);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

/** The store's own revenue for today in the shop's time zone: its non-cancelled orders' totals. */
function storeTodayRevenue(): number {
  const store = stack.emulator.store;
  const timeZone = String(store.one("SELECT iana_timezone FROM shop")!.iana_timezone);
  const today = localDay(new Date(), timeZone);
  const since = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const cents = store
    .all("SELECT created_at, total_cents FROM orders WHERE created_at >= ? AND cancelled_at IS NULL", since)
    .filter((row) => localDay(new Date(String(row.created_at)), timeZone) === today)
    .reduce((sum, row) => sum + Number(row.total_cents), 0);
  return cents / 100;
}

const amount = (text: string) => Number(text.replace(/[^0-9.-]/g, ""));

describe("live store changes", () => {
  it("updates the Dashboard's revenue to the store's new total while the page stays open", async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    // Data reloads of the page (Remix single-fetch revalidation: GET /app.data), counted during the burst.
    let dataLoads = 0;
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/app.data") dataLoads++;
    });
    await page.goto(`${stack.baseUrl}/app`, { waitUntil: "load" });
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    const figure = page.getByTestId("metric-Today so far");
    const before = amount((await figure.textContent()) ?? "");
    expect(before).toBeCloseTo(storeTodayRevenue(), 2);
    const navigationsBefore = navigations;
    dataLoads = 0;

    const redis = createRedis(stack.redisUrl, { name: "e2e-live-store" });
    await new Promise((resolve) => redis.once("ready", resolve));
    const logStart = `${Date.now()}-0`;

    const started = Date.now();
    const response = await fetch(`${stack.emulator.url}/emulator/simulate`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": TOKEN },
      body: JSON.stringify({ orders: ORDERS, seed: 7 }),
    });
    expect(response.status).toBe(200);
    const simulated = (await response.json()) as { orderIds: number[] };
    expect(simulated.orderIds).toHaveLength(ORDERS);
    const expected = storeTodayRevenue();
    expect(expected).toBeGreaterThan(before);

    // The figure reaches the store's new total without the page navigating.
    let shown = before;
    let firstChangeAt: number | null = null;
    for (let i = 0; i < 600 && Math.abs(shown - expected) > 0.005; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      shown = amount((await figure.textContent()) ?? "");
      if (firstChangeAt === null && shown !== before) firstChangeAt = Date.now();
    }
    const finalMs = Date.now() - started;
    expect(shown).toBeCloseTo(expected, 2);
    expect(navigations).toBe(navigationsBefore);
    expect(errors).toEqual([]);

    // Every order reached the mirror, and the burst was a handful of events, not one per order.
    const mirrored = await stack.db.mirrorOrder.count({
      where: { shop: SHOP, id: { in: simulated.orderIds.map(String) } },
    });
    expect(mirrored).toBe(ORDERS);
    const storeChanges = async () =>
      ((await redis.xrange(eventsLog(SHOP), logStart, "+")) as [string, string[]][])
        .map(
          ([id, fields]) =>
            ({
              ...JSON.parse(fields[fields.indexOf("event") + 1]),
              publishedAt: Number(id.split("-")[0]),
            }) as { type: string; changes?: number; since?: number; publishedAt: number },
        )
        .filter((event) => event.type === "store.changed");
    const announced = (events: { changes?: number }[]) => events.reduce((sum, e) => sum + (e.changes ?? 0), 0);
    // The last orders may still wait for their window's trailing event (the page can already show
    // them: a reload reads every order the mirror has).
    let changes = await storeChanges();
    for (let i = 0; i < 40 && announced(changes) < ORDERS; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      changes = await storeChanges();
    }
    expect(announced(changes)).toBe(ORDERS);
    expect(changes.length).toBeLessThan(ORDERS / 4);
    expect(dataLoads).toBeLessThanOrEqual(changes.length + 1);
    await page.screenshot({ path: path.join(ARTIFACTS, "live-store-dashboard.png"), fullPage: true });

    // The delay from the first processed webhook (its change noted) to the page showing new figures,
    // and when the web process finished the burst's webhooks.
    const first = changes[0];
    const processed = await stack.db.webhookEvent.aggregate({
      where: { shop: SHOP, topic: "orders/create", processedAt: { gte: new Date(started) } },
      _max: { processedAt: true },
      _count: true,
    });
    console.log(
      `${ORDERS} new orders: Today so far ${before.toFixed(2)} -> ${shown.toFixed(2)} (store: ${expected.toFixed(2)}); ` +
        `simulate -> first webhook processed ${first.since! - started} ms, -> event published ${first.publishedAt - first.since!} ms, ` +
        `-> page shows new figures ${firstChangeAt! - first.publishedAt} ms; final total ${finalMs} ms after simulate; ` +
        `the ${processed._count} webhooks were all processed ${processed._max.processedAt!.getTime() - started} ms after simulate; ` +
        `${changes.length} store.changed events (${changes.map((e) => e.changes).join(", ")}), ${dataLoads} data reloads, no navigation`,
    );

    // A single order on a quiet store: announced at once (no window to wait for).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const quietStart = `${Date.now()}-0`;
    const singleStarted = Date.now();
    const single = await fetch(`${stack.emulator.url}/emulator/simulate`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": TOKEN },
      body: JSON.stringify({ orders: 1, seed: 8 }),
    });
    expect(single.status).toBe(200);
    const afterSingle = storeTodayRevenue();
    while (Math.abs(shown - afterSingle) > 0.005 && Date.now() - singleStarted < 20_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      shown = amount((await figure.textContent()) ?? "");
    }
    const shownAt = Date.now();
    expect(shown).toBeCloseTo(afterSingle, 2);
    const quiet = ((await redis.xrange(eventsLog(SHOP), quietStart, "+")) as [string, string[]][])
      .map(([id, fields]) => ({
        ...JSON.parse(fields[fields.indexOf("event") + 1]),
        publishedAt: Number(id.split("-")[0]),
      }))
      .filter((event) => event.type === "store.changed");
    redis.disconnect();
    expect(quiet).toHaveLength(1);
    expect(quiet[0].changes).toBe(1);
    console.log(
      `1 new order on a quiet store: webhook processed ${quiet[0].since - singleStarted} ms after simulate, event published ${quiet[0].publishedAt - quiet[0].since} ms later, page shows it ${shownAt - quiet[0].publishedAt} ms after that (${shownAt - singleStarted} ms from simulate)`,
    );
    await context.close();
  });

  it("shows the new agents on the Agents page with their schedules, runs them, and opens what they found", async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message} ${e.stack ?? ""}`));
    // A ticket past its first-reply target (24 hours by default) for the support desk to find.
    const subject = "E2E: where is my order?";
    await stack.db.supportTicket.create({
      data: { shop: SHOP, subject, body: "It has been days.", createdAt: new Date(Date.now() - 30 * 3_600_000) },
    });
    await page.goto(`${stack.baseUrl}/app/agents`, { waitUntil: "load" });
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    const row = (agent: string) => page.locator("tr").filter({ has: page.getByTestId(`agent-${agent}`) });
    for (const [agent, title, schedule] of [
      ["marketing-campaigns", "Marketing campaigns", "every Monday at 7:30"],
      ["support-desk", "Support desk", "every 15 minutes"],
      ["weekly-report", "Weekly report", "every Monday at 6:00"],
    ]) {
      await expect(page.getByTestId(`agent-${agent}`).textContent()).resolves.toBe(title);
      await expect(row(agent).textContent()).resolves.toContain(schedule);
    }
    for (const agent of ["weekly-report", "support-desk", "marketing-campaigns"]) {
      await page.getByRole("button", { name: `Run ${agent} now` }).click();
      // The row's one line of what it found arrives without a reload when the run ends.
      await page.getByTestId(`agent-found-${agent}`).filter({ hasNotText: "Nothing yet" }).waitFor({ timeout: 90_000 });
    }
    const found = async (agent: string) => (await page.getByTestId(`agent-found-${agent}`).textContent()) ?? "";
    expect(await found("weekly-report")).toMatch(/^Week of .+ revenue from \d+ orders/);
    expect(await found("support-desk")).toMatch(
      /^1 ticket past their reply targets; 1 reply draft ready; 1 open ticket/,
    );
    expect(await found("marketing-campaigns")).toMatch(/campaigns? proposed|No campaign worth proposing/);
    for (const agent of ["weekly-report", "support-desk", "marketing-campaigns"])
      console.log(`Agents page, ${agent}: ${await found(agent)}`);

    // The weekly report opens from its row, with the week's figures and a CSV of them.
    await page.getByRole("link", { name: "Open the weekly report" }).click();
    await page
      .getByRole("heading", { name: /^Weekly report: / })
      .first()
      .waitFor();
    const figures = (await page.getByTestId("weekly-figures").textContent()) ?? "";
    expect(figures).toContain("Revenue");
    expect(figures).toContain("Net sales");
    const csv = await page.evaluate(async () => {
      const response = await fetch("/app/weekly-report.csv");
      return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
    });
    expect(csv.status).toBe(200);
    expect(csv.type).toContain("text/csv");
    expect(csv.text.split("\n")[0]).toMatch(/^Section,Item,This week \(/);
    expect(csv.text).toContain("Sales,Revenue,");
    await page.screenshot({ path: path.join(ARTIFACTS, "weekly-report.png"), fullPage: true });

    // The support desk's findings are on the Support page.
    await page.goto(`${stack.baseUrl}/app/support`, { waitUntil: "load" });
    await page.getByTestId("worklist-overdue").getByText(subject, { exact: false }).first().waitFor();
    await page.getByTestId("worklist-drafts").getByText(subject, { exact: false }).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "support-desk.png"), fullPage: true });
    // A data load Remix interrupted for a newer one is not reported (app/entry.client.tsx).
    expect(errors, errors.join("\n")).toEqual([]);
    await context.close();
  }, 240_000);
});
