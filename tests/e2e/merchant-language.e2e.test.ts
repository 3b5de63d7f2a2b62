// Merchant pages speak the merchant's language, checked in Chromium on the local stack: no page but
// Agent Orchestration shows a tool name from the registry, a cron pattern, a forecasting model id
// or operator jargon (p95, circuit states, P(alive), "Default Title"). An applied price change shows
// how it did beside its Revert button; Settings refuses bad input field by field and saves nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTools } from "../../agents/tools";
import { MODEL_IDS } from "../../app/components/merchant-words";
import { MODULES } from "../../app/modules";
import { DAY_MS } from "../../agents/core/time";
import { SHOP, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
  // An applied price change from ten days ago on the best-selling variant: the AIRA page shows its outcome.
  const [top] = await stack.db.mirrorLineItem.groupBy({
    by: ["variantId"],
    where: { shop: SHOP, variantId: { not: null } },
    _sum: { quantity: true },
    orderBy: { _sum: { quantity: "desc" } },
    take: 1,
  });
  const variant = await stack.db.mirrorVariant.findFirstOrThrow({ where: { shop: SHOP, id: top.variantId! } });
  await stack.db.action.create({
    data: {
      shop: SHOP,
      kind: "price.update",
      tool: "propose_price_change",
      summary: "Change 1 price(s): e2e outcome",
      before: {
        variants: [{ variantId: variant.id, productId: variant.productId, sku: variant.sku, price: variant.price }],
      },
      after: {
        variants: [{ variantId: variant.id, productId: variant.productId, sku: variant.sku, price: variant.price + 1 }],
      },
      status: "applied",
      proposedBy: "schedule:pricing-optimizer",
      appliedAt: new Date(Date.now() - 10 * DAY_MS),
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

const TOOL_NAMES = allTools.map((t) => t.name);
const CRON = /(?:^|\s)(?:\*|\d{1,2})(?:\/\d+)? (?:\*|\d{1,2}) (?:\*|\d{1,2}) (?:\*|\d{1,2}) (?:\*|[\d,-]+)(?=\s|$)/;
const JARGON = [/\bp95\b/i, /\bcircuit\b/i, /P\(alive\)/, /Default Title/, /\bhalf[-_ ]?open\b/i];

/** Everything a merchant can read on the page (not attributes, not scripts). */
async function visibleText(path: string): Promise<string> {
  const page = await stack.browser.newPage();
  try {
    await page.goto(`${stack.baseUrl}${path}`, { waitUntil: "load" });
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    // Deferred sections stream in after the first paint.
    await page.waitForTimeout(1_500);
    return await page.evaluate(() => document.body.innerText);
  } finally {
    await page.close();
  }
}

function problems(text: string): string[] {
  const found: string[] = [];
  const words = new Set(text.match(/\b[a-z]+_[a-z0-9_]+\b/g) ?? []);
  for (const name of TOOL_NAMES) if (words.has(name)) found.push(`tool name ${name}`);
  for (const model of MODEL_IDS) if (words.has(model)) found.push(`model id ${model}`);
  const cron = CRON.exec(text);
  if (cron) found.push(`cron pattern "${cron[0].trim()}"`);
  for (const jargon of JARGON) if (jargon.test(text)) found.push(`jargon ${jargon}`);
  return found;
}

describe("merchant pages speak the merchant's language", () => {
  const merchantPages = [
    ...MODULES.map((m) => m.path).filter((p) => p !== "/app/orchestration"),
    ...MODULES.flatMap((m) => (m.pages ?? []).map((p) => p.path)),
    "/app/settings/mcp",
  ];

  for (const path of merchantPages)
    it(`${path}: no tool names, cron patterns, model ids or operator jargon`, async () => {
      expect(problems(await visibleText(path))).toEqual([]);
    });

  it("the scan catches them: Agent Orchestration, for operators, shows cron patterns", async () => {
    const text = await visibleText("/app/orchestration");
    expect(text).toContain("For operators");
    expect(problems(text).some((p) => p.startsWith("cron pattern"))).toBe(true);
  });
});

describe("outcomes and settings in the browser", () => {
  it("an applied price change shows how it did beside its Revert button", async () => {
    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/app/aira`, { waitUntil: "load" });
    const decided = page.getByTestId("decided-action").filter({ hasText: "e2e outcome" });
    const outcome = decided.getByTestId("change-outcome");
    await outcome.waitFor();
    const text = (await outcome.textContent()) ?? "";
    expect(text).toMatch(/Before \(10 days of data\): [\d.]+ sold, \D*[\d,.]+ revenue/);
    expect(text).toMatch(/After \(10 days of data\)/);
    await decided.getByRole("button", { name: "Revert" }).waitFor();
    await page.close();
  });

  it("Settings: bad input gets a message per field and nothing is saved; good input is saved", async () => {
    const page = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/app/settings`, { waitUntil: "load" });
    await page.getByLabel("Margin floor").fill("abc");
    await page.getByLabel("Hold orders from this risk score").fill("250");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Enter the margin floor as a percentage, e.g. 20.").waitFor();
    await page.getByText("Nothing was saved: please correct the fields marked below.").waitFor();
    expect((await stack.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).settings).toBeNull();

    await page.getByLabel("Margin floor").fill("25");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("The hold score must be between 1 and 100.").waitFor();
    expect((await stack.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).settings).toBeNull();

    await page.getByLabel("Hold orders from this risk score").fill("45");
    await page.getByLabel(/^Product research/).uncheck();
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText(/^Settings saved\./).waitFor();
    const settings = (await stack.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).settings as Record<
      string,
      unknown
    >;
    expect(settings).toMatchObject({
      marginFloor: 0.25,
      fraudHoldAt: 45,
      schedules: { "product-research": false, "inventory-forecasting": true },
    });
    await expect(
      page.locator("#AppFrameMain").getByRole("link", { name: "Vendors" }).getAttribute("href"),
    ).resolves.toBe("/app/settings/vendors");
    // The page's own link (the navigation has one too, under Settings).
    await expect(
      page.locator("#AppFrameMain").getByRole("link", { name: "MCP clients" }).getAttribute("href"),
    ).resolves.toBe("/app/settings/mcp");
    await page.close();
  });
});
