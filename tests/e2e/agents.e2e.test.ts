// Running an agent from the Agents page: the job goes through BullMQ to the worker process, and
// the page follows its progress live (Server-Sent Events, one stream per page session) to
// completion, with toasts for the queued run and for its end.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishEvent } from "../../agents/runtime/events";
import { createRedis } from "../../agents/infra/redis";
import { ARTIFACTS, SHOP, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe("agents page", () => {
  it("Run now on an agent shows its run progressing to succeeded without a reload", async () => {
    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/app/agents`, { waitUntil: "load" });
    await expect(page.getByTestId("agent-inventory-forecasting").textContent()).resolves.toBe("Inventory forecasting");
    // Progress arrives over the layout's one event stream, which must be live before the run starts.
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    // Every progress value the run's row shows, in order, as the page renders them.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      const record = () => {
        const row = [...document.querySelectorAll('[data-testid="agent-run"]')].find((r) =>
          r.textContent?.includes("Inventory forecasting"),
        );
        const value = Number(row?.querySelector("progress")?.getAttribute("value") ?? NaN);
        if (!Number.isNaN(value) && seen.at(-1) !== value) seen.push(value);
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    });
    await page.getByRole("button", { name: "Run inventory-forecasting now" }).click();
    await page.getByText("Inventory forecasting queued", { exact: true }).waitFor();
    const run = page.getByTestId("agent-run").filter({ hasText: "Inventory forecasting" }).first();
    try {
      await run.getByText("succeeded", { exact: true }).first().waitFor({ timeout: 60_000 });
    } catch (error) {
      await page.screenshot({ path: path.join(ARTIFACTS, "agents-run-failed.png"), fullPage: true });
      const runs = await stack.db.agentRun.findMany({ where: { shop: SHOP } });
      throw new Error(
        `${(error as Error).message}\nruns: ${JSON.stringify(runs.map((r) => [r.agent, r.status, r.progress, r.error]))}`,
      );
    }
    // The end is announced too, and the row showed the agent's own progress steps (10, 50) while it
    // ran, not just a jump from queued to succeeded.
    await page.getByText("Inventory forecasting finished", { exact: true }).waitFor();
    const progress = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    expect(progress.at(-1)).toBe(100);
    expect(progress.some((p) => p > 0 && p < 100)).toBe(true);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const stored = await stack.db.agentRun.findFirstOrThrow({ where: { shop: SHOP, agent: "inventory-forecasting" } });
    expect(stored).toMatchObject({ status: "succeeded", progress: 100, trigger: "manual" });
    expect(await stack.db.auditLog.count({ where: { shop: SHOP, action: "agent.run" } })).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "agents-run.png"), fullPage: true });
    await page.close();
  });

  it("an alert a monitor run raises reaches the open Dashboard as a toast and a table row, without a reload", async () => {
    // Failed deliveries of one topic: the security monitor's webhook detector raises a warning.
    const now = Date.now();
    for (let i = 0; i < 10; i++) {
      const receivedAt = new Date(now - (60 + i) * 60_000);
      const failed = i < 3;
      await stack.db.webhookEvent.create({
        data: {
          webhookId: `e2e-alert-${i}`,
          shop: SHOP,
          topic: "products/update",
          status: failed ? "failed" : "processed",
          receivedAt,
          processedAt: failed ? null : receivedAt,
          error: failed ? "e2e: handler threw" : null,
        },
      });
    }
    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/app`, { waitUntil: "load" });
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await page.getByRole("heading", { name: "Open alerts" }).waitFor(); // the table, or its empty state
    await expect(page.getByText(/products\/update webhooks are failing/).count()).resolves.toBe(0);
    await page.evaluate(() => void ((window as unknown as { __samePage: boolean }).__samePage = true));

    // Started from outside the page (as the schedule would): the page only hears of it over the stream.
    const status = await page.evaluate(
      async () =>
        (
          await fetch("/api/agents/security-monitor/run", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: "{}",
          })
        ).status,
    );
    expect(status).toBe(202);
    await page.getByText(/^New warning alert: products\/update webhooks are failing/).waitFor({ timeout: 60_000 });
    await page
      .getByTestId("dashboard-alerts")
      .getByText(/products\/update webhooks are failing/)
      .waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    const stored = await stack.db.alert.findFirstOrThrow({ where: { shop: SHOP, kind: "webhook_failing" } });
    expect(stored.title).toMatch(/^products\/update webhooks are failing: 3 of 10 deliveries/);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-live-alert.png"), fullPage: true });
    await page.close();
  });

  it("an event published while the page was offline is replayed when it reconnects, not lost", async () => {
    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/app`, { waitUntil: "load" });
    const live = page.locator('[data-testid="live-status"][data-status="live"]');
    await live.waitFor({ timeout: 15_000 });
    await page.evaluate(() => void ((window as unknown as { __samePage: boolean }).__samePage = true));

    await page.context().setOffline(true);
    await page.locator('[data-testid="live-status"][data-status="offline"]').waitFor({ timeout: 10_000 });
    // While the browser is away, a run announces an alert (written to the shop's event log).
    const redis = createRedis(stack.redisUrl, { name: "e2e" });
    try {
      await new Promise((resolve) => redis.once("ready", resolve));
      await publishEvent(redis, SHOP, {
        type: "alert.raised",
        alertId: "e2e-replayed",
        kind: "risky_order",
        severity: "critical",
        title: "Order #9999 scored 97/100 fraud risk",
        runId: "e2e-run",
        agent: "security-monitor",
      });
    } finally {
      redis.disconnect();
    }
    await page.waitForTimeout(300);
    await expect(page.getByText(/Order #9999 scored 97\/100/).count()).resolves.toBe(0);

    await page.context().setOffline(false);
    await live.waitFor({ timeout: 15_000 });
    // Only a replay shows the toast: a reload of the page's data would not announce anything.
    await page.getByText(/^New critical alert: Order #9999 scored 97\/100 fraud risk/).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    await page.close();
  });
});
