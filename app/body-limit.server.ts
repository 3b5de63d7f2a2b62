// Bounded request bodies: a route that reads a body before it can authenticate it (webhooks: the
// HMAC covers the body) or that takes free text (AIRA's chat) caps what it reads, so a huge or
// endless body costs at most the cap in memory and gets 413, never an out-of-memory process.
export const WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;
export const CHAT_MAX_BYTES = 256 * 1024;

export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes.`);
    this.name = "BodyTooLarge";
  }
}

export const tooLarge = (maxBytes: number) =>
  new Response(`Payload too large: at most ${maxBytes} bytes.`, { status: 413 });

/**
 * The same request with a body that errors (BodyTooLarge) once more than `maxBytes` arrive; a
 * declared Content-Length over the cap is refused before anything is read (413 Response).
 */
export function limitBody(request: Request, maxBytes: number): Request | Response {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) return tooLarge(maxBytes);
  if (!request.body) return request;
  let seen = 0;
  const body = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new BodyTooLarge(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(request, { body, duplex: "half" } as RequestInit);
}

/** True for the error a limited body raises, however a library wrapped it. */
export function isBodyTooLarge(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof BodyTooLarge) return true;
  }
  return false;
}
