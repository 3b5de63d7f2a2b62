// The app's own security configuration, checked. scanConfiguration is pure (the environment and
// a few facts from the database go in, checks come out) so that every case is testable; the tool
// passes process.env. Evidence never contains a secret, only its length and estimated strength.
// Local mode (no Shopify credentials, the bundled emulator) is a legitimate setup: checks that only
// matter for a real shop say "not applicable in local mode" instead of failing.
import type { Db } from "../db/client";
import { analyseScopes, APP_SCOPES, parseScopes } from "./scopes";
import { DAY_MS } from "../core/time";

export type CheckStatus = "pass" | "warn" | "fail" | "not_applicable";

export interface SecurityCheck {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found (numbers, names, dates; never a secret's value). */
  evidence: string;
  /** What to do; null when nothing needs doing. */
  fix: string | null;
}

export interface McpTokenFact {
  id: string;
  name: string;
  prefix: string;
  scope: string;
  autoApprove: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface ScanFacts {
  now: Date;
  /** Shop.scopes as stored; null when the shop has no row. */
  grantedScopes: string | null;
  installedAt: Date | null;
  /** Tokens that are not revoked. */
  mcpTokens: McpTokenFact[];
  /** The shop's offline session (Shopify's access token for background work), null when there is none. */
  offlineSession: { expires: Date | null; refreshTokenExpires: Date | null; hasRefreshToken: boolean } | null;
}

export type Env = Record<string, string | undefined>;

/** Tokens older than this should be replaced; unused ones revoked. */
export const TOKEN_MAX_AGE_DAYS = 180;
export const TOKEN_UNUSED_DAYS = 30;
export const REFRESH_WARNING_DAYS = 7;
/** The fallback app/env.server.ts uses in local mode; outside it, this value is no secret at all. */
const LOCAL_APP_SECRET = "royal-equips-local-mode-secret-not-for-production";

const value = (env: Env, key: string) => (env[key] === "" ? undefined : env[key]);

/** The same rule as app/env.server.ts: local mode when LOCAL_MODE=true, or "auto" without Shopify credentials. */
export function isLocalMode(env: Env): boolean {
  const mode = value(env, "LOCAL_MODE") ?? "auto";
  if (mode === "true") return true;
  if (mode === "false") return false;
  return !(value(env, "SHOPIFY_API_KEY") || value(env, "SHOPIFY_API_SECRET") || value(env, "SHOPIFY_APP_URL"));
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
const isLoopback = (host: string) => LOOPBACK.has(host.toLowerCase()) || /^127\./.test(host);

export interface SecretStrength {
  length: number;
  /** Shannon entropy of the characters times the length: a rough upper bound on guessing work. */
  estimatedBits: number;
  placeholder: boolean;
}

const PLACEHOLDER =
  /changeme|change-me|change_me|example|placeholder|password|secret|not-for-production|your[_-]|^(x+|0+|test|dev|local)$/i;

export function secretStrength(secret: string): SecretStrength {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / secret.length) * Math.log2(n / secret.length);
  return {
    length: secret.length,
    estimatedBits: Math.round(perChar * secret.length),
    placeholder: PLACEHOLDER.test(secret),
  };
}

const describeSecret = (s: SecretStrength) =>
  `set, ${s.length} characters, about ${s.estimatedBits} bits by character entropy${s.placeholder ? ", looks like a placeholder" : ""}`;
const days = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);
/** The worst status of a group of checks: fail, then warn, then pass; none applicable otherwise. */
export const worstStatus = (statuses: CheckStatus[]): CheckStatus =>
  statuses.includes("fail")
    ? "fail"
    : statuses.includes("warn")
      ? "warn"
      : statuses.includes("pass")
        ? "pass"
        : "not_applicable";
const notApplicable = (id: string, title: string, why: string): SecurityCheck => ({
  id,
  title,
  status: "not_applicable",
  evidence: `Not applicable in local mode: ${why}`,
  fix: null,
});

export function scanConfiguration(env: Env, facts: ScanFacts): { mode: "local" | "shopify"; checks: SecurityCheck[] } {
  const local = isLocalMode(env);
  const checks: SecurityCheck[] = [];
  const host = value(env, "HOST") ?? "127.0.0.1";

  // ---- local mode has no login: it must stay on the loopback interface (ADR 0005) ----
  checks.push(
    !local
      ? {
          id: "local_mode_exposure",
          title: "Local mode stays on this machine",
          status: "not_applicable",
          evidence: "The app runs against a real Shopify store (Shopify credentials are set).",
          fix: null,
        }
      : isLoopback(host)
        ? {
            id: "local_mode_exposure",
            title: "Local mode stays on this machine",
            status: "pass",
            evidence: `Local mode, bound to ${host} (loopback only).`,
            fix: null,
          }
        : {
            id: "local_mode_exposure",
            title: "Local mode stays on this machine",
            status: "fail",
            evidence: `Local mode has no login, and HOST=${host} exposes it beyond this machine.`,
            fix: "Set HOST=127.0.0.1, or configure SHOPIFY_API_KEY, SHOPIFY_API_SECRET and SHOPIFY_APP_URL so that Shopify's login protects the app.",
          },
  );

  // ---- Shopify credentials ----
  const apiKey = value(env, "SHOPIFY_API_KEY");
  checks.push(
    local
      ? notApplicable("shopify_api_key", "Shopify API key", "no Shopify app is connected.")
      : apiKey
        ? {
            id: "shopify_api_key",
            title: "Shopify API key",
            status: "pass",
            evidence: `SHOPIFY_API_KEY is set (${apiKey.length} characters).`,
            fix: null,
          }
        : {
            id: "shopify_api_key",
            title: "Shopify API key",
            status: "fail",
            evidence: "SHOPIFY_API_KEY is not set.",
            fix: "Set SHOPIFY_API_KEY to the client id from the Partner Dashboard (shopify app env show).",
          },
  );

  const apiSecret = value(env, "SHOPIFY_API_SECRET");
  if (local)
    checks.push(
      notApplicable(
        "shopify_api_secret",
        "Shopify API secret",
        "webhooks from the emulator are signed with APP_SECRET instead.",
      ),
    );
  else if (!apiSecret) {
    checks.push({
      id: "shopify_api_secret",
      title: "Shopify API secret",
      status: "fail",
      evidence: "SHOPIFY_API_SECRET is not set: webhook signatures and session tokens cannot be verified.",
      fix: "Set SHOPIFY_API_SECRET to the client secret from the Partner Dashboard.",
    });
  } else {
    const s = secretStrength(apiSecret);
    const status: CheckStatus =
      s.placeholder || s.length < 16 || s.estimatedBits < 64
        ? "fail"
        : s.length < 32 || s.estimatedBits < 100
          ? "warn"
          : "pass";
    checks.push({
      id: "shopify_api_secret",
      title: "Shopify API secret",
      status,
      evidence: `SHOPIFY_API_SECRET is ${describeSecret(s)}. Shopify's client secrets are at least 32 random characters.`,
      fix:
        status === "pass"
          ? null
          : "Copy the client secret exactly from the Partner Dashboard; if it may have leaked, rotate it there and update SHOPIFY_API_SECRET.",
    });
  }

  const appSecret = value(env, "APP_SECRET");
  if (!appSecret) {
    checks.push(
      local
        ? {
            id: "app_secret",
            title: "Approval and webhook signing secret (APP_SECRET)",
            status: isLoopback(host) ? "pass" : "warn",
            evidence: `APP_SECRET is not set, so local mode uses its built-in development secret${isLoopback(host) ? "; acceptable while the app only listens on loopback." : `, and HOST=${host} makes it reachable from other machines.`}`,
            fix: isLoopback(host) ? null : "Set APP_SECRET to 32+ random characters (openssl rand -base64 32).",
          }
        : {
            id: "app_secret",
            title: "Approval and webhook signing secret (APP_SECRET)",
            status: "fail",
            evidence: "APP_SECRET is not set; approvals cannot be signed outside local mode.",
            fix: "Set APP_SECRET to 32+ random characters (openssl rand -base64 32).",
          },
    );
  } else {
    const s = secretStrength(appSecret);
    const reused = apiSecret !== undefined && appSecret === apiSecret;
    const isFallback = appSecret === LOCAL_APP_SECRET;
    const status: CheckStatus =
      s.length < 32 || isFallback || s.placeholder || s.estimatedBits < 64
        ? local
          ? "warn"
          : "fail"
        : reused || s.estimatedBits < 100
          ? "warn"
          : "pass";
    checks.push({
      id: "app_secret",
      title: "Approval and webhook signing secret (APP_SECRET)",
      status,
      evidence: `APP_SECRET is ${describeSecret(s)}${isFallback ? " (the public local-mode default)" : ""}${reused ? "; it is the same value as SHOPIFY_API_SECRET" : ""}.`,
      fix:
        status === "pass"
          ? null
          : `Set APP_SECRET to 32+ random characters of its own (openssl rand -base64 32)${reused ? ", not the Shopify secret" : ""}.`,
    });
  }

  // ---- the app's public URL ----
  const appUrl = value(env, "SHOPIFY_APP_URL");
  if (local)
    checks.push(
      notApplicable(
        "app_url_https",
        "App URL uses HTTPS",
        `the app is served at http://localhost:${value(env, "PORT") ?? "3000"} for this machine only.`,
      ),
    );
  else if (!appUrl)
    checks.push({
      id: "app_url_https",
      title: "App URL uses HTTPS",
      status: "fail",
      evidence: "SHOPIFY_APP_URL is not set.",
      fix: "Set SHOPIFY_APP_URL to the app's public https:// address (the application_url of shopify.app.toml).",
    });
  else {
    let url: URL | null = null;
    try {
      url = new URL(appUrl);
    } catch {
      url = null;
    }
    if (!url)
      checks.push({
        id: "app_url_https",
        title: "App URL uses HTTPS",
        status: "fail",
        evidence: `SHOPIFY_APP_URL "${appUrl}" is not a URL.`,
        fix: "Set SHOPIFY_APP_URL to an https:// address.",
      });
    else if (url.protocol !== "https:")
      checks.push({
        id: "app_url_https",
        title: "App URL uses HTTPS",
        status: "fail",
        evidence: `SHOPIFY_APP_URL uses ${url.protocol.replace(":", "")}: session tokens and webhook payloads would cross the network unencrypted, and Shopify refuses to embed it.`,
        fix: `Serve the app over TLS and set SHOPIFY_APP_URL=https://${url.host}${url.pathname === "/" ? "" : url.pathname}.`,
      });
    else if (isLoopback(url.hostname))
      checks.push({
        id: "app_url_https",
        title: "App URL uses HTTPS",
        status: "warn",
        evidence: `SHOPIFY_APP_URL points at ${url.hostname}, which Shopify cannot reach for webhooks.`,
        fix: "Use the public address (or the tunnel `shopify app dev` prints).",
      });
    else
      checks.push({
        id: "app_url_https",
        title: "App URL uses HTTPS",
        status: "pass",
        evidence: `SHOPIFY_APP_URL is https://${url.host}.`,
        fix: null,
      });
  }

  // ---- least privilege ----
  checks.push(minimalScopesCheck(env, facts, local));

  // ---- MCP access tokens ----
  const tokenProblems = facts.mcpTokens.flatMap((t) => {
    const age = days(t.createdAt, facts.now);
    const idle = days(t.lastUsedAt ?? t.createdAt, facts.now);
    const problems: string[] = [];
    if (age > TOKEN_MAX_AGE_DAYS)
      problems.push(`${t.name} (${t.prefix}...) is ${age} days old (limit ${TOKEN_MAX_AGE_DAYS})`);
    if (idle > TOKEN_UNUSED_DAYS)
      problems.push(
        `${t.name} (${t.prefix}...) ${t.lastUsedAt ? `was last used ${idle} days ago` : `was never used in ${idle} days`}`,
      );
    return problems;
  });
  checks.push(
    facts.mcpTokens.length === 0
      ? {
          id: "mcp_token_age",
          title: "MCP access tokens are fresh and in use",
          status: "pass",
          evidence: "No active MCP access tokens.",
          fix: null,
        }
      : {
          id: "mcp_token_age",
          title: "MCP access tokens are fresh and in use",
          status: tokenProblems.length ? "warn" : "pass",
          evidence: tokenProblems.length
            ? `${tokenProblems.length} finding(s) over ${facts.mcpTokens.length} active token(s): ${tokenProblems.join("; ")}.`
            : `${facts.mcpTokens.length} active token(s), the oldest ${Math.max(...facts.mcpTokens.map((t) => days(t.createdAt, facts.now)))} days old, each used within ${TOKEN_UNUSED_DAYS} days.`,
          fix: tokenProblems.length
            ? "Revoke tokens no client uses, and replace old ones, under Settings > MCP clients."
            : null,
        },
  );
  const autoApprove = facts.mcpTokens.filter((t) => t.scope === "write" && t.autoApprove);
  checks.push({
    id: "mcp_auto_approve",
    title: "MCP changes are reviewed",
    status: autoApprove.length ? "warn" : "pass",
    evidence: autoApprove.length
      ? `${autoApprove.length} token(s) apply store changes without the merchant's review: ${autoApprove.map((t) => `${t.name} (${t.prefix}...)`).join(", ")}.`
      : `No active token applies store changes without review${facts.mcpTokens.some((t) => t.scope === "write") ? ` (${facts.mcpTokens.filter((t) => t.scope === "write").length} write token(s), each change waits for approval)` : ""}.`,
    fix: autoApprove.length
      ? "Turn auto-approve off unless the client is fully trusted; changes then wait for approval in the app."
      : null,
  });

  // ---- Shopify's offline access token (background work) ----
  checks.push(offlineTokenCheck(facts, local));

  // ---- transport to the database and Redis ----
  checks.push(
    transportCheck(
      "redis_tls",
      "Redis connection is encrypted or local",
      value(env, "REDIS_URL") ?? "redis://127.0.0.1:6379",
    ),
  );
  checks.push(
    transportCheck(
      "database_tls",
      "Database connection is encrypted or local",
      value(env, "DATABASE_URL") ?? "file:local",
    ),
  );

  // ---- production build ----
  const nodeEnv = value(env, "NODE_ENV") ?? "development";
  checks.push(
    local
      ? notApplicable("node_env", "Production mode", `NODE_ENV=${nodeEnv} is fine for a local install.`)
      : nodeEnv === "production"
        ? { id: "node_env", title: "Production mode", status: "pass", evidence: "NODE_ENV=production.", fix: null }
        : {
            id: "node_env",
            title: "Production mode",
            status: "warn",
            evidence: `NODE_ENV=${nodeEnv} while serving a real shop: development builds show stack traces and skip optimisations.`,
            fix: "Run with NODE_ENV=production (npm run build, then npm start).",
          },
  );

  return { mode: local ? "local" : "shopify", checks };
}

function minimalScopesCheck(env: Env, facts: ScanFacts, local: boolean): SecurityCheck {
  const id = "minimal_scopes";
  const title = "Access scopes are the minimum the app uses";
  if (local)
    return notApplicable(
      id,
      title,
      "the emulator grants every scope; a real shop is asked for SCOPES (or the app's default list).",
    );
  let granted: string[];
  let source: string;
  try {
    if (facts.grantedScopes) {
      granted = parseScopes(facts.grantedScopes);
      source = "granted by the shop (Shop.scopes)";
    } else {
      granted = parseScopes(value(env, "SCOPES") ?? APP_SCOPES);
      source = `requested (${value(env, "SCOPES") ? "SCOPES" : "the app's default list"}; the shop has not recorded its grant yet)`;
    }
  } catch (error) {
    return {
      id,
      title,
      status: "fail",
      evidence: error instanceof Error ? error.message : String(error),
      fix: "Set SCOPES to a comma-separated list of scope handles.",
    };
  }
  const analysis = analyseScopes(granted);
  const parts = [
    `${granted.length} scope(s) ${source}; the app needs ${analysis.minimal.length}: ${analysis.minimal.join(", ")}.`,
  ];
  if (analysis.unneeded.length)
    parts.push(`More than needed: ${analysis.unneeded.map((u) => `${u.scope} (${u.reason})`).join("; ")}.`);
  if (analysis.redundant.length)
    parts.push(`Listed but implied by a write scope (harmless): ${analysis.redundant.map((r) => r.scope).join(", ")}.`);
  if (analysis.missing.length)
    parts.push(
      `Missing: ${analysis.missing.map((m) => `one of ${m.anyOf.join("/")} for ${m.usedBy.slice(0, 3).join(", ")}`).join("; ")}.`,
    );
  const status: CheckStatus = analysis.missing.length ? "fail" : analysis.unneeded.length ? "warn" : "pass";
  const fix =
    status === "pass"
      ? null
      : [
          analysis.unneeded.length
            ? `Remove ${analysis.unneeded.map((u) => u.scope).join(", ")} from [access_scopes] in shopify.app.toml, APP_SCOPES and SCOPES, then deploy (shopify app deploy).`
            : "",
          analysis.missing.length
            ? "Request the missing scopes and have the merchant approve them (open the app in Shopify admin)."
            : "",
        ]
          .filter(Boolean)
          .join(" ");
  return { id, title, status, evidence: parts.join(" "), fix };
}

function offlineTokenCheck(facts: ScanFacts, local: boolean): SecurityCheck {
  const id = "offline_token";
  const title = "Shopify offline access token";
  if (local) return notApplicable(id, title, "the agents use the emulator's development token.");
  const session = facts.offlineSession;
  if (!session)
    return {
      id,
      title,
      status: "fail",
      evidence: "No offline session is stored for this shop: agents and syncs cannot call Shopify.",
      fix: "Open the app from the shop's Shopify admin to authorise it again.",
    };
  if (!session.expires) {
    const since = facts.installedAt
      ? `; the shop installed the app ${days(facts.installedAt, facts.now)} days ago, so the token may be that old`
      : "";
    return {
      id,
      title,
      status: "warn",
      evidence: `The offline token never expires (issued without expiring offline tokens)${since}.`,
      fix: "Re-authorise the app on the shop so that it holds an expiring, refreshable offline token; a leaked non-expiring token stays valid until the app is uninstalled.",
    };
  }
  if (!session.hasRefreshToken || !session.refreshTokenExpires) {
    const expired = session.expires.getTime() <= facts.now.getTime();
    return {
      id,
      title,
      status: expired ? "fail" : "warn",
      evidence: `The offline token expires at ${session.expires.toISOString()} and has no refresh token${expired ? "; it has expired" : ""}.`,
      fix: "Open the app from the shop's Shopify admin to obtain a new offline token.",
    };
  }
  const refreshLeft = (session.refreshTokenExpires.getTime() - facts.now.getTime()) / DAY_MS;
  if (refreshLeft <= 0)
    return {
      id,
      title,
      status: "fail",
      evidence: `The refresh token expired on ${session.refreshTokenExpires.toISOString()}: background agents can no longer reach Shopify.`,
      fix: "Open the app from the shop's Shopify admin to authorise it again.",
    };
  return {
    id,
    title,
    status: refreshLeft < REFRESH_WARNING_DAYS ? "warn" : "pass",
    evidence: `Expiring offline token: the access token expires at ${session.expires.toISOString()} and refreshes until ${session.refreshTokenExpires.toISOString()} (${Math.floor(refreshLeft)} days left).`,
    fix:
      refreshLeft < REFRESH_WARNING_DAYS
        ? "Open the app from the shop's Shopify admin soon so that the refresh token is renewed."
        : null,
  };
}

function transportCheck(id: string, title: string, url: string): SecurityCheck {
  if (url.startsWith("file:"))
    return { id, title, status: "pass", evidence: "SQLite file on this machine: no network connection.", fix: null };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {
      id,
      title,
      status: "fail",
      evidence: "The connection URL cannot be parsed.",
      fix: "Check the URL's format.",
    };
  }
  const scheme = parsed.protocol.replace(":", "");
  if (isLoopback(parsed.hostname))
    return { id, title, status: "pass", evidence: `${scheme} on ${parsed.hostname} (this machine).`, fix: null };
  const encrypted =
    scheme === "rediss" ||
    (scheme.startsWith("postgres") &&
      /^(require|verify-ca|verify-full)$/.test(parsed.searchParams.get("sslmode") ?? ""));
  if (encrypted) return { id, title, status: "pass", evidence: `${scheme} to ${parsed.hostname} with TLS.`, fix: null };
  return {
    id,
    title,
    status: "warn",
    evidence: `${scheme} to ${parsed.hostname} without TLS: shop data and credentials cross the network in the clear.`,
    fix: scheme.startsWith("redis")
      ? "Use rediss:// (TLS) for a Redis on another host."
      : "Add sslmode=require (or verify-full) to DATABASE_URL.",
  };
}

/** The overall verdict: the worst check. */
export const overallStatus = (checks: SecurityCheck[]) => worstStatus(checks.map((c) => c.status));

/** The database facts the scan needs for one shop. */
export async function loadScanFacts(db: Db, shop: string, now: Date): Promise<ScanFacts> {
  const [shopRow, tokens, session] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop }, select: { scopes: true, installedAt: true } }),
    db.mcpToken.findMany({ where: { shop, revokedAt: null }, orderBy: { createdAt: "asc" } }),
    db.session.findFirst({
      where: { shop, isOnline: false },
      select: { expires: true, refreshToken: true, refreshTokenExpires: true },
    }),
  ]);
  return {
    now,
    grantedScopes: shopRow ? shopRow.scopes : null,
    installedAt: shopRow?.installedAt ?? null,
    mcpTokens: tokens.map((t) => ({
      id: t.id,
      name: t.name,
      prefix: t.prefix,
      scope: t.scope,
      autoApprove: t.autoApprove,
      createdAt: t.createdAt,
      lastUsedAt: t.lastUsedAt,
    })),
    offlineSession: session
      ? {
          expires: session.expires,
          refreshTokenExpires: session.refreshTokenExpires,
          hasRefreshToken: Boolean(session.refreshToken),
        }
      : null,
  };
}
