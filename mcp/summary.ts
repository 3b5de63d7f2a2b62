// The short human text of an MCP tool result (ADR 0030): AIRA's own answer writer for the tool
// (agents/aira/offline/answer.ts, one per tool, a generic one otherwise), so an MCP client reads
// the same words and figures as the merchant does in the app. At most six lines, figures with
// their currency; store text is quoted and shortened there.
import type { ToolResult } from "../agents/core/result";
import type { Db } from "../agents/db/client";
import { writeAnswer } from "../agents/aira/offline/answer";

// The shop's currency code changes with its Shopify settings, i.e. almost never: remembered for a
// minute per process, so a summary costs no query (amounts without it are still right, just unlabelled).
const CURRENCY_TTL_MS = 60_000;
const currencies = new Map<string, { code: string | null; until: number }>();

async function currencyOf(db: Db, shop: string, now: number): Promise<string | null> {
  const known = currencies.get(shop);
  if (known && known.until > now) return known.code;
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } });
  if (currencies.size > 10_000) currencies.clear();
  currencies.set(shop, { code: row?.currencyCode ?? null, until: now + CURRENCY_TTL_MS });
  return row?.currencyCode ?? null;
}

/** The summary of one successful result of `tool` called with `input`, in the shop's currency. */
export async function summarise(
  ctx: { db: Db; shop: string; now(): Date },
  tool: string,
  input: unknown,
  result: ToolResult<unknown>,
): Promise<string> {
  const currency = await currencyOf(ctx.db, ctx.shop, ctx.now().getTime()).catch(() => null);
  const args = input && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  return writeAnswer(tool, args, result, { currency });
}
