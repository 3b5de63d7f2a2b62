// Preloaded (`node --import`) into the production web and worker processes of the scale-out run
// (bench/scale-out.ts): it plays DNS for Shopify. Requests to https://<shop>.myshopify.com/... go
// to the emulators' router at SCALEOUT_SHOPIFY_ROUTER/<shop>/... instead; nothing else changes.
// It must run before @shopify/shopify-api captures globalThis.fetch, hence a preload and not code
// in the app. Plain JavaScript: production runs plain node, without the tsx loader.
const router = process.env.SCALEOUT_SHOPIFY_ROUTER;
if (!router) throw new Error("shopify-dns.mjs: SCALEOUT_SHOPIFY_ROUTER is not set");
const shopOrigin = /^https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)(\/.*)?$/i;
const realFetch = globalThis.fetch;

globalThis.fetch = function fetchThroughEmulators(input, init) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const match = shopOrigin.exec(url);
  if (!match) return realFetch(input, init);
  const target = `${router}/${match[1]}${match[2] ?? "/"}`;
  if (typeof input === "string" || input instanceof URL) return realFetch(target, init);
  return realFetch(new Request(target, input), init);
};
