// Opaque page cursors for the lookup tools (issue #22): base64url JSON of the tool, a fingerprint
// of the search it came from, and the keyset position after which the next page starts (the sort
// key of the last row returned plus its unique id, so ties in the sort key never repeat or skip a
// row). A keyset instead of an offset: a page costs the same on page 1 and page 10,000, and rows
// added or removed between pages do not shift the rest.
// The cursor is validated when decoded: a malformed one, one from another tool or another search
// (other filters) gets a clear invalid_input, never a crash or a silently wrong page.
import { createHash } from "node:crypto";
import { z } from "zod";
import { fail, type ToolFailure } from "../core/result";

/** The input of every paged tool: the client sends back the nextCursor of the previous page. */
export const cursorInput = z
  .string()
  .min(1)
  .max(4000)
  .optional()
  .describe("nextCursor of the previous page, to read the next one (same filters); omit for the first page");

export const nextCursorOutput = z
  .string()
  .nullable()
  .describe("Pass as cursor (with the same filters) to read the next page; null on the last page");

const envelope = z.object({ v: z.literal(1), t: z.string(), f: z.string(), k: z.unknown() });

/** What identifies a search: every input but the page size and the cursor itself, keys sorted. */
function fingerprint(tool: string, input: Record<string, unknown>): string {
  const filters = Object.keys(input)
    .filter((k) => k !== "cursor" && k !== "limit" && input[k] !== undefined)
    .sort()
    .map((k) => [k, input[k]]);
  return createHash("sha256")
    .update(JSON.stringify([tool, filters]))
    .digest("base64url")
    .slice(0, 16);
}

export function encodeCursor(tool: string, input: Record<string, unknown>, key: unknown): string {
  return Buffer.from(JSON.stringify({ v: 1, t: tool, f: fingerprint(tool, input), k: key })).toString("base64url");
}

const invalid = (message: string) =>
  fail(
    "invalid_input",
    message,
    "Send the nextCursor of the previous page together with the same filters, or no cursor for the first page.",
  );

/** The keyset position in `input.cursor` (undefined without one), or why it cannot be used. */
export function decodeCursor<K>(
  tool: string,
  input: Record<string, unknown> & { cursor?: string },
  key: z.ZodType<K>,
): { ok: true; key: K | undefined } | ToolFailure {
  if (input.cursor === undefined) return { ok: true, key: undefined };
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(input.cursor, "base64url").toString("utf8"));
  } catch {
    return invalid("That cursor is not one this tool gave out.");
  }
  const parsed = envelope.safeParse(raw);
  if (!parsed.success) return invalid("That cursor is not one this tool gave out.");
  if (parsed.data.t !== tool) return invalid(`That cursor belongs to ${parsed.data.t}, not ${tool}.`);
  if (parsed.data.f !== fingerprint(tool, input)) return invalid("That cursor belongs to a search with other filters.");
  const position = key.safeParse(parsed.data.k);
  if (!position.success) return invalid("That cursor is not one this tool gave out.");
  return { ok: true, key: position.data };
}

/** Compares sort keys element by element (numbers numerically, strings by code unit). */
export function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/** The keyset of a newest-first list: the last row's time (ISO) and its id, which breaks ties. */
export const newestFirstKey = z.tuple([z.iso.datetime(), z.string().min(1).max(100)]);

/**
 * The rows after `[time, id]` in the order (`field` desc, id desc), as Prisma conditions to AND.
 * "field <= t" bounds the index range; the OR then only breaks the ties at t by id (with the OR
 * alone SQLite walked the index from the top, ADR 0037).
 */
export function newestFirstAfter<F extends string>(field: F, [time, id]: readonly [string, string]) {
  const at = new Date(time);
  const on = <T>(value: T) => ({ [field]: value }) as { [K in F]: T };
  return [on({ lte: at }), { OR: [on({ lt: at }), { ...on(at), id: { lt: id } }] }];
}
