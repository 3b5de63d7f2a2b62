// The one place the environment is read and validated (zod), at startup. Every missing or bad
// variable is named in one error. With no Shopify credentials the app runs in local mode against
// the bundled Admin API emulator (docs/decisions/0005-local-mode.md).
import { z } from "zod";
import { defaultDatabaseUrl, databaseProvider } from "../agents/db/provider";

const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** "auto": readable lines in local mode, JSON lines otherwise (production, log collectors). */
    LOG_FORMAT: z.enum(["auto", "json", "lines"]).default("auto"),
    DATABASE_URL: z
      .string()
      .default(defaultDatabaseUrl())
      .refine(
        (url) => {
          try {
            databaseProvider(url);
            return true;
          } catch {
            return false;
          }
        },
        { message: 'must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)' },
      ),
    REDIS_URL: z
      .string()
      .default("redis://127.0.0.1:6379")
      .refine((url) => /^rediss?:\/\//.test(url), { message: 'must start with "redis://" or "rediss://"' }),
    SHOPIFY_API_KEY: optionalString,
    SHOPIFY_API_SECRET: optionalString,
    SHOPIFY_APP_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
    SCOPES: optionalString,
    SHOP_CUSTOM_DOMAIN: optionalString,
    /** "auto" (default): local mode exactly when no Shopify credentials are set. */
    LOCAL_MODE: z.enum(["auto", "true", "false"]).default("auto"),
    LOCAL_SHOP: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a *.myshopify.com domain")
      .default("royal-equips-dev.myshopify.com"),
    EMULATOR_URL: z.url().default("http://127.0.0.1:4010"),
    EMULATOR_ACCESS_TOKEN: z.string().min(8).default("shpat_local_dev_store_token"),
    /** Signs approvals and local-mode webhooks; required (>= 32 chars) outside local mode. */
    APP_SECRET: optionalString,
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
    OPENAI_MODEL: z.string().default("gpt-4.1-mini"),
    /** "auto": OpenAI (or the OPENAI_BASE_URL server) when configured, else the offline model. */
    AIRA_MODEL: z.enum(["auto", "offline", "openai"]).default("auto"),
    /** Chat turns per shop per minute. */
    AIRA_TURNS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** Web processes sharing the port (node:cluster); one per core the web may use. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    /**
     * Proxies in front of the app, as a hop count: "false"/"0" none, "true" one (a load balancer
     * or tunnel), "2" a CDN in front of it, ... Only that many X-Forwarded-For entries from the
     * right are believed (what the client wrote itself is further left).
     */
    TRUST_PROXY: z
      .string()
      .default("false")
      .refine((v) => /^(true|false|\d{1,2})$/.test(v), {
        message: 'must be "false", "true" or a number of proxies (hops)',
      })
      .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v))),
  })
  .superRefine((env, ctx) => {
    const hasShopify = Boolean(env.SHOPIFY_API_KEY || env.SHOPIFY_API_SECRET || env.SHOPIFY_APP_URL);
    const local = env.LOCAL_MODE === "true" || (env.LOCAL_MODE === "auto" && !hasShopify);
    if (local) return;
    for (const key of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "SCOPES"] as const) {
      if (!env[key])
        ctx.addIssue({ code: "custom", path: [key], message: "is required when connecting a real Shopify store" });
    }
    if (env.SHOPIFY_APP_URL && !env.SHOPIFY_APP_URL.startsWith("https://")) {
      ctx.addIssue({
        code: "custom",
        path: ["SHOPIFY_APP_URL"],
        message: "must be an https:// URL (Shopify loads embedded apps over HTTPS)",
      });
    }
    if (!env.APP_SECRET || env.APP_SECRET.length < 32) {
      ctx.addIssue({
        code: "custom",
        path: ["APP_SECRET"],
        message: "must be at least 32 characters outside local mode",
      });
    }
  });

export type Env = z.infer<typeof schema> & { localMode: boolean; appSecret: string };

// Only local mode may fall back to this; it never leaves the developer's machine.
const LOCAL_APP_SECRET = "royal-equips-local-mode-secret-not-for-production";

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee README.md#configuration.`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "(env)"} ${issue.message}`));
  }
  const env = result.data;
  const hasShopify = Boolean(env.SHOPIFY_API_KEY || env.SHOPIFY_API_SECRET || env.SHOPIFY_APP_URL);
  const localMode = env.LOCAL_MODE === "true" || (env.LOCAL_MODE === "auto" && !hasShopify);
  return { ...env, localMode, appSecret: env.APP_SECRET ?? LOCAL_APP_SECRET };
}

let cached: Env | undefined;

/** The validated environment of this process (parsed once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For process entry points: the validated environment, or exit 1 naming every problem. */
export function envOrExit(): Env {
  try {
    return env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
