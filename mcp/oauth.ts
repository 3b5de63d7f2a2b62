// OAuth 2.1 sign-in for remote MCP clients (Claude's and ChatGPT's connectors), per the MCP
// authorization spec: protected resource metadata (RFC 9728), authorization server metadata
// (RFC 8414), authorization code with PKCE, dynamic client registration (RFC 7591), resource
// indicators (RFC 8707), refresh tokens. The SDK's mcpAuthRouter serves the endpoints and checks
// the protocol (client, redirect_uri, PKCE); this module is its OAuthServerProvider over Prisma,
// the consent step the app's page calls, and token verification for /mcp. ADR 0021.
//
// Every code and token is stored as a sha256 hash only; a grant (one merchant's consent for one
// client on one shop) carries the scope and auto-approve, and revoking it ends all its tokens.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { McpGrant } from "@prisma/client";
import express, { type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import {
  InvalidClientError,
  InvalidGrantError,
  InvalidScopeError,
  InvalidTargetError,
  InvalidTokenError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { AuthorizationParams, OAuthServerProvider } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import type { OAuthRegisteredClientsStore } from "@modelcontextprotocol/sdk/server/auth/clients.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import {
  createOAuthMetadata,
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthRouter,
} from "@modelcontextprotocol/sdk/server/auth/router.js";
import { metadataHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/metadata.js";
import type {
  OAuthClientInformationFull,
  OAuthTokenRevocationRequest,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { audit } from "../agents/core/audit";
import type { Actor } from "../agents/core/context";
import { fail, ok, type ToolResult } from "../agents/core/result";
import type { Db } from "../agents/db/client";
import { ClientMetadataError, ClientMetadataResolver, isUrlClientId } from "./client-metadata";
import { forgetVerified, recallVerified, rememberVerified, verifiedKey } from "./verified-cache";
import { isOAuthPath } from "./paths";
import {
  addressKey,
  bearerToken,
  hashToken,
  shopUninstalled,
  verifyToken,
  type CallLimiter,
  type TokenScope,
  type VerifyResult,
} from "./auth";

export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 30 * 86_400;
const CODE_SECONDS = 300;
const REQUEST_SECONDS = 600;
/** The path of the consent page (app/routes/app.authorize.tsx): inside the app, so the shop is known. */
export const CONSENT_PATH = "/app/authorize";
/**
 * Embedded (Shopify) mode: where /authorize sends the browser first (app/routes/connect.tsx). The
 * consent page there runs inside Shopify's admin, which knows the store only from its own URL: this
 * page asks which store and opens the consent page in that store's admin.
 */
export const STORE_CHOICE_PATH = "/connect";
export const MCP_RESOURCE_PATH = "/mcp";
export const SCOPES_SUPPORTED = ["read", "write"];

type SecretKind = "code" | "access" | "refresh";
const SECRET_PREFIX: Record<SecretKind, string> = { code: "rqc_", access: "rqa_", refresh: "rqr_" };
const ACCESS_PATTERN = /^rqa_[A-Za-z0-9_-]{43}$/;

function newSecret(kind: SecretKind) {
  const value = `${SECRET_PREFIX[kind]}${randomBytes(32).toString("base64url")}`;
  return { value, tokenHash: hashToken(value) };
}

/** The MCP endpoint of an origin: the audience of every token issued there (RFC 8707). */
export const resourceFor = (origin: string) => new URL(MCP_RESOURCE_PATH, origin).href;
export const resourceMetadataUrl = (origin: string) =>
  getOAuthProtectedResourceMetadataUrl(new URL(resourceFor(origin)));

/** Scopes a grant's tokens carry: write includes read. */
const grantScopes = (scope: string) => (scope === "write" ? ["read", "write"] : ["read"]);

// ---------- clients (RFC 7591) ----------

/**
 * A confidential client's secret is an HMAC of its id under the app's secret: nothing to store,
 * and the SDK's client authentication (which compares the secret as given) works unchanged.
 */
const clientSecretFor = (appSecret: string, clientId: string) =>
  createHmac("sha256", appSecret).update(`mcp-client:${clientId}`).digest("base64url");

function clientsStore(db: Db, appSecret: string, documents: ClientMetadataResolver): OAuthRegisteredClientsStore {
  const withSecret = (info: OAuthClientInformationFull): OAuthClientInformationFull =>
    info.token_endpoint_auth_method === "none"
      ? info
      : { ...info, client_secret: clientSecretFor(appSecret, info.client_id), client_secret_expires_at: 0 };
  return {
    async getClient(clientId) {
      // A URL is a client ID metadata document (ADR 0036): its document is the registration. A
      // failure is an OAuth error (invalid_client, 400) with the reason, never a 500.
      if (isUrlClientId(clientId)) {
        try {
          return await documents.resolve(clientId);
        } catch (error) {
          if (error instanceof ClientMetadataError) throw new InvalidClientError(error.message);
          throw error;
        }
      }
      if (clientId.length > 200) return undefined;
      const row = await db.mcpOAuthClient.findUnique({ where: { id: clientId } });
      if (!row) return undefined;
      return withSecret({ ...(JSON.parse(row.metadata) as OAuthClientInformationFull), client_id: row.id });
    },
    async registerClient(client) {
      const id = (client as Partial<OAuthClientInformationFull>).client_id ?? randomUUID();
      const info = {
        ...client,
        client_id: id,
        client_id_issued_at: Math.floor(Date.now() / 1000),
        client_secret: undefined,
        client_secret_expires_at: undefined,
      } as OAuthClientInformationFull;
      const first = client.redirect_uris[0];
      const name = (client.client_name ?? "").trim().slice(0, 80) || (first ? new URL(first).host : "MCP client");
      await db.mcpOAuthClient.create({ data: { id, name, metadata: JSON.stringify(info) } });
      return withSecret(info);
    },
  };
}

// ---------- the authorization request, carried to the consent page ----------

/** What the client asked for at /authorize, signed so that the consent page can trust it. */
export const authorizationRequest = z.object({
  clientId: z.string(),
  clientName: z.string(),
  /** The host of a URL client_id (a metadata document's): shown beside the self-declared name. */
  clientHost: z.string().optional(),
  redirectUri: z.string(),
  codeChallenge: z.string(),
  state: z.string().optional(),
  scopes: z.array(z.string()),
  resource: z.string(),
  expiresAt: z.number(),
});
export type AuthorizationRequest = z.infer<typeof authorizationRequest>;

const sign = (appSecret: string, body: string) =>
  createHmac("sha256", appSecret).update(`mcp-authorize:${body}`).digest("base64url");

export function signAuthorizationRequest(appSecret: string, request: AuthorizationRequest): string {
  const body = Buffer.from(JSON.stringify(request)).toString("base64url");
  return `${body}.${sign(appSecret, body)}`;
}

/** The request the consent page was opened with, or why it cannot be used. */
export function readAuthorizationRequest(
  appSecret: string,
  value: string | null,
  now = new Date(),
): { ok: true; request: AuthorizationRequest } | { ok: false; message: string } {
  const invalid = {
    ok: false as const,
    message: "This sign-in link is not valid. Start connecting again from your assistant.",
  };
  const [body, mac, extra] = (value ?? "").split(".");
  if (!body || !mac || extra !== undefined || body.length > 8_000) return invalid;
  const expected = Buffer.from(sign(appSecret, body));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  let parsed;
  try {
    parsed = authorizationRequest.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return invalid;
  }
  if (!parsed.success) return invalid;
  if (parsed.data.expiresAt < now.getTime())
    return { ok: false, message: "This sign-in link has expired. Start connecting again from your assistant." };
  return { ok: true, request: parsed.data };
}

function redirectWith(redirectUri: string, params: Record<string, string | undefined>) {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.href;
}

export const consentInput = z
  .object({
    scope: z.enum(["read", "write"], { message: 'access must be "read" or "write"' }),
    autoApprove: z.boolean().default(false),
  })
  .refine((c) => !c.autoApprove || c.scope === "write", {
    message: "Applying changes without review needs read-and-propose access.",
    path: ["autoApprove"],
  });

/**
 * The merchant allowed the client: a grant on their shop and a one-time code. Returns where to
 * send the browser (the client's redirect URI with the code and state).
 */
export async function approveAuthorization(
  db: Db,
  shop: string,
  actor: Actor,
  request: AuthorizationRequest,
  input: z.input<typeof consentInput>,
  now = new Date(),
): Promise<ToolResult<{ redirectTo: string; grantId: string }>> {
  const parsed = consentInput.safeParse(input);
  if (!parsed.success)
    return fail("invalid_input", parsed.error.issues.map((i) => i.message).join("; "), "Choose an access level.");
  const grant = await db.mcpGrant.create({
    data: {
      shop,
      clientId: request.clientId,
      // Settings > MCP clients shows where a document client's name came from.
      clientName: request.clientHost
        ? `${request.clientName} (${request.clientHost})`.slice(0, 200)
        : request.clientName,
      scope: parsed.data.scope,
      autoApprove: parsed.data.autoApprove,
      resource: request.resource,
    },
  });
  const code = newSecret("code");
  await db.mcpOAuthSecret.create({
    data: {
      tokenHash: code.tokenHash,
      kind: "code",
      grantId: grant.id,
      expiresAt: new Date(now.getTime() + CODE_SECONDS * 1000),
      codeChallenge: request.codeChallenge,
      redirectUri: request.redirectUri,
    },
  });
  await audit(
    { db, shop, actor },
    {
      action: "mcp.oauth.grant",
      input: { grantId: grant.id, client: request.clientName, scope: grant.scope, autoApprove: grant.autoApprove },
      outcome: "ok",
    },
  );
  return ok({
    redirectTo: redirectWith(request.redirectUri, { code: code.value, state: request.state }),
    grantId: grant.id,
  });
}

/** The merchant said no: the client hears access_denied (RFC 6749 4.1.2.1). */
export const denyAuthorization = (request: AuthorizationRequest) =>
  redirectWith(request.redirectUri, {
    error: "access_denied",
    error_description: "The merchant did not allow access.",
    state: request.state,
  });

// ---------- the provider ----------

export interface OAuthOptions {
  db: Db;
  /** Signs authorization requests and derives confidential clients' secrets (config's appSecret). */
  appSecret: string;
  now?: () => Date;
  /** Fetches client ID metadata documents (one per router, so its cache is shared by origins). */
  clientDocuments?: ClientMetadataResolver;
  /** Where /authorize sends the browser: CONSENT_PATH (local mode, the default) or STORE_CHOICE_PATH. */
  consentPath?: string;
}

async function issueTokens(db: Db, grant: McpGrant, now: Date): Promise<OAuthTokens> {
  const access = newSecret("access");
  const refresh = newSecret("refresh");
  await db.mcpOAuthSecret.createMany({
    data: [
      {
        tokenHash: access.tokenHash,
        kind: "access",
        grantId: grant.id,
        expiresAt: new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000),
      },
      {
        tokenHash: refresh.tokenHash,
        kind: "refresh",
        grantId: grant.id,
        expiresAt: new Date(now.getTime() + REFRESH_TOKEN_SECONDS * 1000),
      },
    ],
  });
  return {
    access_token: access.value,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_SECONDS,
    refresh_token: refresh.value,
    scope: grantScopes(grant.scope).join(" "),
  };
}

/**
 * A code or refresh token presented a second time was stolen or replayed: OAuth 2.1 (4.1.3, 4.3.1)
 * asks to revoke what was issued from it, so the grant is revoked.
 */
async function revokeOnReplay(db: Db, grantId: string, now: Date) {
  await db.mcpGrant.updateMany({ where: { id: grantId, revokedAt: null }, data: { revokedAt: now } });
  forgetVerified(grantId);
}

export function oauthProvider(options: OAuthOptions, origin: string): OAuthServerProvider {
  const { db, appSecret } = options;
  const now = () => options.now?.() ?? new Date();
  const resource = resourceFor(origin);
  const documents = options.clientDocuments ?? new ClientMetadataResolver();

  /** A code or refresh token of this client, live, with its grant; throws invalid_grant otherwise. */
  async function redeemable(client: OAuthClientInformationFull, value: string, kind: "code" | "refresh") {
    const row = await db.mcpOAuthSecret.findUnique({ where: { tokenHash: hashToken(value) } });
    const grant = row?.kind === kind ? await db.mcpGrant.findUnique({ where: { id: row.grantId } }) : null;
    const what = kind === "code" ? "authorization code" : "refresh token";
    if (!row || !grant || grant.clientId !== client.client_id) throw new InvalidGrantError(`Unknown ${what}.`);
    if (grant.revokedAt) throw new InvalidGrantError(`The merchant revoked this access; sign in again.`);
    if (row.expiresAt < now()) throw new InvalidGrantError(`The ${what} has expired.`);
    return { row, grant };
  }

  /** Marks a code or refresh token used, once: a second use revokes the grant. */
  async function consume(tokenHash: string, grantId: string, what: string) {
    const claimed = await db.mcpOAuthSecret.updateMany({ where: { tokenHash, usedAt: null }, data: { usedAt: now() } });
    if (claimed.count !== 1) {
      await revokeOnReplay(db, grantId, now());
      throw new InvalidGrantError(`This ${what} was already used; access was revoked for safety. Sign in again.`);
    }
  }

  const checkResource = (given?: URL) => {
    if (given && given.href !== resource)
      throw new InvalidTargetError(`This server issues tokens for ${resource} only.`);
  };

  return {
    clientsStore: clientsStore(db, appSecret, documents),

    async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response) {
      if (params.resource && params.resource.href !== resource) {
        return res.redirect(
          302,
          redirectWith(params.redirectUri, {
            error: "invalid_target",
            error_description: `This server issues tokens for ${resource} only.`,
            state: params.state,
          }),
        );
      }
      const unknown = (params.scopes ?? []).filter((s) => !SCOPES_SUPPORTED.includes(s));
      if (unknown.length > 0) {
        return res.redirect(
          302,
          redirectWith(params.redirectUri, {
            error: "invalid_scope",
            error_description: `Unknown scope ${unknown.join(", ")}; use read or write.`,
            state: params.state,
          }),
        );
      }
      const request: AuthorizationRequest = {
        clientId: client.client_id,
        clientName: (client.client_name ?? "").trim().slice(0, 80) || new URL(params.redirectUri).host,
        ...(isUrlClientId(client.client_id) ? { clientHost: new URL(client.client_id).host } : {}),
        redirectUri: params.redirectUri,
        codeChallenge: params.codeChallenge,
        state: params.state,
        scopes: params.scopes ?? [],
        resource,
        expiresAt: now().getTime() + REQUEST_SECONDS * 1000,
      };
      const consent = new URL(options.consentPath ?? CONSENT_PATH, origin);
      consent.searchParams.set("request", signAuthorizationRequest(appSecret, request));
      res.redirect(302, consent.href);
    },

    async challengeForAuthorizationCode(client, authorizationCode) {
      const { row } = await redeemable(client, authorizationCode, "code");
      if (row.usedAt) {
        await revokeOnReplay(db, row.grantId, now());
        throw new InvalidGrantError("This authorization code was already used; access was revoked for safety.");
      }
      return row.codeChallenge ?? "";
    },

    async exchangeAuthorizationCode(client, authorizationCode, _verifier, redirectUri, given) {
      const { row, grant } = await redeemable(client, authorizationCode, "code");
      if (redirectUri !== undefined && redirectUri !== row.redirectUri)
        throw new InvalidGrantError("redirect_uri differs from the authorization request's.");
      checkResource(given);
      await consume(row.tokenHash, grant.id, "authorization code");
      return issueTokens(db, grant, now());
    },

    async exchangeRefreshToken(client, refreshToken, scopes, given) {
      const { row, grant } = await redeemable(client, refreshToken, "refresh");
      checkResource(given);
      const allowed = grantScopes(grant.scope);
      const extra = (scopes ?? []).filter((s) => !allowed.includes(s));
      if (extra.length > 0) throw new InvalidScopeError(`This access does not include ${extra.join(", ")}.`);
      await consume(row.tokenHash, grant.id, "refresh token");
      return issueTokens(db, grant, now());
    },

    async verifyAccessToken(token: string): Promise<AuthInfo> {
      const verified = await verifyAccessToken(db, token, resource, now());
      if (!verified.ok) throw new InvalidTokenError(verified.message);
      return {
        token,
        clientId: verified.clientId ?? "",
        scopes: grantScopes(verified.auth.scope),
        resource: new URL(resource),
      };
    },

    async revokeToken(client: OAuthClientInformationFull, request: OAuthTokenRevocationRequest) {
      // RFC 7009: an unknown or foreign token is not an error. Revoking a refresh token ends the
      // grant; revoking an access token ends that token.
      const row = await db.mcpOAuthSecret.findUnique({ where: { tokenHash: hashToken(request.token) } });
      if (!row || row.kind === "code") return;
      const grant = await db.mcpGrant.findUnique({ where: { id: row.grantId } });
      if (!grant || grant.clientId !== client.client_id) return;
      if (row.kind === "refresh") await revokeOnReplay(db, grant.id, now());
      else {
        await db.mcpOAuthSecret.update({ where: { tokenHash: row.tokenHash }, data: { usedAt: now() } });
        forgetVerified(grant.id);
      }
    },
  };
}

// ---------- verification at /mcp ----------

const LAST_USED_RESOLUTION_MS = 60_000;

/** An OAuth access token (`rqa_...`) for `resource`; same result shape as a static token's. */
export async function verifyAccessToken(
  db: Db,
  token: string,
  resource: string | null,
  now = new Date(),
): Promise<VerifyResult & { clientId?: string; expiresAt?: Date }> {
  const failure = (reason: Extract<VerifyResult, { ok: false }>["reason"], message: string, grant?: McpGrant) => ({
    ok: false as const,
    reason,
    message,
    prefix: token.slice(0, 10),
    ...(grant ? { shop: grant.shop, tokenId: grant.id } : {}),
  });
  if (!ACCESS_PATTERN.test(token))
    return failure("malformed", "This is not a Royal Equips access token; sign in again from your MCP client.");
  const row = await db.mcpOAuthSecret.findUnique({ where: { tokenHash: hashToken(token) } });
  const grant = row?.kind === "access" ? await db.mcpGrant.findUnique({ where: { id: row.grantId } }) : null;
  if (!row || !grant) return failure("unknown", "This access token is not valid; sign in again from your MCP client.");
  if (grant.revokedAt || row.usedAt)
    return failure("revoked", "This access was revoked in the app (Settings > MCP clients); sign in again.", grant);
  if (row.expiresAt <= now)
    return failure("expired", "This access token has expired; refresh it or sign in again.", grant);
  if (resource === null || grant.resource !== resource)
    return failure("wrong_audience", `This access token was issued for ${grant.resource}, not for this server.`, grant);
  if (await shopUninstalled(db, grant.shop, now))
    return failure("shop_uninstalled", "The shop of this access token has uninstalled the app.", grant);
  if (!grant.lastUsedAt || now.getTime() - grant.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS)
    await db.mcpGrant.update({ where: { id: grant.id }, data: { lastUsedAt: now } });
  const scope: TokenScope = grant.scope === "write" ? "write" : "read";
  return {
    ok: true,
    auth: { shop: grant.shop, tokenId: grant.id, scope, autoApprove: scope === "write" && grant.autoApprove },
    clientId: grant.clientId,
    expiresAt: row.expiresAt,
  };
}

/**
 * /mcp's one check: an OAuth access token for `resource` (null where OAuth is not served, e.g.
 * stdio), or else a static token from Settings > MCP clients. A success is remembered for
 * VERIFIED_TTL_MS (mcp/verified-cache.ts, ADR 0030): revocation elsewhere bites within that bound.
 */
export async function verifyBearer(
  db: Db,
  authorization: string | undefined,
  resource: string | null,
  now = new Date(),
): Promise<VerifyResult> {
  const access = /^bearer\s+(rqa_\S*)\s*$/i.exec(authorization?.trim() ?? "")?.[1];
  const token = access ?? bearerToken(authorization);
  const key = token ? verifiedKey(hashToken(token), resource) : null;
  const remembered = key ? recallVerified(key, now) : null;
  // An uninstall is checked on every request all the same (it is itself cached per process).
  if (remembered && !(await shopUninstalled(db, remembered.shop, now))) return { ok: true, auth: remembered };
  const verified: VerifyResult & { expiresAt?: Date } = access
    ? await verifyAccessToken(db, access, resource, now)
    : await verifyToken(db, authorization, now);
  if (verified.ok && key) rememberVerified(key, verified.auth, now, verified.expiresAt);
  return verified;
}

// ---------- grants on the settings page ----------

export interface GrantSummary {
  id: string;
  client: string;
  scope: TokenScope;
  autoApprove: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const grantSummary = (g: McpGrant): GrantSummary => ({
  id: g.id,
  client: g.clientName,
  scope: g.scope === "write" ? "write" : "read",
  autoApprove: g.scope === "write" && g.autoApprove,
  createdAt: g.createdAt.toISOString(),
  lastUsedAt: g.lastUsedAt?.toISOString() ?? null,
  revokedAt: g.revokedAt?.toISOString() ?? null,
});

export async function listGrants(db: Db, shop: string): Promise<GrantSummary[]> {
  const rows = await db.mcpGrant.findMany({
    where: { shop },
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    take: 200,
  });
  return rows.map(grantSummary);
}

/** Revokes at once: the next request with any of its tokens is 401, and its refresh token is refused. */
export async function revokeGrant(
  db: Db,
  shop: string,
  actor: Actor,
  grantId: string,
  now = new Date(),
): Promise<ToolResult<GrantSummary>> {
  const grant = await db.mcpGrant.findFirst({ where: { id: grantId, shop } });
  if (!grant) return fail("not_found", "No such connected app in this shop.", "Pick one from the list.");
  if (grant.revokedAt) return ok(grantSummary(grant));
  const revoked = await db.mcpGrant.update({ where: { id: grant.id }, data: { revokedAt: now } });
  forgetVerified(grant.id);
  await audit(
    { db, shop, actor },
    { action: "mcp.oauth.revoke", input: { grantId: grant.id, client: grant.clientName }, outcome: "ok" },
  );
  return ok(grantSummary(revoked));
}

// ---------- the Express side ----------

/**
 * The OAuth endpoints (/authorize, /token, /register, /revoke and the two well-known metadata
 * documents) for the origin a request came to. With an app URL (embedded, production) that is
 * the one origin; in local mode it is the request's own (already Host-checked) origin, so that
 * http://localhost:PORT and http://127.0.0.1:PORT each describe themselves. Routers are built once
 * per origin.
 */
export function oauthRouter(
  options: OAuthOptions & {
    appUrl?: string | null;
    refuseHost: (req: Request) => string | null;
    /** Requests per client address to the OAuth endpoints (shared through Redis across processes). */
    limiter: CallLimiter;
    /** Fetch http:// client ID metadata documents from loopback hosts: tests and local development only. */
    allowLoopbackClientMetadata?: boolean;
  },
): RequestHandler {
  const routers = new Map<string, RequestHandler>();
  const clientDocuments =
    options.clientDocuments ?? new ClientMetadataResolver({ allowLoopback: options.allowLoopbackClientMetadata });
  const forOrigin = (origin: string) => {
    let router = routers.get(origin);
    if (!router) {
      if (routers.size > 32) routers.clear();
      // With an app URL the app runs embedded in Shopify's admin: the store is asked for first.
      const consentPath = options.appUrl ? STORE_CHOICE_PATH : CONSENT_PATH;
      const provider = oauthProvider({ ...options, clientDocuments, consentPath }, origin);
      const issuerUrl = new URL(origin);
      // The SDK's metadata has no option for client ID metadata documents (2025-11-25): the same
      // document plus the flag is served first, in front of the SDK's own.
      const advertised = express.Router();
      advertised.use(
        "/.well-known/oauth-authorization-server",
        metadataHandler({
          ...createOAuthMetadata({ provider, issuerUrl, scopesSupported: SCOPES_SUPPORTED }),
          client_id_metadata_document_supported: true,
        }),
      );
      advertised.use(
        mcpAuthRouter({
          provider,
          issuerUrl,
          resourceServerUrl: new URL(resourceFor(origin)),
          scopesSupported: SCOPES_SUPPORTED,
          resourceName: "Royal Equips",
          // The SDK's per-router, in-memory limits are replaced by one Redis-backed limit per address
          // below: these routers are built per origin on first use, and the web may run several processes.
          authorizationOptions: { rateLimit: false },
          tokenOptions: { rateLimit: false },
          clientRegistrationOptions: { rateLimit: false },
          revocationOptions: { rateLimit: false },
        }),
      );
      router = advertised;
      routers.set(origin, router);
    }
    return router;
  };
  const outer = express.Router();
  const handle = async (req: Request, res: Response, next: (error?: unknown) => void) => {
    if (!isOAuthPath(req.path)) return next();
    const origin = originOf(req, options.appUrl, options.refuseHost);
    if (!origin) {
      res.status(403).json({ error: "invalid_request", error_description: "This host is not served here." });
      return;
    }
    const limit = await options.limiter.consume(addressKey(req.ip ?? req.socket.remoteAddress ?? "unknown"));
    if (!limit.ok) {
      res.setHeader("Retry-After", String(Math.ceil(limit.retryAfterMs / 1000)));
      res.status(429).json({ error: "too_many_requests", error_description: "Too many requests; try again later." });
      return;
    }
    let router: RequestHandler;
    try {
      router = forOrigin(origin);
    } catch (error) {
      // The SDK refuses a plain-http issuer other than localhost / 127.0.0.1 (RFC 8414 wants https).
      res.status(400).json({ error: "invalid_request", error_description: (error as Error).message });
      return;
    }
    router(req, res, next);
  };
  outer.use((req, res, next) => void handle(req, res, next).catch(next));
  // A body the SDK's parsers cannot read (malformed JSON or form, too large) reaches here: answer
  // it as OAuth errors are answered, in JSON, instead of Express's HTML page.
  outer.use(
    (error: { status?: number; statusCode?: number }, _req: Request, res: Response, next: (e?: unknown) => void) => {
      if (res.headersSent) return next(error);
      const status = error.status ?? error.statusCode ?? 500;
      if (status >= 400 && status < 500)
        res.status(status).json({ error: "invalid_request", error_description: "The request body could not be read." });
      else res.status(500).json({ error: "server_error", error_description: "Internal error." });
    },
  );
  return outer;
}

/** The origin OAuth speaks for: the app URL's, or (local mode) the checked Host's; null when refused. */
export function originOf(req: Request, appUrl: string | null | undefined, refuseHost: (req: Request) => string | null) {
  if (appUrl) return new URL(appUrl).origin;
  if (refuseHost(req) !== null) return null;
  return `${req.protocol}://${req.headers.host}`;
}
