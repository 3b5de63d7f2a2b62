// The configuration scan over crafted environments: weak and strong secrets, http and https app
// URLs, local mode (not applicable rather than failing), tokens, the offline token and transport.
import { describe, expect, it } from "vitest";
import { APP_SCOPES } from "./scopes";
import { isLocalMode, overallStatus, scanConfiguration, secretStrength, type Env, type ScanFacts } from "./scan";

const NOW = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

// Random-looking values (fixed so the test is repeatable): 38 and 44 characters.
const STRONG_SHOPIFY_SECRET = "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";
const STRONG_APP_SECRET = "q3Vt9XkP2mLr7ZsB5wNc1YhD8uJf4GaE6oTi0RbK+Qe=";

const facts = (overrides: Partial<ScanFacts> = {}): ScanFacts => ({
  now: NOW,
  grantedScopes:
    "write_products,write_inventory,read_locations,read_orders,read_all_orders,read_customers,write_discounts,write_merchant_managed_fulfillment_orders",
  installedAt: ago(40),
  mcpTokens: [],
  offlineSession: {
    expires: new Date(NOW.getTime() + 3_600_000),
    refreshTokenExpires: new Date(NOW.getTime() + 60 * DAY),
    hasRefreshToken: true,
  },
  ...overrides,
});

const production = (overrides: Env = {}): Env => ({
  NODE_ENV: "production",
  HOST: "0.0.0.0",
  SHOPIFY_API_KEY: "3f9a1c27e5b84d6f9a0c1e2d3b4a5f60",
  SHOPIFY_API_SECRET: STRONG_SHOPIFY_SECRET,
  SHOPIFY_APP_URL: "https://royal-equips.example.com",
  SCOPES: APP_SCOPES,
  APP_SECRET: STRONG_APP_SECRET,
  DATABASE_URL: "postgresql://app:pw@db.internal:5432/royal?sslmode=require",
  REDIS_URL: "rediss://cache.internal:6380",
  ...overrides,
});

const check = (env: Env, id: string, f: ScanFacts = facts()) => {
  const found = scanConfiguration(env, f).checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

describe("a production configuration", () => {
  it("with strong secrets, https and minimal scopes passes every check", () => {
    const scan = scanConfiguration(production(), facts());
    expect(scan.mode).toBe("shopify");
    expect(
      scan.checks
        .filter((c) => c.status !== "pass" && c.status !== "not_applicable")
        .map((c) => `${c.id}: ${c.evidence}`),
    ).toEqual([]);
    expect(overallStatus(scan.checks)).toBe("pass");
  });

  it("never puts a secret's value in the evidence", () => {
    const text = JSON.stringify(scanConfiguration(production(), facts()));
    expect(text).not.toContain(STRONG_SHOPIFY_SECRET);
    expect(text).not.toContain(STRONG_APP_SECRET);
    expect(text).not.toContain(":pw@");
  });

  it("fails weak, placeholder and missing secrets, and warns on a reused one", () => {
    expect(check(production({ SHOPIFY_API_SECRET: "changeme" }), "shopify_api_secret")).toMatchObject({
      status: "fail",
      evidence: expect.stringMatching(/8 characters.*placeholder/),
    });
    expect(
      check(production({ SHOPIFY_API_SECRET: "abcabcabcabcabcabcabcabcabcabcab" }), "shopify_api_secret").status,
    ).toBe("fail"); // 32 chars, ~51 bits
    expect(check(production({ SHOPIFY_API_SECRET: "" }), "shopify_api_secret").status).toBe("fail");
    expect(check(production({ APP_SECRET: "short-but-random-9f4c2a" }), "app_secret")).toMatchObject({
      status: "fail",
      fix: expect.stringMatching(/32\+ random characters/),
    });
    expect(check(production({ APP_SECRET: undefined }), "app_secret").status).toBe("fail");
    expect(
      check(production({ APP_SECRET: "royal-equips-local-mode-secret-not-for-production" }), "app_secret"),
    ).toMatchObject({ status: "fail", evidence: expect.stringMatching(/public local-mode default/) });
    expect(check(production({ APP_SECRET: STRONG_SHOPIFY_SECRET }), "app_secret")).toMatchObject({
      status: "warn",
      evidence: expect.stringMatching(/same value as SHOPIFY_API_SECRET/),
    });
    expect(check(production(), "app_secret").status).toBe("pass");
  });

  it("fails an http app URL, warns on a loopback one, passes https", () => {
    expect(check(production({ SHOPIFY_APP_URL: "http://royal-equips.example.com" }), "app_url_https")).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("https://royal-equips.example.com"),
    });
    expect(check(production({ SHOPIFY_APP_URL: "https://localhost:3000" }), "app_url_https").status).toBe("warn");
    expect(check(production({ SHOPIFY_APP_URL: "not a url" }), "app_url_https").status).toBe("fail");
    expect(check(production(), "app_url_https")).toMatchObject({
      status: "pass",
      evidence: "SHOPIFY_APP_URL is https://royal-equips.example.com.",
    });
  });

  it("compares the granted scopes with those the app uses", () => {
    expect(check(production(), "minimal_scopes", facts({ grantedScopes: `${APP_SCOPES},read_themes` }))).toMatchObject({
      status: "warn",
      evidence: expect.stringMatching(/read_themes/),
      fix: expect.stringMatching(/Remove read_themes/),
    });
    expect(check(production(), "minimal_scopes", facts({ grantedScopes: "read_products,read_orders" })).status).toBe(
      "fail",
    );
    // Nothing recorded yet: the requested list (SCOPES) is analysed instead, and says so.
    expect(check(production(), "minimal_scopes", facts({ grantedScopes: "" })).evidence).toMatch(/requested \(SCOPES/);
  });

  it("warns on old, unused and auto-approving MCP tokens", () => {
    const tokens = [
      {
        id: "t1",
        name: "Claude desktop",
        prefix: "rq_aaaaaaa",
        scope: "write",
        autoApprove: true,
        createdAt: ago(200),
        lastUsedAt: ago(1),
      },
      {
        id: "t2",
        name: "Old script",
        prefix: "rq_bbbbbbb",
        scope: "read",
        autoApprove: false,
        createdAt: ago(45),
        lastUsedAt: null,
      },
      {
        id: "t3",
        name: "Fresh",
        prefix: "rq_ccccccc",
        scope: "read",
        autoApprove: false,
        createdAt: ago(3),
        lastUsedAt: ago(0),
      },
    ];
    const age = check(production(), "mcp_token_age", facts({ mcpTokens: tokens }));
    expect(age.status).toBe("warn");
    expect(age.evidence).toMatch(
      /2 finding\(s\) over 3 active token\(s\): Claude desktop \(rq_aaaaaaa\.\.\.\) is 200 days old \(limit 180\); Old script \(rq_bbbbbbb\.\.\.\) was never used in 45 days/,
    );
    expect(check(production(), "mcp_auto_approve", facts({ mcpTokens: tokens }))).toMatchObject({
      status: "warn",
      evidence: expect.stringContaining("Claude desktop"),
    });
    expect(check(production(), "mcp_token_age", facts({ mcpTokens: [tokens[2]] })).status).toBe("pass");
  });

  it("checks the offline token: non-expiring, expired refresh, expiring soon, healthy", () => {
    expect(
      check(
        production(),
        "offline_token",
        facts({ offlineSession: { expires: null, refreshTokenExpires: null, hasRefreshToken: false } }),
      ),
    ).toMatchObject({ status: "warn", evidence: expect.stringMatching(/never expires.*40 days ago/) });
    expect(
      check(
        production(),
        "offline_token",
        facts({ offlineSession: { expires: ago(1), refreshTokenExpires: ago(0.5), hasRefreshToken: true } }),
      ).status,
    ).toBe("fail");
    expect(
      check(
        production(),
        "offline_token",
        facts({ offlineSession: { expires: ago(-0.01), refreshTokenExpires: ago(-3), hasRefreshToken: true } }),
      ).status,
    ).toBe("warn");
    expect(check(production(), "offline_token", facts({ offlineSession: null })).status).toBe("fail");
    expect(check(production(), "offline_token").evidence).toMatch(/60 days left/);
  });

  it("warns on plaintext connections to other hosts", () => {
    expect(check(production({ REDIS_URL: "redis://cache.internal:6379" }), "redis_tls").status).toBe("warn");
    expect(
      check(production({ DATABASE_URL: "postgresql://app:pw@db.internal:5432/royal" }), "database_tls"),
    ).toMatchObject({ status: "warn", fix: expect.stringMatching(/sslmode=require/) });
    expect(check(production({ DATABASE_URL: "postgresql://app:pw@127.0.0.1:5432/royal" }), "database_tls").status).toBe(
      "pass",
    );
  });
});

describe("local mode", () => {
  const local: Env = { NODE_ENV: "development" };

  it("is detected as app/env.server.ts does", () => {
    expect(isLocalMode({})).toBe(true);
    expect(isLocalMode({ SHOPIFY_API_KEY: "x" })).toBe(false);
    expect(isLocalMode({ SHOPIFY_API_KEY: "x", LOCAL_MODE: "true" })).toBe(true);
    expect(isLocalMode({ LOCAL_MODE: "false" })).toBe(false);
  });

  it("reports Shopify-only checks as not applicable, not as failures", () => {
    const scan = scanConfiguration(local, facts({ grantedScopes: "", offlineSession: null }));
    expect(scan.mode).toBe("local");
    const na = scan.checks.filter((c) => c.status === "not_applicable");
    expect(na.map((c) => c.id).sort()).toEqual([
      "app_url_https",
      "minimal_scopes",
      "node_env",
      "offline_token",
      "shopify_api_key",
      "shopify_api_secret",
    ]);
    for (const c of na) expect(c.evidence).toMatch(/^Not applicable in local mode: /);
    expect(scan.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(check(local, "app_secret").status).toBe("pass"); // the built-in secret, on loopback
  });

  it("fails when local mode, which has no login, listens beyond this machine", () => {
    expect(check({ HOST: "0.0.0.0" }, "local_mode_exposure")).toMatchObject({
      status: "fail",
      fix: expect.stringMatching(/HOST=127.0.0.1/),
    });
    expect(check({ HOST: "0.0.0.0" }, "app_secret").status).toBe("warn");
    expect(check({ HOST: "127.0.0.1" }, "local_mode_exposure").status).toBe("pass");
  });
});

describe("secretStrength", () => {
  it("estimates by character entropy and spots placeholders", () => {
    expect(secretStrength("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").estimatedBits).toBe(0);
    expect(secretStrength(STRONG_APP_SECRET).estimatedBits).toBeGreaterThan(150);
    expect(secretStrength("your_api_secret_here").placeholder).toBe(true);
    expect(secretStrength(STRONG_SHOPIFY_SECRET).placeholder).toBe(false);
  });
});
