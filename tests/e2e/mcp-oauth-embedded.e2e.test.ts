// MCP sign-in when the app runs embedded in Shopify's admin (ADR 0021), in headless Chromium, with
// the MCP SDK's own client. The app runs as deployed for Shopify (not local mode) at its https app
// URL, installed in the emulated store; Shopify's admin, its session tokens and App Bridge are
// replaced at the network boundary (tests/e2e/shopify-admin.ts). The assistant's sign-in link
// leads to /connect, where the merchant names the store; the consent page then opens inside that
// store's admin and knows the shop from Shopify's session token; Allow sends the whole window (not
// the admin's frame) to the assistant's callback; the SDK client exchanges the code and lists and
// calls tools. A session token not signed with the app's secret never shows the consent page.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryOAuthClient } from "../../mcp/testing/oauth-client";
import { startShopifyAdmin, STORE, type ShopifyAdmin } from "./shopify-admin";
import { EMBEDDED_APP, SHOP, startLocalStack, type LocalStack } from "./support";

const APP_URL = "https://royal-equips-e2e.example";
let stack: LocalStack;
let shopify: ShopifyAdmin;
let callback: Server;
let callbackUrl: string;

/** The SDK client reaches the app URL at the built app's local port (DNS, for Node). */
const appFetch: FetchLike = (url, init) => fetch(String(url).replace(APP_URL, stack.baseUrl), init);

beforeAll(async () => {
  stack = await startLocalStack({ ownRedis: true, embedded: { appUrl: APP_URL } });
  shopify = await startShopifyAdmin(APP_URL, stack.baseUrl);
  // The assistant's own callback page (what mcp-remote or Claude would serve).
  callback = createServer((_req, res) => void res.writeHead(200, { "Content-Type": "text/plain" }).end("signed in"));
  callback.listen(0, "127.0.0.1");
  await new Promise((resolve) => callback.once("listening", resolve));
  callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
}, 240_000);

afterAll(async () => {
  callback?.close();
  await shopify?.close();
  await stack?.stop();
});

/** The SDK client's first step: registration, PKCE, and the address it sends the merchant to. */
async function startSignIn() {
  const client = new MemoryOAuthClient(callbackUrl, { client_name: "Embedded Test Assistant" });
  expect(await auth(client, { serverUrl: `${APP_URL}/mcp`, fetchFn: appFetch })).toBe("REDIRECT");
  const authorizeUrl = client.authorizationUrl!;
  expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${APP_URL}/authorize`);
  expect(authorizeUrl.searchParams.get("resource")).toBe(`${APP_URL}/mcp`);
  return client;
}

/** From the assistant's link to the consent page inside the store's admin. */
async function openConsent(page: Page, client: MemoryOAuthClient) {
  await page.goto(client.authorizationUrl!.href);
  await page.getByRole("heading", { name: "Connect Embedded Test Assistant to your store" }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/connect");
  await page.getByLabel("Store address").fill(STORE);
  await Promise.all([
    page.waitForURL(/^https:\/\/admin\.shopify\.com\//),
    page.getByRole("button", { name: "Continue in Shopify" }).click(),
  ]);
  expect(new URL(page.url()).pathname).toBe(`/store/${STORE}/apps/${EMBEDDED_APP.apiKey}/app/authorize`);
  return page.frameLocator('iframe[name="app-iframe"]');
}

describe("OAuth sign-in with the consent page inside Shopify's admin", () => {
  it("asks for the store, signs in with the session token, returns to the assistant; the SDK client lists and calls tools", async () => {
    const client = await startSignIn();
    const page = await shopify.context.newPage();
    const app = await openConsent(page, client);
    await app.getByRole("heading", { name: "Allow Embedded Test Assistant to use your store?" }).waitFor();
    // The store is the one Shopify's session token names.
    await expect(app.getByText(/asks to use/).textContent()).resolves.toContain(SHOP);
    await expect(app.getByLabel("Read only: reports and analyses").isChecked()).resolves.toBe(true);
    // Allow: the whole window (not the admin's frame) goes to the assistant's callback with a code.
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(callbackUrl)),
      app.getByRole("button", { name: "Allow" }).click(),
    ]);
    const back = new URL(page.url());
    expect(back.searchParams.get("state")).toBe("state-123");
    const code = back.searchParams.get("code");
    expect(code).toMatch(/^rqc_/);
    await expect(page.textContent("body")).resolves.toBe("signed in");
    await page.close();

    // The grant is the embedded session's: this shop, read-only, for the app URL's /mcp.
    const grants = await stack.db.mcpGrant.findMany({ where: { shop: SHOP } });
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ scope: "read", autoApprove: false, resource: `${APP_URL}/mcp` });

    // The SDK client exchanges the code (PKCE) and uses the tokens over Streamable HTTP.
    expect(await auth(client, { serverUrl: `${APP_URL}/mcp`, authorizationCode: code!, fetchFn: appFetch })).toBe(
      "AUTHORIZED",
    );
    const mcp = new Client({ name: "embedded-e2e", version: "1.0.0" });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL(`${APP_URL}/mcp`), { authProvider: client, fetch: appFetch }),
    );
    try {
      const names = (await mcp.listTools()).tools.map((t) => t.name);
      expect(names).toContain("get_shop_overview");
      // Read-only access: no store-change tools.
      expect(names).not.toContain("propose_price_change");
      const overview = await mcp.callTool({ name: "get_shop_overview", arguments: { days: 30 } });
      expect(overview.isError).toBeFalsy();
      expect((overview.structuredContent as { shop: string }).shop).toBe(SHOP);
    } finally {
      await mcp.close();
    }
  }, 240_000);

  it("Allow still works after the frame's session token expired: the post takes a fresh one from App Bridge", async () => {
    const client = await startSignIn();
    const page = await shopify.context.newPage();
    // The frame's token expires 5 s from now (the library tolerates 10 s of clock skew).
    shopify.frameTokenSeconds = -5;
    try {
      const app = await openConsent(page, client);
      await app.getByRole("heading", { name: "Allow Embedded Test Assistant to use your store?" }).waitFor();
      await page.waitForTimeout(6_000);
      await Promise.all([
        page.waitForURL((url) => url.href.startsWith(callbackUrl), { timeout: 30_000 }),
        app.getByRole("button", { name: "Allow" }).click(),
      ]);
      expect(new URL(page.url()).searchParams.get("code")).toMatch(/^rqc_/);
    } finally {
      shopify.frameTokenSeconds = 60;
      await page.close();
    }
  }, 120_000);

  it("a session token not signed with the app's secret never shows the consent page", async () => {
    const client = await startSignIn();
    const page = await shopify.context.newPage();
    shopify.tokenSecret = "not-the-apps-secret";
    try {
      const app = await openConsent(page, client);
      // The app sends the frame to Shopify's session-token page (where App Bridge would retry).
      await expect
        .poll(
          () =>
            page
              .frames()
              .find((f) => f.name() === "app-iframe")
              ?.url() ?? "",
          { timeout: 30_000 },
        )
        .toContain("/auth/session-token");
      await expect(app.getByRole("heading", { name: /^Allow / }).count()).resolves.toBe(0);
    } finally {
      shopify.tokenSecret = EMBEDDED_APP.apiSecret;
      await page.close();
    }
    expect(await stack.db.mcpGrant.count({ where: { shop: SHOP, clientId: client.info!.client_id } })).toBe(0);
  }, 120_000);
});
