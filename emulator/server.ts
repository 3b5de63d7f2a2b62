// The emulator's HTTP server: POST /admin/api/<version>/graphql.json like a Shopify shop, plus
// bulk operation result files, GET /healthz, a simulation endpoint, and the refresh-token grant of
// POST /admin/oauth/access_token (expiring offline tokens).
import { randomBytes } from "node:crypto";
import { createReadStream, existsSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { CostBucket, DEFAULT_BUCKET, type BucketOptions } from "./graphql/bucket";
import { BulkQueryRunner } from "./graphql/bulk";
import { runGraphQL } from "./graphql/engine";
import type { GraphQLContext } from "./graphql/util";
import { loadAdminSchema, supportedAdminVersions } from "./schema";
import { simulate, type SimulateOptions } from "./simulate";
import { EmulatorStore } from "./store/store";
import { WebhookDispatcher, type ConfiguredWebhooks } from "./webhooks/dispatcher";
import { EMULATOR_API_VERSION } from "./version";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  dbPath: string;
  shopDomain: string;
  /** Admin API access token(s) accepted in X-Shopify-Access-Token; each gets its own cost bucket. */
  accessToken: string | string[];
  clientSecret: string;
  bucket?: BucketOptions;
  webhooks?: ConfiguredWebhooks;
  /** Delays in ms before each webhook retry (default: Shopify's ~4 h schedule). */
  retrySchedule?: number[];
  webhookTimeoutMs?: number;
  /** Where bulk operation JSONL files go (default: beside the database, or the OS temp dir). */
  bulkDir?: string;
  /** The app's client id, required with refresh tokens (the grant checks it with clientSecret). */
  clientId?: string;
  /** Refresh tokens POST /admin/oauth/access_token accepts (each once: Shopify rotates them). */
  refreshTokens?: string[];
  /** The scopes a refresh reports as granted (comma-separated). */
  scope?: string;
  /** Lifetime of access tokens issued by a refresh (default 3600 s, Shopify's). */
  tokenLifetimeSeconds?: number;
}

export interface RunningEmulator {
  url: string;
  /** e.g. http://127.0.0.1:1234/admin/api/2026-10/graphql.json */
  graphqlUrl: string;
  store: EmulatorStore;
  webhooks: WebhookDispatcher;
  bulk: BulkQueryRunner;
  close(): Promise<void>;
}

const UNAUTHORIZED = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("Request body exceeds 10 MB");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  for (const key of ["shopDomain", "accessToken", "clientSecret", "dbPath"] as const) {
    if (!opts[key]) throw new Error(`startEmulator: option "${key}" is required`);
  }
  const store = EmulatorStore.open(opts.dbPath, opts.shopDomain);
  loadAdminSchema(EMULATOR_API_VERSION); // fail fast, and warm the cache
  const versions = new Set(supportedAdminVersions());
  const buckets = new Map<string, CostBucket>();
  const bucketFor = (token: string) => {
    let b = buckets.get(token);
    if (!b) buckets.set(token, (b = new CostBucket(opts.bucket ?? DEFAULT_BUCKET)));
    return b;
  };
  let baseUrl = "";
  // An in-memory store's bulk files live as long as the server: in a temp dir removed on close.
  const temporaryBulkDir = !opts.bulkDir && opts.dbPath === ":memory:";
  const bulkDir =
    opts.bulkDir ??
    (temporaryBulkDir
      ? path.join(
          os.tmpdir(),
          `shopify-emulator-bulk-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
        )
      : path.join(path.dirname(path.resolve(opts.dbPath)), "bulk-operations"));
  const contextFor = (apiVersion: string): GraphQLContext => ({
    store,
    apiVersion,
    baseUrl,
    services: {
      startBulkQuery: (q) => bulk.start(q),
    },
  });
  const bulk = new BulkQueryRunner(loadAdminSchema(EMULATOR_API_VERSION), bulkDir, () =>
    contextFor(EMULATOR_API_VERSION),
  );
  const webhooks = new WebhookDispatcher({
    store,
    clientSecret: opts.clientSecret,
    apiVersion: EMULATOR_API_VERSION,
    shopDomain: opts.shopDomain,
    configured: opts.webhooks,
    retrySchedule: opts.retrySchedule,
    timeoutMs: opts.webhookTimeoutMs,
  });

  const tokens = new Set(Array.isArray(opts.accessToken) ? opts.accessToken : [opts.accessToken]);
  // Tokens issued by refreshes expire; the configured ones do not.
  const expiresAt = new Map<string, number>();
  const refreshTokens = new Set(opts.refreshTokens ?? []);
  const authorised = (req: IncomingMessage) => {
    const token = String(req.headers["x-shopify-access-token"] ?? "");
    if (!tokens.has(token)) return false;
    const expiry = expiresAt.get(token);
    return expiry === undefined || expiry > Date.now();
  };
  const refresh = async (req: IncomingMessage, res: ServerResponse) => {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, { error: "invalid_request", error_description: "Body must be JSON" });
    }
    if (body.grant_type !== "refresh_token")
      return send(res, 400, {
        error: "unsupported_grant_type",
        error_description: "Only the refresh_token grant is emulated",
      });
    if (!opts.clientId || body.client_id !== opts.clientId || body.client_secret !== opts.clientSecret)
      return send(res, 401, { error: "invalid_client", error_description: "Unknown client_id or wrong client_secret" });
    const presented = String(body.refresh_token ?? "");
    if (!refreshTokens.delete(presented))
      return send(res, 400, {
        error: "invalid_grant",
        error_description: "The refresh token is invalid, expired or already used",
      });
    const lifetime = opts.tokenLifetimeSeconds ?? 3600;
    const accessToken = `shpat_${randomBytes(16).toString("hex")}`;
    const refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
    tokens.add(accessToken);
    expiresAt.set(accessToken, Date.now() + lifetime * 1000);
    refreshTokens.add(refreshToken);
    return send(res, 200, {
      access_token: accessToken,
      scope: opts.scope ?? "",
      expires_in: lifetime,
      refresh_token: refreshToken,
      refresh_token_expires_in: 90 * 24 * 3600,
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    if (req.method === "GET" && url.pathname === "/healthz") {
      return send(res, 200, { ok: true, shop: opts.shopDomain, apiVersion: EMULATOR_API_VERSION });
    }
    const bulkFile = /^\/bulk-operations\/(\d+)\.jsonl$/.exec(url.pathname);
    if (req.method === "GET" && bulkFile) {
      const row = store.one(
        "SELECT file_path FROM bulk_operations WHERE id = ? AND status = 'COMPLETED'",
        Number(bulkFile[1]),
      );
      if (!row?.file_path || !existsSync(String(row.file_path))) return send(res, 404, { errors: "Not Found" });
      res.writeHead(200, { "Content-Type": "application/jsonl" });
      createReadStream(String(row.file_path)).pipe(res);
      return;
    }
    const gql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (gql) {
      if (req.method !== "POST") return send(res, 405, { errors: "Use POST for GraphQL requests" }, { Allow: "POST" });
      const version = gql[1];
      if (!versions.has(version)) return send(res, 404, { errors: "Not Found" });
      if (!authorised(req)) return send(res, 401, UNAUTHORIZED);
      const raw = await readBody(req);
      let body: Record<string, unknown>;
      if (String(req.headers["content-type"] ?? "").startsWith("application/graphql")) {
        body = { query: raw };
      } else {
        try {
          body = JSON.parse(raw);
          if (body === null || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
        } catch {
          return send(res, 400, {
            errors: 'Body must be JSON: {"query": "...", "variables": {...}} (or Content-Type: application/graphql)',
          });
        }
      }
      const token = String(req.headers["x-shopify-access-token"]);
      const response = await runGraphQL(loadAdminSchema(version), body, contextFor(version), bucketFor(token));
      return send(res, 200, response, { "X-Shopify-API-Version": version });
    }
    if (url.pathname === "/admin/oauth/access_token") {
      if (req.method !== "POST") return send(res, 405, { errors: "Use POST" }, { Allow: "POST" });
      return refresh(req, res);
    }
    if (req.method === "POST" && url.pathname === "/emulator/simulate") {
      if (!authorised(req)) return send(res, 401, UNAUTHORIZED);
      let simOpts: SimulateOptions;
      try {
        simOpts = JSON.parse((await readBody(req)) || "{}");
      } catch {
        return send(res, 400, {
          errors: 'Body must be JSON: {"orders": 10, "refunds": 2, "stockMoves": 5, "seed": 1}',
        });
      }
      return send(res, 200, simulate(store, simOpts));
    }
    if (req.method === "POST" && url.pathname === "/emulator/app-uninstalled") {
      if (!authorised(req)) return send(res, 401, UNAUTHORIZED);
      store.uninstallApp();
      return send(res, 200, { ok: true });
    }
    return send(res, 404, { errors: "Not Found" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: `Emulator error: ${(err as Error).message}` });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as AddressInfo;
  baseUrl = `http://${addr.address.includes(":") ? `[${addr.address}]` : addr.address}:${addr.port}`;

  return {
    url: baseUrl,
    graphqlUrl: `${baseUrl}/admin/api/${EMULATOR_API_VERSION}/graphql.json`,
    store,
    webhooks,
    bulk,
    close: async () => {
      webhooks.close();
      await bulk.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
      if (temporaryBulkDir) rmSync(bulkDir, { recursive: true, force: true });
    },
  };
}
