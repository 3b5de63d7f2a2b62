// Rendered documents, remembered by what they were rendered from (docs/decisions/0034-document-render-memo.md).
//
// Server-side rendering (React + Polaris) is most of a page's CPU, while a page's loaders are a few
// milliseconds. A document is a pure function of its URL, its status and its routes' loader data
// (for the routes that opt in, below): when a request's loaders return exactly the data an earlier
// render was made from, that render's HTML is the answer, and rendering it again would produce the
// same bytes. The loaders still run on every request, so nothing can be stale: a change in the
// store changes the data, hence the key, hence the document. There is nothing to invalidate.
//
// A route opts in with `export const handle = { documentCache: true }` once its component (and
// everything it renders on the server) reads nothing but its loader data and the URL: no clock, no
// randomness, no cookies or headers. A document is cached only when every matched route opted in,
// the request is a GET, no action ran, no route errored and no loader returned deferred data.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { EntryContext } from "@remix-run/node";
import { isSharedAnswer } from "./loader-memo.server";

/** What a route exports (as `handle`) to have its documents remembered. */
export interface DocumentCacheHandle {
  documentCache?: boolean;
}

export interface CachedDocument {
  /** The HTML as UTF-8, as it is sent (encoding a 50 kB string again for every answer costs CPU). */
  body: Buffer;
  status: number;
  /** The body gzipped, made on the first answer to a client that accepts gzip. */
  gzip?: Buffer;
}

/** Marks data that is not plain values (a deferred promise, a function): such a document is not cached. */
class NotCacheable extends Error {}

/**
 * JSON of the loader data that tells apart what JSON alone would not and Remix's data transfer
 * keeps (a Date from its ISO text, undefined from missing, Map, Set, BigInt); throws NotCacheable on
 * anything that is not data.
 */
function canonicalData(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = key === "" ? value : this[key];
    if (raw instanceof Date) return { $date: Number.isNaN(raw.getTime()) ? null : raw.toISOString() };
    if (raw === undefined) return { $undefined: true };
    if (typeof raw === "bigint") return { $bigint: raw.toString() };
    if (raw instanceof Map) return { $map: [...raw.entries()] };
    if (raw instanceof Set) return { $set: [...raw.values()] };
    if (typeof raw === "function" || typeof raw === "symbol") throw new NotCacheable();
    if (raw !== null && typeof raw === "object" && typeof (raw as { then?: unknown }).then === "function")
      throw new NotCacheable();
    return v;
  });
}

/**
 * Canonical JSON of loader data, remembered by object for the answers the loader memo shares
 * (app/loader-memo.server.ts): such an answer is the same deep-frozen object on every request until
 * the database changes, so its JSON cannot change either.
 */
const canonicalOfShared = new WeakMap<object, string>();

function canonicalOf(data: unknown): string {
  if (!isSharedAnswer(data)) return canonicalData(data);
  let json = canonicalOfShared.get(data);
  if (json === undefined) canonicalOfShared.set(data, (json = canonicalData(data)));
  return json;
}

/**
 * The cache key of the document Remix is about to render, or null when it may not be cached. The
 * key covers the URL (path and query), the status and every matched route's loader data.
 */
export function documentKey(request: Request, context: EntryContext, status: number): string | null {
  if (request.method !== "GET") return null;
  const handlerContext = context.staticHandlerContext;
  if (handlerContext.actionData || handlerContext.errors) return null;
  const routeIds = handlerContext.matches.map((match) => match.route.id);
  const optedIn = routeIds.every(
    (id) => (context.routeModules[id]?.handle as DocumentCacheHandle | undefined)?.documentCache === true,
  );
  if (!optedIn || routeIds.length === 0) return null;
  let data: string;
  try {
    data = routeIds.map((id) => `${JSON.stringify(id)}:${canonicalOf(handlerContext.loaderData[id])}`).join("\n");
  } catch (error) {
    if (error instanceof NotCacheable) return null;
    throw error;
  }
  const { pathname, search } = handlerContext.location;
  // Shopify's admin opens an embedded app with a signed, single-use query (id_token, hmac): no
  // later request has the same URL, so remembering its document would only fill the cache.
  if (/[?&](id_token|hmac)=/.test(search)) return null;
  return createHash("sha256").update(`${status}\n${pathname}${search}\n`).update(data).digest("base64");
}

/**
 * The documents rendered most recently, least recently used first out. Bounded in entries and in
 * bytes: a shop's few pages and windows fit; a long tail of URLs only replaces entries.
 */
export class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries = 200,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  get(key: string): CachedDocument | undefined {
    const hit = this.entries.get(key);
    if (!hit) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, document: { html: string; status: number }): void {
    const entry: CachedDocument = { body: Buffer.from(document.html, "utf8"), status: document.status };
    if (entry.body.length > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    this.trim();
  }

  /** The body of `key`'s entry gzipped (made once, then kept and counted with the entry). */
  gzipped(key: string): Buffer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (!entry.gzip) {
      entry.gzip = gzipSync(entry.body);
      this.bytes += entry.gzip.length;
      this.trim();
    }
    return entry.gzip;
  }

  private delete(key: string) {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.body.length + (old.gzip?.length ?? 0);
  }

  private trim() {
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

declare global {
  var __royalEquipsDocuments: DocumentCache | undefined;
}

/** The process's cache of rendered documents (one per process, like the database client). */
export const documentCache = (globalThis.__royalEquipsDocuments ??= new DocumentCache());
