// OAuth 2.1 sign-in at /mcp (mcp/oauth.ts) over real HTTP, SQLite/PostgreSQL and Redis, driven by
// the MCP SDK's own client (auth() and the transport's authProvider): discovery, registration,
// PKCE, code exchange, refresh, scope enforcement, revocation, and bad tokens. The consent page is
// a Remix route (tested in Chromium by tests/e2e/mcp-oauth.e2e.test.ts); here its one call,
// approveAuthorization, stands in for the merchant's click.
import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash, randomBytes } from "node:crypto";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, type Redis } from "../agents/infra/redis";
import { createHttpApp } from "../server/http";
import { startTestRedis, type TestRedis } from "../tests/support/redis";
import { hashToken } from "./auth";
import { mountMcp } from "./http";
import { approveAuthorization, readAuthorizationRequest, revokeGrant } from "./oauth";
import { MemoryOAuthClient } from "./testing/oauth-client";
import { registryWithWriteTool, startFixture, TEST_SHOP, type Fixture } from "./testing/fixtures";

const APP_SECRET = "oauth-test-secret";
const MERCHANT = { kind: "merchant" as const, id: "owner" };
const CALLBACK = "http://127.0.0.1:9/callback";

let fx: Fixture;
let testRedis: TestRedis;
let redis: Redis;
let server: Server;
let base: string;

beforeAll(async () => {
  [fx, testRedis] = await Promise.all([startFixture(), startTestRedis()]);
  redis = createRedis(testRedis.url, { name: "mcp-oauth-test" });
  redis.on("error", () => {});
  await new Promise((resolve) => redis.once("ready", resolve));
  const app = createHttpApp({
    db: fx.db,
    redis,
    logger: fx.deps.logger,
    appHandler: (_req, res) => void res.status(404).send("no app in this test"),
    extraRoutes: mountMcp({
      ...fx.deps,
      redis,
      registry: registryWithWriteTool(),
      limiterPrefix: `oauth-${process.pid}-${Date.now()}`,
      // This file sends many bad tokens on purpose: the failed-sign-in guard is tested elsewhere.
      authFailureThreshold: 10_000,
      oauthLimit: { points: 10_000, durationSeconds: 60 },
      oauth: { appSecret: APP_SECRET },
    }),
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  redis?.disconnect();
  await testRedis?.stop();
  await fx?.close();
});

/** The merchant's part: open the consent page the server sent the browser to, and allow. */
async function consent(client: MemoryOAuthClient, choice: { scope: "read" | "write"; autoApprove?: boolean }) {
  const authorize = await fetch(client.authorizationUrl!, { redirect: "manual" });
  expect(authorize.status).toBe(302);
  const consentPage = new URL(authorize.headers.get("location")!);
  expect(consentPage.origin + consentPage.pathname).toBe(`${base}/app/authorize`);
  const read = readAuthorizationRequest(APP_SECRET, consentPage.searchParams.get("request"));
  if (!read.ok) throw new Error(read.message);
  const approved = await approveAuthorization(fx.db, TEST_SHOP, MERCHANT, read.request, choice);
  if (!approved.ok) throw new Error(approved.message);
  const back = new URL(approved.data.redirectTo);
  expect(back.origin + back.pathname).toBe(CALLBACK);
  expect(back.searchParams.get("state")).toBe("state-123");
  return { code: back.searchParams.get("code")!, grantId: approved.data.grantId };
}

/** A full sign-in by the SDK's client: returns the client (tokens saved) and the grant. */
async function signIn(choice: { scope: "read" | "write"; autoApprove?: boolean } = { scope: "read" }) {
  const client = new MemoryOAuthClient(CALLBACK);
  const serverUrl = `${base}/mcp`;
  expect(await auth(client, { serverUrl, fetchFn: client.fetch })).toBe("REDIRECT");
  const { code, grantId } = await consent(client, choice);
  expect(await auth(client, { serverUrl, authorizationCode: code, fetchFn: client.fetch })).toBe("AUTHORIZED");
  return { client, grantId };
}

async function connect(provider: MemoryOAuthClient) {
  const client = new Client({ name: "oauth-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: provider }));
  return client;
}

async function mcpPost(token: string | null, url = `${base}/mcp`) {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });
  const text = await response.text();
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get("www-authenticate") ?? "",
    json: JSON.parse(text),
  };
}

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe("discovery", () => {
  it("a request without a token gets 401 naming the protected resource metadata, which names this server", async () => {
    const answer = await mcpPost(null);
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe(-32001);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(answer.wwwAuthenticate)?.[1];
    expect(metadataUrl).toBe(`${base}/.well-known/oauth-protected-resource/mcp`);
    const prm = await (await fetch(metadataUrl!)).json();
    expect(prm).toMatchObject({ resource: `${base}/mcp`, authorization_servers: [`${base}/`] });
    const as = await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json();
    expect(as).toMatchObject({
      issuer: `${base}/`,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      registration_endpoint: `${base}/register`,
      code_challenge_methods_supported: ["S256"],
      grant_types_supported: ["authorization_code", "refresh_token"],
    });
  });

  const getWithHost = (host: string, url = `${base}/.well-known/oauth-authorization-server`) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { headers: { Host: host } }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });

  it("the OAuth endpoints refuse a Host that is not served (DNS rebinding)", async () => {
    expect((await getWithHost("evil.example")).status).toBe(403);
  });

  it("a served host that is neither https nor localhost gets a clear 400, not a crash", async () => {
    const answer = await getWithHost(`[::1]:${new URL(base).port}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error_description).toMatch(/HTTPS/);
    expect((await getWithHost(new URL(base).host)).status).toBe(200);
  });

  it("no token and expired tokens are not counted as failed sign-ins (OAuth clients start and refresh that way)", async () => {
    const app = createHttpApp({
      db: fx.db,
      redis,
      logger: fx.deps.logger,
      extraRoutes: mountMcp({
        ...fx.deps,
        redis,
        limiterPrefix: `oauth-guard-${process.pid}-${Date.now()}`,
        authFailureThreshold: 1,
        oauth: { appSecret: APP_SECRET },
      }),
    });
    const guarded = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => guarded.once("listening", resolve));
    try {
      const url = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}/mcp`;
      const { client: provider } = await signIn();
      await fx.db.mcpOAuthSecret.update({
        where: { tokenHash: hashToken(provider.saved!.access_token) },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      for (let i = 0; i < 3; i++) {
        expect((await mcpPost(null, url)).status).toBe(401);
        expect((await mcpPost(provider.saved!.access_token, url)).status).toBe(401);
      }
      // A guessed token is counted: past the threshold of 1, the next guess is 429.
      const guess = () => mcpPost(`rqa_${randomBytes(32).toString("base64url")}`, url);
      expect((await guess()).status).toBe(401);
      expect((await guess()).status).toBe(429);
    } finally {
      guarded.close();
    }
  });

  it("the OAuth endpoints are rate limited per address (429 with Retry-After)", async () => {
    const app = createHttpApp({
      db: fx.db,
      redis,
      logger: fx.deps.logger,
      extraRoutes: mountMcp({
        ...fx.deps,
        redis,
        limiterPrefix: `oauth-limit-${process.pid}-${Date.now()}`,
        oauthLimit: { points: 3, durationSeconds: 60 },
        oauth: { appSecret: APP_SECRET },
      }),
    });
    const limited = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => limited.once("listening", resolve));
    try {
      const url = `http://127.0.0.1:${(limited.address() as AddressInfo).port}/.well-known/oauth-authorization-server`;
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const answer = await fetch(url);
        statuses.push(answer.status);
        retryAfter = answer.headers.get("retry-after");
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      limited.close();
    }
  });
});

describe("sign-in with the SDK's client", () => {
  it("registers, signs in with PKCE and a resource indicator, lists and calls tools; read access sees read tools only", async () => {
    const { client: provider, grantId } = await signIn({ scope: "read" });
    // The flow as the client saw it.
    expect(provider.steps).toEqual([
      "GET /.well-known/oauth-protected-resource/mcp -> 200",
      "GET /.well-known/oauth-authorization-server -> 200",
      "POST /register -> 201",
      "GET /.well-known/oauth-protected-resource/mcp -> 200",
      "GET /.well-known/oauth-authorization-server -> 200",
      "POST /token -> 200",
    ]);
    expect(provider.authorizationUrl!.searchParams.get("code_challenge_method")).toBe("S256");
    expect(provider.authorizationUrl!.searchParams.get("resource")).toBe(`${base}/mcp`);
    expect(provider.saved).toMatchObject({ token_type: "Bearer", scope: "read", expires_in: 3600 });

    const client = await connect(provider);
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(3);
    expect(tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
    const overview = await client.callTool({ name: "get_shop_overview", arguments: { days: 30 } });
    expect(overview.isError).toBeFalsy();
    // A read grant cannot call a store change, even by name.
    const write = await client.callTool({ name: "test_propose_price", arguments: { variantId: "1", price: 1 } });
    expect(write.isError).toBe(true);
    await client.close();

    // Stored as hashes only.
    const rows = await fx.db.mcpOAuthSecret.findMany({ where: { grantId } });
    expect(rows.map((r) => r.kind).sort()).toEqual(["access", "code", "refresh"]);
    expect(rows.some((r) => r.tokenHash === provider.saved!.access_token)).toBe(false);
    expect(rows.some((r) => r.tokenHash === hashToken(provider.saved!.access_token))).toBe(true);
  });

  it("a read-write grant sees the store-change tools", async () => {
    const { client: provider } = await signIn({ scope: "write" });
    const client = await connect(provider);
    const { tools } = await client.listTools();
    expect(tools.some((t) => t.name === "test_propose_price")).toBe(true);
    await client.close();
  });

  it("refresh rotates the tokens; a refresh token used twice revokes the grant", async () => {
    const { client: provider, grantId } = await signIn();
    const first = provider.saved!;
    // With saved tokens, auth() refreshes.
    expect(await auth(provider, { serverUrl: `${base}/mcp`, fetchFn: provider.fetch })).toBe("AUTHORIZED");
    const second = provider.saved!;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await mcpPost(second.access_token)).status).toBe(200);

    const replay = await fetch(
      `${base}/token`,
      form({
        grant_type: "refresh_token",
        refresh_token: first.refresh_token!,
        client_id: String(provider.info!.client_id),
      }),
    );
    expect(replay.status).toBe(400);
    expect((await replay.json()).error).toBe("invalid_grant");
    const after = await mcpPost(second.access_token);
    expect(after.status).toBe(401);
    expect((await fx.db.mcpGrant.findUnique({ where: { id: grantId } }))!.revokedAt).not.toBeNull();
  });

  it("a confidential client authenticates with the secret it was given at registration", async () => {
    const provider = new MemoryOAuthClient(CALLBACK, { token_endpoint_auth_method: "client_secret_post" });
    expect(await auth(provider, { serverUrl: `${base}/mcp`, fetchFn: provider.fetch })).toBe("REDIRECT");
    expect(provider.info!.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await fx.db.mcpOAuthClient.findUnique({ where: { id: provider.info!.client_id } });
    expect(stored!.metadata).not.toContain(provider.info!.client_secret!);
    const { code } = await consent(provider, { scope: "read" });
    const wrong = await fetch(
      `${base}/token`,
      form({
        grant_type: "authorization_code",
        code,
        code_verifier: provider.verifier,
        client_id: provider.info!.client_id,
        client_secret: "not-the-secret",
      }),
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toBe("invalid_client");
    expect(await auth(provider, { serverUrl: `${base}/mcp`, authorizationCode: code, fetchFn: provider.fetch })).toBe(
      "AUTHORIZED",
    );
  });
});

describe("bad input gets a well-formed error and the server keeps serving", () => {
  it("revoked in Settings: the next call is 401 with WWW-Authenticate", async () => {
    const { client: provider, grantId } = await signIn({ scope: "write" });
    const token = provider.saved!.access_token;
    expect((await mcpPost(token)).status).toBe(200);
    const revoked = await revokeGrant(fx.db, TEST_SHOP, MERCHANT, grantId);
    expect(revoked.ok).toBe(true);
    const answer = await mcpPost(token);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ jsonrpc: "2.0", error: { code: -32001 }, id: null });
    expect(answer.wwwAuthenticate).toContain('error="invalid_token"');
    expect(answer.wwwAuthenticate).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
    // And its refresh token is refused.
    const refresh = await fetch(
      `${base}/token`,
      form({
        grant_type: "refresh_token",
        refresh_token: provider.saved!.refresh_token!,
        client_id: provider.info!.client_id,
      }),
    );
    expect(refresh.status).toBe(400);
    expect((await refresh.json()).error).toBe("invalid_grant");
  });

  it("an expired access token is 401 invalid_token", async () => {
    const { client: provider } = await signIn();
    const token = provider.saved!.access_token;
    await fx.db.mcpOAuthSecret.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const answer = await mcpPost(token);
    expect(answer.status).toBe(401);
    expect(answer.json.error.message).toMatch(/expired/);
    expect(answer.wwwAuthenticate).toContain('error="invalid_token"');
  });

  it("a token for another server (wrong audience) is 401", async () => {
    const { client: provider, grantId } = await signIn();
    await fx.db.mcpGrant.update({ where: { id: grantId }, data: { resource: "https://elsewhere.example/mcp" } });
    const answer = await mcpPost(provider.saved!.access_token);
    expect(answer.status).toBe(401);
    expect(answer.json.error.message).toMatch(/issued for https:\/\/elsewhere\.example\/mcp/);
  });

  it("a token of the same origin under another name (localhost vs 127.0.0.1) is another audience", async () => {
    const { client: provider } = await signIn();
    const other = base.replace("127.0.0.1", "localhost");
    const answer = await mcpPost(provider.saved!.access_token, `${other}/mcp`);
    expect(answer.status).toBe(401);
    expect(answer.wwwAuthenticate).toContain(`resource_metadata="${other}/.well-known/oauth-protected-resource/mcp"`);
  });

  it("unknown, malformed, foreign and refresh tokens at /mcp are 401, never 5xx", async () => {
    const { client: provider } = await signIn();
    for (const token of [
      `rqa_${randomBytes(32).toString("base64url")}`, // well-formed, never issued
      "rqa_short",
      `rqa_${"x".repeat(5000)}`,
      provider.saved!.refresh_token!, // a refresh token is not an access token
      "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", // someone else's JWT
      "rqa_%00%ff",
    ]) {
      const answer = await mcpPost(token);
      expect(answer.status, token.slice(0, 20)).toBe(401);
      expect(answer.json).toMatchObject({ jsonrpc: "2.0", error: { code: -32001 } });
    }
    expect((await mcpPost(provider.saved!.access_token)).status).toBe(200);
  });

  it("the token endpoint answers bad requests with OAuth errors: wrong verifier, reused code, garbage", async () => {
    const provider = new MemoryOAuthClient(CALLBACK);
    await auth(provider, { serverUrl: `${base}/mcp`, fetchFn: provider.fetch });
    const { code, grantId } = await consent(provider, { scope: "read" });
    const clientId = provider.info!.client_id;
    const exchange = (fields: Record<string, string>) =>
      fetch(`${base}/token`, form({ grant_type: "authorization_code", client_id: clientId, ...fields }));

    const wrongVerifier = await exchange({ code, code_verifier: "a".repeat(43) });
    expect(wrongVerifier.status).toBe(400);
    expect((await wrongVerifier.json()).error).toBe("invalid_grant");

    const wrongResource = await exchange({
      code,
      code_verifier: provider.verifier,
      resource: "https://elsewhere.example/mcp",
    });
    expect(wrongResource.status).toBe(400);
    expect((await wrongResource.json()).error).toBe("invalid_target");

    const good = await exchange({ code, code_verifier: provider.verifier, redirect_uri: CALLBACK });
    expect(good.status).toBe(200);
    const tokens = await good.json();
    const reused = await exchange({ code, code_verifier: provider.verifier });
    expect(reused.status).toBe(400);
    expect((await reused.json()).error).toBe("invalid_grant");
    // A reused code revokes what it gave.
    expect((await fx.db.mcpGrant.findUnique({ where: { id: grantId } }))!.revokedAt).not.toBeNull();
    expect((await mcpPost(tokens.access_token)).status).toBe(401);

    for (const body of [
      form({ grant_type: "authorization_code", client_id: clientId }),
      form({ grant_type: "password", client_id: clientId }),
      form({ grant_type: "authorization_code", client_id: "nobody", code: "x", code_verifier: "y" }),
      { method: "POST", headers: { "Content-Type": "application/json" }, body: "{not json" },
    ]) {
      const answer = await fetch(`${base}/token`, body);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(typeof (await answer.json()).error).toBe("string");
    }
  });

  it("/authorize refuses another server's resource and unknown scopes back to the client, and unknown clients outright", async () => {
    const provider = new MemoryOAuthClient(CALLBACK);
    await auth(provider, { serverUrl: `${base}/mcp`, fetchFn: provider.fetch });
    const url = new URL(provider.authorizationUrl!);
    url.searchParams.set("resource", "https://elsewhere.example/mcp");
    let answer = await fetch(url, { redirect: "manual" });
    expect(answer.status).toBe(302);
    expect(new URL(answer.headers.get("location")!).searchParams.get("error")).toBe("invalid_target");

    url.searchParams.set("resource", `${base}/mcp`);
    url.searchParams.set("scope", "admin");
    answer = await fetch(url, { redirect: "manual" });
    expect(new URL(answer.headers.get("location")!).searchParams.get("error")).toBe("invalid_scope");

    url.searchParams.set("client_id", "nobody");
    answer = await fetch(url, { redirect: "manual" });
    expect(answer.status).toBe(400);
  });

  it("registration refuses bad metadata with OAuth errors, never 5xx", async () => {
    for (const body of [
      "{not json",
      "{}",
      JSON.stringify({ redirect_uris: "http://127.0.0.1:9/cb" }),
      JSON.stringify({ redirect_uris: ["javascript:alert(1)"] }),
      JSON.stringify({ redirect_uris: [], client_name: "x".repeat(5000) }),
    ]) {
      const answer = await fetch(`${base}/register`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      expect(answer.status, body.slice(0, 40)).toBeLessThan(500);
      if (answer.status >= 400) expect(typeof (await answer.json()).error).toBe("string");
    }
  });

  it("the consent link cannot be forged or reused after it expires", async () => {
    const provider = new MemoryOAuthClient(CALLBACK);
    await auth(provider, { serverUrl: `${base}/mcp`, fetchFn: provider.fetch });
    const authorize = await fetch(provider.authorizationUrl!, { redirect: "manual" });
    const signed = new URL(authorize.headers.get("location")!).searchParams.get("request")!;
    expect(readAuthorizationRequest(APP_SECRET, signed).ok).toBe(true);
    expect(readAuthorizationRequest("another-secret", signed).ok).toBe(false);
    const [body, mac] = signed.split(".");
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(body, "base64url").toString()),
        redirectUri: "https://evil.example/",
      }),
    ).toString("base64url");
    expect(readAuthorizationRequest(APP_SECRET, `${forged}.${mac}`).ok).toBe(false);
    expect(readAuthorizationRequest(APP_SECRET, "garbage").ok).toBe(false);
    expect(readAuthorizationRequest(APP_SECRET, signed, new Date(Date.now() + 3_600_000))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/expired/),
    });
  });

  it("static tokens keep working beside OAuth", async () => {
    const { token } = await fx.token("read");
    expect((await mcpPost(token)).status).toBe(200);
    expect(createHash("sha256").update(token).digest("hex")).toBe(hashToken(token));
  });
});
