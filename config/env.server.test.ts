import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, tokenCipherFor } from "./env.server";

function problems(source: Record<string, string>) {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("environment validation", () => {
  it("runs in local mode with sensible defaults when nothing is set", () => {
    const env = parseEnv({});
    expect(env.localMode).toBe(true);
    expect(env.DATABASE_URL).toBe("file:./.data/app.db");
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.PORT).toBe(3000);
  });

  it("TRUST_PROXY is a hop count: false 0, true 1, or a number; anything else is named", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(problems({ TRUST_PROXY: "yes" }).join("\n")).toMatch(/TRUST_PROXY must be "false", "true" or a number/);
  });

  it("names every bad variable in one error", () => {
    const found = problems({ PORT: "http", DATABASE_URL: "mysql://x", REDIS_URL: "localhost:6379", LOG_LEVEL: "loud" });
    expect(found).toHaveLength(4);
    expect(found.join("\n")).toMatch(/PORT/);
    expect(found.join("\n")).toMatch(/DATABASE_URL must start with "file:" \(SQLite\) or "postgresql:\/\/"/);
    expect(found.join("\n")).toMatch(/REDIS_URL must start with "redis:\/\/"/);
    expect(found.join("\n")).toMatch(/LOG_LEVEL/);
  });

  it("requires the Shopify credentials, an https app URL and a strong secret once any Shopify variable is set", () => {
    const found = problems({
      SHOPIFY_API_KEY: "key",
      SHOPIFY_APP_URL: "http://insecure.example.com",
      APP_SECRET: "short",
    });
    expect(found).toEqual(
      expect.arrayContaining([
        "SHOPIFY_API_SECRET is required when connecting a real Shopify store",
        "SCOPES is required when connecting a real Shopify store",
        "SHOPIFY_APP_URL must be an https:// URL (Shopify loads embedded apps over HTTPS)",
        "APP_SECRET must be at least 32 characters outside local mode",
        "TOKEN_ENCRYPTION_KEY is required outside local mode (Shopify tokens are stored encrypted): openssl rand -base64 32",
      ]),
    );
  });

  it("accepts a complete production configuration on PostgreSQL", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      SHOPIFY_API_KEY: "key",
      SHOPIFY_API_SECRET: "secret",
      SHOPIFY_APP_URL: "https://app.example.com",
      SCOPES: "read_products",
      APP_SECRET: "x".repeat(40),
      TOKEN_ENCRYPTION_KEY: "a".repeat(64),
      DATABASE_URL: "postgresql://app@db:5432/royal",
    });
    expect(env.localMode).toBe(false);
    expect(env.appSecret).toBe("x".repeat(40));
    // The worker serves its probes and metrics outside local mode unless told otherwise.
    expect(env.workerPort).toBe(3001);
    expect(parseEnv({}).workerPort).toBeNull();
    expect(parseEnv({ WORKER_PORT: "9464" }).workerPort).toBe(9464);
  });

  it("rejects a local shop that is not a myshopify domain", () => {
    expect(problems({ LOCAL_SHOP: "evil.com" })).toEqual(["LOCAL_SHOP must be a *.myshopify.com domain"]);
  });

  it("token encryption: a key of 32 bytes (hex or base64) plus previous keys; local mode derives one from APP_SECRET", () => {
    expect(problems({ TOKEN_ENCRYPTION_KEY: "too-short" })).toEqual([
      "TOKEN_ENCRYPTION_KEY must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)",
    ]);
    expect(problems({ TOKEN_ENCRYPTION_PREVIOUS_KEYS: `${"a".repeat(64)},nope` })).toEqual([
      "TOKEN_ENCRYPTION_PREVIOUS_KEYS must be comma-separated keys, each 32 bytes as 64 hex digits or base64",
    ]);
    const base64Key = Buffer.alloc(32, 7).toString("base64");
    const old = tokenCipherFor(parseEnv({ TOKEN_ENCRYPTION_KEY: "b".repeat(64) }));
    const rotated = tokenCipherFor(
      parseEnv({
        TOKEN_ENCRYPTION_KEY: base64Key,
        TOKEN_ENCRYPTION_PREVIOUS_KEYS: `${"c".repeat(64)}, ${"b".repeat(64)}`,
      }),
    );
    const stored = old.encrypt("shpat_secret");
    expect(rotated.decrypt(stored)).toBe("shpat_secret");
    expect(rotated.needsReencryption(stored)).toBe(true);
    expect(rotated.needsReencryption(rotated.encrypt("shpat_secret"))).toBe(false);
    // Local mode without a key: derived from the app secret, so two local processes agree.
    const local = tokenCipherFor(parseEnv({}));
    expect(tokenCipherFor(parseEnv({})).decrypt(local.encrypt("shpat_local"))).toBe("shpat_local");
    expect(tokenCipherFor(parseEnv({ APP_SECRET: "y".repeat(40) })).currentKeyId).not.toBe(local.currentKeyId);
  });
});
