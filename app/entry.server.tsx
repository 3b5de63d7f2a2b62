import { PassThrough, Writable } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { documentCache, documentKey } from "./document-cache.server";
import { addDocumentResponseHeaders } from "./shopify.server";

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  responseHeaders.set("Content-Type", "text/html");

  // A page that opted in and whose loaders returned the data of an earlier render: that render's
  // HTML (app/document-cache.server.ts; the loaders ran, so the data is current).
  const key = documentKey(request, remixContext, responseStatusCode);
  if (key) {
    const cached = documentCache.get(key);
    responseHeaders.set("X-Document-Cache", cached ? "hit" : "miss");
    if (cached) {
      // Compressed once, not on every answer (the compression middleware leaves an encoded body be).
      responseHeaders.append("Vary", "Accept-Encoding");
      const gzip = acceptsGzip(request) ? documentCache.gzipped(key) : undefined;
      if (gzip) responseHeaders.set("Content-Encoding", "gzip");
      const body = gzip ?? cached.body;
      return new Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), {
        headers: responseHeaders,
        status: cached.status,
      });
    }
    const { html, failed } = await renderWhole(request, remixContext);
    if (!failed) documentCache.set(key, { html, status: responseStatusCode });
    return new Response(html, { headers: responseHeaders, status: failed ? 500 : responseStatusCode });
  }

  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}

/** Whether the client takes gzip (Accept-Encoding names it or `*`, without q=0). */
export function acceptsGzip(request: Request): boolean {
  const header = request.headers.get("accept-encoding");
  if (!header) return false;
  return header.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return (coding === "gzip" || coding === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * The whole document as one string (a cacheable page has no deferred data, so waiting for all of
 * it costs nothing over streaming the shell); `failed` when a component threw while rendering.
 */
function renderWhole(request: Request, remixContext: EntryContext): Promise<{ html: string; failed: boolean }> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        resolve({ html: Buffer.concat(chunks).toString("utf8"), failed });
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      onAllReady: () => pipe(sink),
      onShellError: reject,
      onError(error) {
        failed = true;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000).unref();
  });
}
