// A newcomer's first hour in the browser (issue #26): toasts that arrive together are shown one at a
// time, in order, none hidden behind another; Customer Support works from its page (open, assign,
// reply with the draft, escalate, close) through the support tools; Deny asks for a reason and
// cancelling a purchase order asks to confirm, and both are recorded.
import path from "node:path";
import type { Page } from "playwright-core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../agents/infra/redis";
import { publishEvent } from "../../agents/runtime/events";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { toolRegistry } from "../../agents/tools";
import { ARTIFACTS, SHOP, TOKEN, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** Opens a page and waits until React has hydrated it (the live badge connects only from the browser's code). */
async function open(page: Page, url: string) {
  await page.goto(`${stack.baseUrl}${url}`, { waitUntil: "load" });
  await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
}

const toasts = (page: Page) => page.locator(".Polaris-Frame-Toast");

describe("toasts", () => {
  it("news arriving together is queued: one toast at a time, each shown in turn, none behind another", async () => {
    const page = await stack.browser.newPage();
    await open(page, "/app");
    // Every toast text the page shows, and the most shown at once.
    await page.evaluate(() => {
      const w = window as unknown as { __toasts: string[]; __most: number };
      w.__toasts = [];
      w.__most = 0;
      new MutationObserver(() => {
        const shown = [...document.querySelectorAll(".Polaris-Frame-Toast")].map((t) => t.textContent?.trim() ?? "");
        w.__most = Math.max(w.__most, shown.length);
        for (const text of shown) if (!w.__toasts.includes(text)) w.__toasts.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const redis = createRedis(stack.redisUrl, { name: "e2e-toasts" });
    try {
      await new Promise((resolve) => redis.once("ready", resolve));
      for (const [i, title] of [
        "Order #9001 scored 91/100 fraud risk",
        "Order #9002 scored 95/100 fraud risk",
      ].entries())
        await publishEvent(redis, SHOP, {
          type: "alert.raised",
          alertId: `e2e-toast-${i}`,
          kind: "risky_order",
          severity: "critical",
          title,
          runId: "e2e-run",
          agent: "security-monitor",
        });
    } finally {
      redis.disconnect();
    }
    await page.getByText(/Order #9001 scored 91\/100/).waitFor({ timeout: 15_000 });
    expect(await toasts(page).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "toasts-queued.png") });
    // The second follows once the first has had its turn (a few seconds while others wait).
    await page.getByText(/Order #9002 scored 95\/100/).waitFor({ timeout: 15_000 });
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __toasts: string[]; __most: number };
      return { most: w.__most, toasts: w.__toasts };
    });
    expect(seen.most).toBe(1);
    expect(seen.toasts.map((t) => t.match(/#900\d/)?.[0])).toEqual(["#9001", "#9002"]);
    await page.close();
  });
});

describe("customer support from its page", () => {
  it("opens a ticket, assigns it, replies with the draft, escalates and closes it; the figures follow", async () => {
    const order = await stack.db.mirrorOrder.findFirstOrThrow({
      where: { shop: SHOP },
      orderBy: { createdAt: "desc" },
    });
    await stack.db.supportTicket.deleteMany({ where: { shop: SHOP } });
    const page = await stack.browser.newPage();
    await open(page, "/app/support");
    // No tickets: the empty state says how they arrive.
    await page.getByText(/Tickets arrive when you open one here with New ticket/).waitFor();
    await expect(page.getByTestId("metric-Open tickets").textContent()).resolves.toBe("0");

    await page.getByRole("button", { name: "New ticket" }).click();
    const form = page.getByTestId("new-ticket");
    await form.getByLabel("Subject").fill("Parcel not arrived");
    await form.getByLabel("Customer email").fill("jo@example.com");
    await form.getByLabel("Order number").fill(order.name);
    await form.getByLabel("The customer's message").fill("Where is my parcel? It has been ten days.");
    await form.getByRole("button", { name: "Open ticket" }).click();
    await page.getByText("Ticket “Parcel not arrived” opened.").waitFor();
    const ticket = page.getByTestId("ticket").filter({ hasText: "Parcel not arrived" });
    await ticket.waitFor();
    await expect(page.getByTestId("metric-Open tickets").textContent()).resolves.toBe("1");
    const stored = await stack.db.supportTicket.findFirstOrThrow({
      where: { shop: SHOP, subject: "Parcel not arrived" },
    });
    expect(stored).toMatchObject({ email: "jo@example.com", orderId: order.id, status: "open" });

    await ticket.getByRole("button", { name: "Parcel not arrived" }).click();
    await ticket.getByText("Where is my parcel? It has been ten days.").waitFor();
    await ticket.getByLabel("Assigned to").fill("Sam");
    await ticket.getByRole("button", { name: "Assign", exact: true }).click();
    await page.getByText("Assigned to Sam.").waitFor();
    await ticket.getByText(/assigned to Sam/).waitFor();

    // The draft is written from the order's facts; the merchant edits it and records it as sent.
    await ticket.getByRole("button", { name: "Reply with a draft" }).click();
    const reply = ticket.getByTestId("reply-form").getByLabel("Reply to the customer");
    await ticket.getByTestId("reply-form").waitFor();
    const draft = await reply.inputValue();
    expect(draft).toContain(order.name);
    await reply.fill(`${draft}\n\nSam`);
    await ticket.getByRole("button", { name: "Record reply" }).click();
    try {
      await page.getByText("Reply recorded on the ticket.").waitFor();
    } catch (error) {
      await page.screenshot({ path: path.join(ARTIFACTS, "support-reply-failed.png"), fullPage: true });
      const row = await stack.db.supportTicket.findUnique({ where: { id: stored.id }, include: { replies: true } });
      throw new Error(`${(error as Error).message}\nticket: ${JSON.stringify(row)}`);
    }

    // Answered: waiting for the customer now, under its own filter.
    await open(page, "/app/support?status=pending");
    const pending = page.getByTestId("ticket").filter({ hasText: "Parcel not arrived" });
    await pending.getByRole("button", { name: "Parcel not arrived" }).click();
    await pending.getByText(/Reply recorded/).waitFor();
    await pending.getByRole("button", { name: "Escalate" }).click();
    await page.getByText("Escalated: the ticket is now urgent.").waitFor();
    await pending.getByText("Escalated", { exact: true }).waitFor();
    await pending.getByRole("button", { name: "Close", exact: true }).click();
    await page.getByText("Ticket closed.").waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "support-ticket.png"), fullPage: true });

    const final = await stack.db.supportTicket.findUniqueOrThrow({
      where: { id: stored.id },
      include: { replies: true },
    });
    expect(final).toMatchObject({ status: "closed", assignee: "Sam", escalated: true, priority: "urgent" });
    expect(final.firstResponseAt).not.toBeNull();
    expect(final.resolvedAt).not.toBeNull();
    expect(final.replies).toEqual([
      expect.objectContaining({ body: `${draft}\n\nSam`, author: expect.stringMatching(/^merchant:/) }),
    ]);
    // Each change went through the support tools in the merchant's name.
    const audited = await stack.db.auditLog.findMany({
      where: { shop: SHOP, action: { in: ["tool.create_support_ticket", "tool.update_support_ticket"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audited.map((a) => a.action)).toEqual([
      "tool.create_support_ticket",
      "tool.update_support_ticket",
      "tool.update_support_ticket",
      "tool.update_support_ticket",
      "tool.update_support_ticket",
    ]);
    expect(audited.every((a) => a.actor.startsWith("merchant:") && !a.read)).toBe(true);
    await page.close();
  });
});

describe("decisions that ask first", () => {
  it("Deny on the AIRA page asks why and records the reason", async () => {
    const variant = await stack.db.mirrorVariant.findFirstOrThrow({
      where: { shop: SHOP, sku: { not: null } },
      orderBy: { price: "asc" },
    });
    const ctx = {
      shop: SHOP,
      db: stack.db,
      admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: stack.emulator.url }),
      logger: pino({ level: "silent" }),
      actor: { kind: "mcp" as const, id: "e2e", scope: "write" as const },
      now: () => new Date(),
    };
    const proposed = await toolRegistry.call(ctx, "propose_price_change", {
      changes: [{ sku: variant.sku, price: Math.round(variant.price * 1.05 * 100) / 100 }],
      reason: "e2e deny",
    });
    expect(proposed).toMatchObject({ ok: true, data: { status: "pending" } });
    const actionId = (proposed as { data: { actionId: string } }).data.actionId;

    const page = await stack.browser.newPage();
    await open(page, "/app/aira");
    const card = page.getByTestId("pending-action").filter({ hasText: variant.sku! });
    await card.getByRole("button", { name: "Deny" }).click();
    // Nothing is decided on the first click: a reason is asked for, and Deny change waits for one.
    const confirm = card.getByRole("button", { name: "Deny change" });
    expect(await confirm.isDisabled()).toBe(true);
    expect((await stack.db.action.findUniqueOrThrow({ where: { id: actionId } })).status).toBe("pending");
    await card.getByLabel("Why do you deny it?").fill("Too close to the sale");
    await confirm.click();
    await page.getByTestId("decided-action").filter({ hasText: "denied" }).first().waitFor();
    expect(await stack.db.action.findUniqueOrThrow({ where: { id: actionId } })).toMatchObject({
      status: "denied",
      error: "Too close to the sale",
    });
    const audit = await stack.db.auditLog.findFirstOrThrow({ where: { shop: SHOP, action: "action.deny" } });
    expect(audit.input).toMatchObject({ actionId, note: "Too close to the sale" });
    await page.close();
  });

  it("Cancel order on a purchase order asks to confirm; Keep it changes nothing", async () => {
    const po = await stack.db.purchaseOrder.create({
      data: {
        shop: SHOP,
        number: 900,
        vendor: "E2E Supplies",
        status: "ordered",
        orderedAt: new Date(),
        createdBy: "e2e",
      },
    });
    const page = await stack.browser.newPage();
    await open(page, `/app/purchase-orders/${po.id}`);
    await page.getByRole("button", { name: "Cancel order" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(/E2E Supplies is not told/).waitFor();
    await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    expect((await stack.db.purchaseOrder.findUniqueOrThrow({ where: { id: po.id } })).status).toBe("ordered");

    await page.getByRole("button", { name: "Cancel order" }).click();
    // The dialog is open (its text shown) before its button is pressed: a click during the opening
    // transition can be lost on a busy machine.
    await page
      .getByRole("dialog")
      .getByText(/E2E Supplies is not told/)
      .waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel order" }).click();
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    for (let i = 0; i < 50; i++) {
      if ((await stack.db.purchaseOrder.findUniqueOrThrow({ where: { id: po.id } })).status === "cancelled") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await stack.db.purchaseOrder.findUniqueOrThrow({ where: { id: po.id } })).status).toBe("cancelled");
    expect(await stack.db.auditLog.count({ where: { shop: SHOP, action: "purchase_order.cancelled" } })).toBe(1);
    await page.close();
  });
});
