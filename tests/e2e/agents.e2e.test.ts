// Running an agent from the Agents page: the job goes through BullMQ to the worker process, and
// the page follows its progress live (Server-Sent Events) to completion.
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

describe("agents page", () => {
  it("Run now on an agent shows its run progressing to succeeded without a reload", async () => {
    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/app/agents`, { waitUntil: "networkidle" });
    await expect(page.getByTestId("agent-inventory-forecasting").textContent()).resolves.toBe("Inventory forecasting");
    await page.getByRole("button", { name: "Run inventory-forecasting now" }).click();
    const run = page.getByTestId("agent-run").filter({ hasText: "inventory-forecasting" }).first();
    try {
      await run.getByText("succeeded", { exact: true }).first().waitFor({ timeout: 60_000 });
    } catch (error) {
      await page.screenshot({ path: path.join(ARTIFACTS, "agents-run-failed.png"), fullPage: true });
      const runs = await stack.db.agentRun.findMany({ where: { shop: SHOP } });
      throw new Error(`${(error as Error).message}\nruns: ${JSON.stringify(runs.map((r) => [r.agent, r.status, r.progress, r.error]))}`);
    }
    const stored = await stack.db.agentRun.findFirstOrThrow({ where: { shop: SHOP, agent: "inventory-forecasting" } });
    expect(stored).toMatchObject({ status: "succeeded", progress: 100, trigger: "manual" });
    expect(await stack.db.auditLog.count({ where: { shop: SHOP, action: "agent.run" } })).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "agents-run.png"), fullPage: true });
    await page.close();
  });
});
