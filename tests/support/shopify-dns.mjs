// Preloaded (`node --import`) into the built web and worker processes of embedded-mode browser
// tests (tests/e2e/support.ts): it plays DNS for Shopify. Requests to
// https://<shop>.myshopify.com/... go to the emulator at SHOPIFY_DNS_EMULATOR instead, path and all;
// nothing else changes. It must run before @shopify/shopify-api captures globalThis.fetch, hence a
// preload and not code in the app. Plain JavaScript: the built app runs on plain node.
const emulator = process.env.SHOPIFY_DNS_EMULATOR;
if (!emulator) throw new Error("shopify-dns.mjs: SHOPIFY_DNS_EMULATOR is not set");
const shopOrigin = /^https:\/\/[a-z0-9][a-z0-9-]*\.myshopify\.com(\/.*)?$/i;
const realFetch = globalThis.fetch;

globalThis.fetch = function fetchThroughEmulator(input, init) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const match = shopOrigin.exec(url);
  if (!match) return realFetch(input, init);
  const target = `${emulator}${match[1] ?? "/"}`;
  if (typeof input === "string" || input instanceof URL) return realFetch(target, init);
  return realFetch(new Request(target, input), init);
};
