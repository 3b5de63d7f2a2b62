import type { EntryContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import { DocumentCache, documentKey } from "./document-cache.server";

/** The parts of Remix's entry context that documentKey reads. */
function context(
  options: {
    loaderData?: Record<string, unknown>;
    optIn?: string[];
    search?: string;
    actionData?: unknown;
    errors?: unknown;
  } = {},
): EntryContext {
  const ids = ["root", "routes/app", "routes/app._index"];
  const optIn = options.optIn ?? ids;
  return {
    staticHandlerContext: {
      matches: ids.map((id) => ({ route: { id } })),
      loaderData: options.loaderData ?? { "routes/app": { shop: "a.myshopify.com" }, "routes/app._index": { n: 1 } },
      actionData: options.actionData ?? null,
      errors: options.errors ?? null,
      location: { pathname: "/app", search: options.search ?? "", hash: "" },
    },
    routeModules: Object.fromEntries(ids.map((id) => [id, { handle: { documentCache: optIn.includes(id) } }])),
  } as unknown as EntryContext;
}
const get = new Request("http://localhost/app");
const key = (ctx: EntryContext, status = 200, request = get) => documentKey(request, ctx, status);

describe("documentKey", () => {
  it("is the same for the same URL, status and loader data, and differs when any of them does", () => {
    const base = key(context());
    expect(base).toEqual(expect.any(String));
    expect(key(context())).toBe(base);
    expect(key(context(), 404)).not.toBe(base);
    expect(key(context({ search: "?from=2026-11-01&to=2026-11-30" }))).not.toBe(base);
    expect(
      key(context({ loaderData: { "routes/app": { shop: "a.myshopify.com" }, "routes/app._index": { n: 2 } } })),
    ).not.toBe(base);
    expect(
      key(context({ loaderData: { "routes/app": { shop: "b.myshopify.com" }, "routes/app._index": { n: 1 } } })),
    ).not.toBe(base);
  });

  it("tells apart values that JSON alone would merge", () => {
    const at = new Date("2026-12-07T00:00:00.000Z");
    const data = (value: unknown) => context({ loaderData: { "routes/app._index": { value } } });
    expect(key(data(at))).not.toBe(key(data(at.toISOString())));
    expect(key(data(undefined))).not.toBe(key(context({ loaderData: { "routes/app._index": {} } })));
    expect(key(data(new Map([["a", 1]])))).not.toBe(key(data({})));
    expect(key(data(new Set([1])))).not.toBe(key(data(new Set([2]))));
    expect(key(data(10n))).not.toBe(key(data("10")));
  });

  it("caches nothing that is not a plain GET of opted-in routes with plain data", () => {
    expect(key(context(), 200, new Request("http://localhost/app", { method: "POST" }))).toBeNull();
    expect(key(context({ optIn: ["root", "routes/app"] }))).toBeNull();
    expect(key(context({ actionData: { "routes/app._index": { ok: true } } }))).toBeNull();
    expect(key(context({ errors: { "routes/app._index": new Error("x") } }))).toBeNull();
    // Deferred data (a promise) or a function is not data.
    expect(key(context({ loaderData: { "routes/app._index": { later: Promise.resolve(1) } } }))).toBeNull();
    expect(key(context({ loaderData: { "routes/app._index": { f: () => 1 } } }))).toBeNull();
    // Shopify admin's single-use signed URLs.
    expect(key(context({ search: "?embedded=1&id_token=abc" }))).toBeNull();
    expect(key(context({ search: "?hmac=abc&shop=a.myshopify.com" }))).toBeNull();
  });
});

describe("DocumentCache", () => {
  it("returns what was stored and counts hits and misses", () => {
    const cache = new DocumentCache();
    expect(cache.get("a")).toBeUndefined();
    cache.set("a", { html: "<p>a</p>", status: 200 });
    expect(cache.get("a")).toEqual({ body: Buffer.from("<p>a</p>"), status: 200 });
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it("drops the least recently used entry past its entry bound", () => {
    const cache = new DocumentCache(2);
    cache.set("a", { html: "a", status: 200 });
    cache.set("b", { html: "b", status: 200 });
    cache.get("a"); // b is now the least recently used
    cache.set("c", { html: "c", status: 200 });
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.body.toString()).toBe("a");
    expect(cache.get("c")?.body.toString()).toBe("c");
    expect(cache.size).toBe(2);
  });

  it("stays within its byte bound and refuses a document larger than it", () => {
    const cache = new DocumentCache(100, 25); // bytes of UTF-8
    cache.set("a", { html: "x".repeat(10), status: 200 });
    cache.set("b", { html: "y".repeat(10), status: 200 });
    cache.set("c", { html: "z".repeat(10), status: 200 });
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.set("big", { html: "w".repeat(26), status: 200 });
    expect(cache.get("big")).toBeUndefined();
    expect(cache.get("c")?.body.toString()).toBe("z".repeat(10));
  });

  it("gzips a document once and counts it against the byte bound", () => {
    const cache = new DocumentCache(100, 10_000);
    const html = "<p>Revenue, Nov 6 – Dec 5</p>".repeat(100);
    cache.set("a", { html, status: 200 });
    const gzip = cache.gzipped("a")!;
    expect(gunzipSync(gzip).toString()).toBe(html);
    expect(cache.gzipped("a")).toBe(gzip); // kept, not made again
    expect(cache.gzipped("missing")).toBeUndefined();
    // A second document whose bytes and the first's gzip pass the bound pushes the first out.
    cache.set("b", { html: "b".repeat(10_000 - gzip.length - Buffer.byteLength(html) + 1), status: 200 });
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBeDefined();
  });
});
