// A loader's reads, done once per database version instead of once per request (ADR 0039); the
// memo itself is agents/db/version-memo.ts, shared with the read tools (ADR 0050).
import { VersionMemo } from "../agents/db/version-memo";

export { VersionMemo as LoaderMemo, isSharedAnswer, type Remembered } from "../agents/db/version-memo";

// Shopify's parameters on an embedded page's URL: signed anew on every load, read by no page's reads.
const SHOPIFY_PARAMS = new Set(["embedded", "hmac", "host", "id_token", "locale", "session", "shop", "timestamp"]);

/**
 * A page's memo key: the page, the shop, the mode and every other query parameter, in name order
 * (a page's reads may read any of them: a window, a worklist's filter and page, a focus). Complete
 * by construction: a parameter a page starts reading later is already part of its key.
 */
export function pageMemoKey(page: string, shop: string, mode: string, url: URL): string {
  const query = [...url.searchParams]
    .filter(([name]) => !SHOPIFY_PARAMS.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([page, shop, mode, query]);
}

declare global {
  var __royalEquipsLoaderMemo: VersionMemo | undefined;
}

/** The process's memo (one per process, like the database client). */
export const loaderMemo = (globalThis.__royalEquipsLoaderMemo ??= new VersionMemo());
