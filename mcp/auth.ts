// Every security check of the MCP surface lives here (and is tested here): access tokens (create,
// list, revoke, verify), Host/Origin checks against DNS rebinding, per-token rate limits, and the
// record of failed authentication (audit rows, and an Alert when one source keeps failing).
import { createHash, randomBytes } from "node:crypto";
import { isIPv6 } from "node:net";
import type { McpToken } from "@prisma/client";
import { z } from "zod";
import { audit } from "../agents/core/audit";
import type { Actor } from "../agents/core/context";
import { fail, ok, type ToolResult } from "../agents/core/result";
import type { Db } from "../agents/db/client";
import { RateLimiterRes } from "rate-limiter-flexible";
import {
  callLimiter,
  createLimiter,
  leasedCallLimiter,
  type CallLimiter,
  type LimitDecision,
  type LimitOptions,
} from "../agents/infra/limits";
import type { Redis } from "../agents/infra/redis";
import { forgetVerified } from "./verified-cache";

// ---------- tokens ----------

export type TokenScope = "read" | "write";

/** What a verified token grants: one shop, one scope. The tool context is built from this only. */
export interface McpAuth {
  shop: string;
  tokenId: string;
  scope: TokenScope;
  autoApprove: boolean;
}

/** A token as the settings page shows it: never the secret, only its first characters. */
export interface TokenSummary {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScope;
  autoApprove: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const TOKEN_PATTERN = /^rq_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 10; // "rq_" + 7 characters: enough to tell tokens apart, useless to guess with

export const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** `rq_` + 32 random bytes (base64url): 256 bits, so a sha256 lookup needs no constant-time compare. */
export function generateToken(): { token: string; tokenHash: string; prefix: string } {
  const token = `rq_${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX_LENGTH) };
}

export const tokenInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "give the token a name, e.g. the client it is for")
      .max(60, "use at most 60 characters"),
    scope: z.enum(["read", "write"], { message: 'scope must be "read" or "write"' }),
    autoApprove: z.boolean().default(false),
  })
  .refine((t) => !t.autoApprove || t.scope === "write", {
    message: "auto-approve needs a write token (a read token cannot change the store)",
    path: ["autoApprove"],
  });

export function toSummary(row: McpToken): TokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope === "write" ? "write" : "read",
    autoApprove: row.autoApprove,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a token for `shop`. The plaintext is in the result once and stored nowhere. */
export async function createToken(
  db: Db,
  shop: string,
  actor: Actor,
  input: z.input<typeof tokenInput>,
): Promise<ToolResult<{ token: string; summary: TokenSummary }>> {
  const parsed = tokenInput.safeParse(input);
  if (!parsed.success) {
    return fail(
      "invalid_input",
      parsed.error.issues.map((i) => i.message).join("; "),
      'Send { name, scope: "read" | "write", autoApprove?: boolean }.',
    );
  }
  const { token, tokenHash, prefix } = generateToken();
  const row = await db.mcpToken.create({
    data: {
      shop,
      name: parsed.data.name,
      tokenHash,
      prefix,
      scope: parsed.data.scope,
      autoApprove: parsed.data.autoApprove,
    },
  });
  await audit(
    { db, shop, actor },
    {
      action: "mcp.token.create",
      input: { tokenId: row.id, name: row.name, scope: row.scope, autoApprove: row.autoApprove },
      outcome: "ok",
    },
  );
  return ok({ token, summary: toSummary(row) });
}

export async function listTokens(db: Db, shop: string): Promise<TokenSummary[]> {
  const rows = await db.mcpToken.findMany({
    where: { shop },
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
  });
  return rows.map(toSummary);
}

/** Revokes at once: the next request with the token is refused. Another shop's token is "not found". */
export async function revokeToken(
  db: Db,
  shop: string,
  actor: Actor,
  tokenId: string,
): Promise<ToolResult<TokenSummary>> {
  const row = await db.mcpToken.findFirst({ where: { id: tokenId, shop } });
  if (!row) return fail("not_found", `No access token ${tokenId} in this shop.`, "Pick a token from the list.");
  if (row.revokedAt) return ok(toSummary(row));
  const revoked = await db.mcpToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  forgetVerified(row.id);
  await audit(
    { db, shop, actor },
    { action: "mcp.token.revoke", input: { tokenId: row.id, name: row.name }, outcome: "ok" },
  );
  return ok(toSummary(revoked));
}

export async function setAutoApprove(
  db: Db,
  shop: string,
  actor: Actor,
  tokenId: string,
  autoApprove: boolean,
): Promise<ToolResult<TokenSummary>> {
  const row = await db.mcpToken.findFirst({ where: { id: tokenId, shop } });
  if (!row) return fail("not_found", `No access token ${tokenId} in this shop.`, "Pick a token from the list.");
  if (row.revokedAt) return fail("conflict", "This token is revoked.", "Create a new token instead.");
  if (autoApprove && row.scope !== "write")
    return fail(
      "invalid_input",
      "A read token cannot auto-approve: it cannot change the store at all.",
      "Create a write token with auto-approve.",
    );
  const updated = await db.mcpToken.update({ where: { id: row.id }, data: { autoApprove } });
  forgetVerified(row.id);
  await audit(
    { db, shop, actor },
    { action: "mcp.token.auto_approve", input: { tokenId: row.id, autoApprove }, outcome: "ok" },
  );
  return ok(toSummary(updated));
}

export type AuthFailureReason =
  | "missing"
  | "malformed"
  | "unknown"
  | "revoked"
  | "shop_uninstalled"
  // OAuth access tokens only (mcp/oauth.ts): past their hour, or issued for another server.
  | "expired"
  | "wrong_audience";

export type VerifyResult =
  | { ok: true; auth: McpAuth }
  | { ok: false; reason: AuthFailureReason; message: string; shop?: string; tokenId?: string; prefix?: string };

const FAILURE_MESSAGES: Record<AuthFailureReason, string> = {
  missing:
    "Send the access token as `Authorization: Bearer rq_...` (create one in the app under Settings > MCP clients).",
  malformed: "This is not a Royal Equips access token; tokens look like rq_ followed by 43 characters.",
  unknown: "This access token is not valid. Create a new one in the app under Settings > MCP clients.",
  revoked: "This access token was revoked. Create a new one in the app under Settings > MCP clients.",
  shop_uninstalled: "The shop of this access token has uninstalled the app.",
  expired: "This access token has expired; refresh it or sign in again.",
  wrong_audience: "This access token was issued for another server.",
};

// lastUsedAt is informational: writing it at most once a minute keeps verification read-only.
const LAST_USED_RESOLUTION_MS = 60_000;

// verifyToken reads the token row every time (/mcp remembers its successes for a few seconds:
// mcp/verified-cache.ts); an uninstall is cached for a few seconds per process (Shopify revokes
// the store's own access at once anyway), which keeps verification at one query.
const SHOP_STATUS_TTL_MS = 15_000;
const shopStatus = new Map<string, { uninstalled: boolean; until: number }>();

export async function shopUninstalled(db: Db, domain: string, now: Date): Promise<boolean> {
  const cached = shopStatus.get(domain);
  if (cached && cached.until > now.getTime()) return cached.uninstalled;
  const shop = await db.shop.findUnique({ where: { domain }, select: { uninstalledAt: true } });
  const uninstalled = Boolean(shop?.uninstalledAt);
  if (shopStatus.size > 10_000) shopStatus.clear();
  shopStatus.set(domain, { uninstalled, until: now.getTime() + SHOP_STATUS_TTL_MS });
  return uninstalled;
}

/** The token of an Authorization header value ("Bearer rq_..."), or a bare token as given; "" for none. */
export function bearerToken(authorization: string | undefined | null): string {
  const value = authorization?.trim() ?? "";
  const bearer = /^bearer(?:\s+(.*))?$/i.exec(value);
  return bearer ? (bearer[1] ?? "").trim() : value;
}

/** Verifies a bearer token (the raw Authorization header value, or a bare token). */
export async function verifyToken(
  db: Db,
  authorization: string | undefined | null,
  now = new Date(),
): Promise<VerifyResult> {
  const failure = (
    reason: AuthFailureReason,
    extra: { shop?: string; tokenId?: string; prefix?: string } = {},
  ): VerifyResult => ({ ok: false, reason, message: FAILURE_MESSAGES[reason], ...extra });
  const token = bearerToken(authorization);
  if (!token) return failure("missing");
  if (!TOKEN_PATTERN.test(token)) return failure("malformed");
  const row = await db.mcpToken.findUnique({ where: { tokenHash: hashToken(token) } });
  const prefix = token.slice(0, PREFIX_LENGTH);
  if (!row) return failure("unknown", { prefix });
  const known = { shop: row.shop, tokenId: row.id, prefix };
  if (row.revokedAt) return failure("revoked", known);
  if (await shopUninstalled(db, row.shop, now)) return failure("shop_uninstalled", known);
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.mcpToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    ok: true,
    auth: {
      shop: row.shop,
      tokenId: row.id,
      scope: row.scope === "write" ? "write" : "read",
      autoApprove: row.scope === "write" && row.autoApprove,
    },
  };
}

/** The actor a verified token acts as (what the audit log and the action path see). */
export const tokenActor = (auth: McpAuth): Actor => ({
  kind: "mcp",
  id: auth.tokenId,
  scope: auth.scope,
  autoApprove: auth.autoApprove,
});

// ---------- DNS rebinding: Host and Origin ----------

/**
 * Hostnames (no port) the MCP endpoint answers to: loopback names, plus the app URL's host.
 * A browser page on another site that rebinds its DNS to us still sends its own Host/Origin.
 */
export function allowedHostnames(appUrl?: string | null, extra: string[] = []): string[] {
  const hosts = new Set(["localhost", "127.0.0.1", "[::1]", ...extra.map((h) => h.toLowerCase())]);
  if (appUrl) hosts.add(new URL(appUrl).hostname.toLowerCase());
  return [...hosts];
}

/** null when the request may proceed; otherwise why it is refused (answered with 403). */
export function checkHostAndOrigin(
  headers: { host?: string | null; origin?: string | null },
  allowed: string[],
): string | null {
  if (!headers.host) return "Missing Host header.";
  let host: string;
  try {
    host = new URL(`http://${headers.host}`).hostname.toLowerCase();
  } catch {
    return `Invalid Host header "${headers.host}".`;
  }
  if (!allowed.includes(host)) return `Host "${host}" is not served here; use the app's own address.`;
  // Desktop MCP clients send no Origin; a browser always does, and it must be one of ours.
  if (headers.origin != null && headers.origin !== "") {
    let origin: string;
    try {
      origin = new URL(headers.origin).hostname.toLowerCase();
    } catch {
      return `Invalid Origin header "${headers.origin}".`;
    }
    if (!allowed.includes(origin)) return `Origin "${headers.origin}" may not call this server.`;
  }
  return null;
}

// ---------- rate limits ----------

export { callLimiter, createLimiter, leasedCallLimiter, type CallLimiter, type LimitDecision, type LimitOptions };

export const DEFAULT_CALL_LIMIT = { points: 120, durationSeconds: 60 };

// ---------- failed authentication ----------

/** Shop recorded for failures whose token matches no shop (an unknown or malformed token). */
export const UNKNOWN_SHOP = "(unknown)";

/**
 * What failed sign-ins are counted under: the client's address (an IPv6 client by its /64, which
 * one subscriber can rotate through freely) and, when the token names a known but refused token
 * (revoked, its shop uninstalled), that token. The address must come from the socket or from the
 * trusted proxies' X-Forwarded-For entries (server/http.ts's hop count), never from what the
 * client wrote: then a client can neither rotate the header to escape the count nor write a
 * victim's address into it to get the victim refused.
 */
export function failureKeys(address: string, failure: Extract<VerifyResult, { ok: false }>): string[] {
  return [addressKey(address), ...(failure.tokenId ? [`token:${failure.tokenId}`] : [])];
}

/** "::ffff:10.0.0.1" -> "10.0.0.1"; an IPv6 address -> its /64 ("2001:db8:0:1::/64"). */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") && tail ? tail.split(":") : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

export interface AuthFailureGuard {
  /**
   * Whether failed sign-ins under these keys are refused (429) without another audit row. Asked
   * only after a token failed: a valid token is served whatever its address did.
   */
  blocked(keys: string[]): Promise<{ blocked: false } | { blocked: true; retryAfterMs: number }>;
  /** Audits one failure and counts it under each key; past the threshold raises (once per key and hour) an Alert. */
  record(keys: string[], failure: Extract<VerifyResult, { ok: false }>): Promise<void>;
}

export interface FailureGuardOptions {
  db: Db;
  redis?: Redis | null;
  /** Failures per key (address or token) per hour before an Alert is raised and it is refused. Default 10. */
  threshold?: number;
  now?: () => Date;
  /** Redis key prefix of the failure counters. Default "mcp-auth-fail". */
  keyPrefix?: string;
}

export function authFailureGuard(options: FailureGuardOptions): AuthFailureGuard {
  const threshold = options.threshold ?? 10;
  const now = options.now ?? (() => new Date());
  const counter = createLimiter(
    { points: threshold, durationSeconds: 3600, keyPrefix: options.keyPrefix ?? "mcp-auth-fail" },
    options.redis,
  );
  const { db } = options;
  return {
    async blocked(keys) {
      const states = await Promise.all(keys.map((key) => counter.get(key)));
      const over = states.filter((s) => s && s.consumedPoints >= threshold);
      if (over.length === 0) return { blocked: false };
      return { blocked: true, retryAfterMs: Math.max(...over.map((s) => s!.msBeforeNext)) };
    },
    async record(keys, failure) {
      const shop = failure.shop ?? UNKNOWN_SHOP;
      const actor: Actor = { kind: "mcp", id: failure.tokenId ?? failure.prefix ?? "anonymous" };
      await audit(
        { db, shop, actor },
        {
          action: "mcp.auth",
          input: { source: keys[0], reason: failure.reason, prefix: failure.prefix },
          outcome: "denied",
        },
      );
      for (const key of keys) {
        let exceeded = false;
        try {
          exceeded = (await counter.consume(key)).consumedPoints >= threshold;
        } catch (error) {
          if (!(error instanceof RateLimiterRes)) throw error;
          exceeded = true;
        }
        if (!exceeded) continue;
        const hour = now().toISOString().slice(0, 13); // 2026-11-02T14
        const dedupeKey = `mcp_auth_failures:${key}:${hour}`;
        const details = { source: key, threshold, lastReason: failure.reason, hour };
        const title = key.startsWith("token:")
          ? `Repeated sign-ins with a refused MCP token (${failure.prefix ?? key.slice(6)}...)`
          : `Repeated failed MCP sign-ins from ${key}`;
        await db.alert.upsert({
          where: { shop_dedupeKey: { shop, dedupeKey } },
          create: { shop, kind: "mcp_auth_failures", severity: "warning", title, details, dedupeKey },
          update: { details },
        });
      }
    },
  };
}
