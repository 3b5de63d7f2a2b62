// Shopify's side of an embedded app, for browser tests of embedded mode: what the merchant's browser
// gets from Shopify, replaced at the network boundary (Shopify's servers are not reachable here).
// One HTTPS server (a throwaway self-signed certificate; Chromium's host resolver sends the names
// here and the context ignores certificate errors) answers three names:
// - admin.shopify.com: for /store/<store>/apps/<api key>/<path>?<query> the admin's page framing
//   <app URL>/<path>?<query> with shop, host, embedded=1 and a session token (id_token: an HS256
//   JWT signed with the app's API secret, 1 minute), as Shopify's admin does; and fresh session
//   tokens for the frame when it asks (postMessage), as the admin gives App Bridge;
// - cdn.shopify.com: a stand-in for the App Bridge script, doing the parts the app relies on:
//   the `shopify` global (idToken(), toast, config), the session token added to the app's own
//   fetch requests (App Bridge's authenticated fetch), and inert ui-nav-menu / ui-title-bar /
//   ui-modal / ui-save-bar elements;
// - the app's https URL: passed through to the built app's local port as is (redirects, streams).
import { execFileSync } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { chromiumPath, EMBEDDED_APP, SHOP } from "./support";

export const STORE = SHOP.replace(".myshopify.com", "");
const ADMIN = "admin.shopify.com";
const CDN = "cdn.shopify.com";

export interface ShopifyAdmin {
  browser: Browser;
  /** A merchant's browser: admin, CDN and app URL resolve to this server. */
  context: BrowserContext;
  /** The secret the admin signs session tokens with (tests may set another to forge them). */
  tokenSecret: string;
  /** Seconds the token in the frame's URL stays valid (Shopify's: 60; the library allows 10 more). */
  frameTokenSeconds: number;
  close(): Promise<void>;
}

/** A session token as Shopify's admin issues it to the app's frame. */
export function sessionToken(secret = EMBEDDED_APP.apiSecret, lifetimeSeconds = 60): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const body = `${part({ alg: "HS256", typ: "JWT" })}.${part({
    iss: `https://${SHOP}/admin`,
    dest: `https://${SHOP}`,
    aud: EMBEDDED_APP.apiKey,
    sub: "42",
    exp: now + lifetimeSeconds,
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
  })}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The admin's page around the app's frame; it hands the frame fresh session tokens on request. */
function adminPage(appUrl: string, url: URL, token: string): { status: number; body: string } {
  const match = /^\/store\/([a-z0-9-]+)\/apps\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!match || match[1] !== STORE || match[2] !== EMBEDDED_APP.apiKey)
    return { status: 404, body: "Not an app page of this store" };
  const framed = new URL(`${appUrl}${match[3] ?? "/"}${url.search}`);
  framed.searchParams.set("embedded", "1");
  framed.searchParams.set("host", Buffer.from(`${ADMIN}/store/${STORE}`).toString("base64url"));
  framed.searchParams.set("id_token", token);
  framed.searchParams.set("locale", "en");
  framed.searchParams.set("shop", SHOP);
  const appOrigin = JSON.stringify(new URL(appUrl).origin);
  return {
    status: 200,
    body: `<!doctype html><title>Shopify admin</title>
<iframe name="app-iframe" title="Royal Equips" src="${html(framed.href)}" style="width:100%;height:95vh;border:0"></iframe>
<script>
addEventListener("message", async (event) => {
  if (event.origin !== ${appOrigin} || event.data?.type !== "royal-test:id-token") return;
  const token = await (await fetch("/__session-token")).text();
  event.source.postMessage({ type: "royal-test:id-token", id: event.data.id, token }, event.origin);
});
</script>`,
  };
}

/** The stand-in for https://cdn.shopify.com/shopifycloud/app-bridge.js (see the file's header). */
const APP_BRIDGE = `(() => {
  const waiting = new Map();
  let next = 0;
  addEventListener("message", (event) => {
    if (event.origin !== "https://${ADMIN}" || event.data?.type !== "royal-test:id-token") return;
    waiting.get(event.data.id)?.(event.data.token);
    waiting.delete(event.data.id);
  });
  const idToken = () =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      parent.postMessage({ type: "royal-test:id-token", id }, "https://${ADMIN}");
    });
  const plainFetch = fetch.bind(window);
  window.fetch = async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return plainFetch(input, init);
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + (await idToken()));
    return plainFetch(input, { ...init, headers });
  };
  const script = document.currentScript;
  window.shopify = {
    idToken,
    config: { apiKey: script?.dataset.apiKey ?? "", host: new URLSearchParams(location.search).get("host") },
    environment: { embedded: true, mobile: false, pos: false },
    toast: { show() {}, hide() {} },
  };
  for (const name of ["ui-nav-menu", "ui-title-bar", "ui-modal", "ui-save-bar"])
    if (!customElements.get(name))
      customElements.define(name, class extends HTMLElement {
        show() { return Promise.resolve(); }
        hide() { return Promise.resolve(); }
        toggle() { return Promise.resolve(); }
      });
})();`;

/** Starts Shopify's side for the app at `appUrl` (https) served by the built app at `appBase`. */
export async function startShopifyAdmin(appUrl: string, appBase: string): Promise<ShopifyAdmin> {
  const appHost = new URL(appUrl).hostname;
  const dir = mkdtempSync(path.join(tmpdir(), "shopify-admin-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        `/CN=${appHost}`,
        "-addext",
        `subjectAltName=DNS:${appHost},DNS:${ADMIN},DNS:${CDN}`,
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`openssl is needed for the test's HTTPS certificate: ${String(error)}`);
  }
  const tls = { key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) };
  rmSync(dir, { recursive: true, force: true });

  const admin: ShopifyAdmin = { tokenSecret: EMBEDDED_APP.apiSecret, frameTokenSeconds: 60 } as ShopifyAdmin;
  const server = createHttpsServer(tls, (req, res) => {
    const host = (req.headers.host ?? "").split(":")[0];
    const url = new URL(req.url ?? "/", `https://${host}`);
    if (host === ADMIN) {
      if (url.pathname === "/__session-token")
        return void res.writeHead(200, { "Content-Type": "text/plain" }).end(sessionToken(admin.tokenSecret));
      const page = adminPage(appUrl, url, sessionToken(admin.tokenSecret, admin.frameTokenSeconds));
      return void res.writeHead(page.status, { "Content-Type": "text/html; charset=utf-8" }).end(page.body);
    }
    if (host === CDN && url.pathname === "/shopifycloud/app-bridge.js")
      return void res.writeHead(200, { "Content-Type": "text/javascript" }).end(APP_BRIDGE);
    if (host !== appHost) return void res.writeHead(404).end();
    const upstream = httpRequest(`${appBase}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const port = (server.address() as AddressInfo).port;

  admin.browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      // Playwright's own list minus ThirdPartyStoragePartitioning (the last --disable-features
      // counts): Chrome partitions a third-party frame's storage; without partitioning this
      // Chromium refuses sessionStorage to the admin's frame, which Remix reads on every page.
      "--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,AvoidCorsURLLoaderRestartOnRedirect",
      `--host-resolver-rules=MAP ${appHost} 127.0.0.1:${port}, MAP ${ADMIN} 127.0.0.1:${port}, MAP ${CDN} 127.0.0.1:${port}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`,
    ],
  });
  admin.context = await admin.browser.newContext({
    ignoreHTTPSErrors: true,
    // A merchant's browser: Shopify's library answers "HeadlessChrome" (a bot to it) 410 Gone.
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${admin.browser.version()} Safari/537.36`,
  });
  admin.close = async () => {
    await admin.browser.close();
    server.close();
  };
  return admin;
}
