// The one place the environment is read and validated (zod), at startup. Every missing or bad
// variable is named in one error. With no Shopify credentials the app runs in local mode against
// the bundled Admin API emulator (docs/decisions/0005-local-mode.md).
import { z } from "zod";
import { defaultDatabaseUrl, databaseProvider } from "../agents/db/provider";
import { createTokenCipher, deriveKey, parseKey, type TokenCipher } from "../agents/infra/token-crypto";

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
    /**
     * Encrypts Shopify access and refresh tokens at rest (AES-256-GCM): 32 random bytes as 64 hex
     * digits or base64 (`openssl rand -base64 32`). Required outside local mode; in local mode,
     * without it, a key is derived from APP_SECRET (the local dev store's token is no secret).
     */
    TOKEN_ENCRYPTION_KEY: optionalString.refine((v) => v === undefined || parseKey(v) !== null, {
      message: "must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)",
    }),
    /** Keys being rotated out, comma-separated: still read, never written; drop one once no token uses it. */
    TOKEN_ENCRYPTION_PREVIOUS_KEYS: optionalString.refine(
      (v) => v === undefined || v.split(",").every((key) => parseKey(key) !== null),
      { message: "must be comma-separated keys, each 32 bytes as 64 hex digits or base64" },
    ),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
    OPENAI_MODEL: z.string().default("gpt-4.1-mini"),
    /** "auto": OpenAI (or the OPENAI_BASE_URL server) when configured, else the offline model. */
    AIRA_MODEL: z.enum(["auto", "offline", "openai"]).default("auto"),
    /** Chat turns per shop per minute. */
    AIRA_TURNS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    /** OpenTelemetry's own variables, read by its SDK (server/telemetry.ts); checked here so a typo fails at start. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /**
     * Which lanes the worker process works (ADR 0042): `all`; `regular` (every queue but the long
     * lanes); `long` (only long runs such as big stores' syncs, in a process of their own).
     */
    WORKER_LANES: z.enum(["all", "regular", "long"]).default("all"),
    /**
     * On SIGTERM / SIGINT the worker's active jobs get this long to finish; then they go back to the
     * queue for the next worker. Keep it below the platform's kill timeout (Kubernetes: 30 s).
     */
    /**
     * The worker's /healthz, /readyz and /metrics (on HOST). Default: 3001 outside local mode, none
     * in local mode (set it to serve them there too); 0: none.
     */
    WORKER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(25),
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
    /**
     * "true": MCP clients may use http://localhost/... (loopback) URLs as client ID metadata
     * documents, for trying a client on this machine (ADR 0036). Local mode only; always on in tests.
     */
    MCP_LOOPBACK_CLIENT_METADATA: z.enum(["true", "false"]).default("false"),
  })
  .superRefine((env, ctx) => {
    const hasShopify = Boolean(env.SHOPIFY_API_KEY || env.SHOPIFY_API_SECRET || env.SHOPIFY_APP_URL);
    const local = env.LOCAL_MODE === "true" || (env.LOCAL_MODE === "auto" && !hasShopify);
    if (local) return;
    if (env.MCP_LOOPBACK_CLIENT_METADATA === "true")
      ctx.addIssue({
        code: "custom",
        path: ["MCP_LOOPBACK_CLIENT_METADATA"],
        message: "is for local mode only (it lets clients make the server fetch from its own machine)",
      });
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
    if (!env.TOKEN_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["TOKEN_ENCRYPTION_KEY"],
        message: "is required outside local mode (Shopify tokens are stored encrypted): openssl rand -base64 32",
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

export type Env = z.infer<typeof schema> & {
  localMode: boolean;
  appSecret: string;
  /** WORKER_PORT with its default applied; null: the worker serves no HTTP. */
  workerPort: number | null;
};

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
  const workerPort = env.WORKER_PORT ?? (localMode ? 0 : 3001);
  return { ...env, localMode, appSecret: env.APP_SECRET ?? LOCAL_APP_SECRET, workerPort: workerPort || null };
}

/** The cipher of the Shopify tokens the database stores (see TOKEN_ENCRYPTION_KEY). */
export function tokenCipherFor(
  env: Pick<Env, "TOKEN_ENCRYPTION_KEY" | "TOKEN_ENCRYPTION_PREVIOUS_KEYS" | "appSecret">,
): TokenCipher {
  const current = env.TOKEN_ENCRYPTION_KEY ? parseKey(env.TOKEN_ENCRYPTION_KEY)! : deriveKey(env.appSecret);
  const previous = (env.TOKEN_ENCRYPTION_PREVIOUS_KEYS ?? "")
    .split(",")
    .filter((key) => key.trim())
    .map((key) => parseKey(key)!);
  return createTokenCipher(current, previous);
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
