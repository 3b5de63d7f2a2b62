// Client ID metadata documents (mcp/client-metadata.ts, ADR 0036) over real HTTP, the database
// and Redis: a local HTTP server serves the documents (http on loopback, as tests and local mode
// allow), and the OAuth endpoints fetch them. A full PKCE sign-in with a URL client_id ends in an
// MCP call; broken, lying, oversized, slow and refused documents get OAuth errors, never a 5xx.
import { createHash, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { lookup } from "node:dns/promises";
import type { AddressInfo, Socket } from "node:net";
import { hostname } from "node:os";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, type Redis } from "../agents/infra/redis";
import { createHttpApp } from "../server/http";
import { startTestRedis, type TestRedis } from "../tests/support/redis";
import {
  cacheTtlMs,
  checkClientIdUrl,
  ClientMetadataError,
  ClientMetadataResolver,
  METADATA_MAX_TTL_MS,
  METADATA_MIN_TTL_MS,
  refusedAddress,
} from "./client-metadata";
import { mountMcp } from "./http";
import { approveAuthorization, readAuthorizationRequest } from "./oauth";
import { MemoryOAuthClient } from "./testing/oauth-client";
import { registryWithWriteTool, startFixture, TEST_SHOP, type Fixture } from "./testing/fixtures";

const APP_SECRET = "cimd-test-secret";
const MERCHANT = { kind: "merchant" as const, id: "owner" };
const CALLBACK = "http://127.0.0.1:9/callback";

/** What the document server answers for a path. */
interface Served {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (the fetch must time out). */
  hang?: boolean;
}

let fx: Fixture;
let testRedis: TestRedis;
let redis: Redis;
let server: Server;
let base: string;
let documents: Server;
let docBase: string;
const served = new Map<string, Served>();
const hits = new Map<string, number>();
const sockets = new Set<Socket>();
const hostnameIsLoopback = await lookup(hostname(), { all: true }).then(
  (all) => all.length > 0 && all.every((a) => a.address.startsWith("127.")),
  () => false,
);

beforeAll(async () => {
  [fx, testRedis] = await Promise.all([startFixture(), startTestRedis()]);
  redis = createRedis(testRedis.url, { name: "mcp-cimd-test" });
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
      limiterPrefix: `cimd-${process.pid}-${Date.now()}`,
      oauthLimit: { points: 10_000, durationSeconds: 60 },
      oauth: { appSecret: APP_SECRET, allowLoopbackClientMetadata: true },
    }),
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  documents = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const answer = served.get(path);
    if (!answer) return void res.writeHead(404).end("not found");
    if (answer.hang) return; // keeps the socket open; closed in afterAll
    res.writeHead(answer.status ?? 200, { "Content-Type": "application/json", ...answer.headers });
    res.end(answer.body ?? "");
  });
  documents.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  documents.listen(0, "127.0.0.1");
  await new Promise((resolve) => documents.once("listening", resolve));
  docBase = `http://127.0.0.1:${(documents.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  documents?.close();
  server?.close();
  redis?.disconnect();
  await testRedis?.stop();
  await fx?.close();
});

/** Serves a document at a fresh path; returns its URL (the client_id). */
function serveDocument(name: string, document: (clientId: string) => unknown, extra: Served = {}) {
  const path = `/clients/${name}-${randomBytes(4).toString("hex")}.json`;
  const clientId = `${docBase}${path}`;
  served.set(path, { body: JSON.stringify(document(clientId)), ...extra });
  return { clientId, path };
}

const goodDocument = (clientId: string) => ({
  client_id: clientId,
  client_name: "Doc Client",
  redirect_uris: [CALLBACK],
  grant_types: ["authorization_code", "refresh_token"],
  response_types: ["code"],
  token_endpoint_auth_method: "none",
});

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizeUrl(clientId: string, challenge: string, redirectUri = CALLBACK) {
  const url = new URL(`${base}/authorize`);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: "state-cimd",
    resource: `${base}/mcp`,
    scope: "read",
  }).toString();
  return url;
}

const tokenRequest = (fields: Record<string, string>) =>
  fetch(`${base}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

/** /authorize answered directly (not redirected): the OAuth error body. */
async function authorizeError(clientId: string, redirectUri = CALLBACK) {
  const answer = await fetch(authorizeUrl(clientId, pkce().challenge, redirectUri), { redirect: "manual" });
  return { status: answer.status, body: (await answer.json()) as { error: string; error_description: string } };
}

describe("authorization server metadata", () => {
  it("advertises client ID metadata documents beside dynamic registration", async () => {
    const as = await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json();
    expect(as).toMatchObject({
      issuer: `${base}/`,
      client_id_metadata_document_supported: true,
      registration_endpoint: `${base}/register`,
      code_challenge_methods_supported: ["S256"],
    });
  });
});

describe("sign-in with a URL client_id", () => {
  it("authorize (PKCE) + consent + token exchange + refresh, then an MCP call with the token", async () => {
    const { clientId, path } = serveDocument("good", goodDocument, { headers: { "Cache-Control": "max-age=600" } });
    const { verifier, challenge } = pkce();

    const authorize = await fetch(authorizeUrl(clientId, challenge), { redirect: "manual" });
    expect(authorize.status).toBe(302);
    const consentPage = new URL(authorize.headers.get("location")!);
    expect(consentPage.origin + consentPage.pathname).toBe(`${base}/app/authorize`);
    const read = readAuthorizationRequest(APP_SECRET, consentPage.searchParams.get("request"));
    if (!read.ok) throw new Error(read.message);
    // The consent page shows the document's name and the host of the client_id URL.
    expect(read.request).toMatchObject({
      clientId,
      clientName: "Doc Client",
      clientHost: new URL(docBase).host,
      redirectUri: CALLBACK,
    });

    const approved = await approveAuthorization(fx.db, TEST_SHOP, MERCHANT, read.request, { scope: "read" });
    if (!approved.ok) throw new Error(approved.message);
    const back = new URL(approved.data.redirectTo);
    expect(back.searchParams.get("state")).toBe("state-cimd");
    const grant = await fx.db.mcpGrant.findUnique({ where: { id: approved.data.grantId } });
    expect(grant).toMatchObject({ clientId, clientName: `Doc Client (${new URL(docBase).host})`, scope: "read" });

    const exchanged = await tokenRequest({
      grant_type: "authorization_code",
      client_id: clientId,
      code: back.searchParams.get("code")!,
      code_verifier: verifier,
      redirect_uri: CALLBACK,
      resource: `${base}/mcp`,
    });
    expect(exchanged.status).toBe(200);
    const tokens = await exchanged.json();
    expect(tokens).toMatchObject({ token_type: "Bearer", scope: "read" });

    const refreshed = await tokenRequest({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    const { access_token } = await refreshed.json();

    const client = new Client({ name: "cimd-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${access_token}` } },
      }),
    );
    const { tools } = await client.listTools();
    expect(tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
    const overview = await client.callTool({ name: "get_shop_overview", arguments: { days: 30 } });
    expect(overview.isError).toBeFalsy();
    await client.close();

    // One fetch served /authorize and both /token requests (max-age=600).
    expect(hits.get(path)).toBe(1);
  });

  it("another client's code is refused: the code is bound to the URL client_id", async () => {
    const first = serveDocument("first", goodDocument);
    const second = serveDocument("second", goodDocument);
    const { verifier, challenge } = pkce();
    const authorize = await fetch(authorizeUrl(first.clientId, challenge), { redirect: "manual" });
    const read = readAuthorizationRequest(
      APP_SECRET,
      new URL(authorize.headers.get("location")!).searchParams.get("request"),
    );
    if (!read.ok) throw new Error(read.message);
    const approved = await approveAuthorization(fx.db, TEST_SHOP, MERCHANT, read.request, { scope: "read" });
    if (!approved.ok) throw new Error(approved.message);
    const code = new URL(approved.data.redirectTo).searchParams.get("code")!;
    const stolen = await tokenRequest({
      grant_type: "authorization_code",
      client_id: second.clientId,
      code,
      code_verifier: verifier,
    });
    expect(stolen.status).toBe(400);
    expect((await stolen.json()).error).toBe("invalid_grant");
  });
});

describe("bad documents get OAuth errors, never a 5xx", () => {
  it("a document whose client_id is not its URL", async () => {
    const { clientId } = serveDocument("liar", (id) => ({ ...goodDocument(id), client_id: `${docBase}/someone-else` }));
    const answer = await authorizeError(clientId);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_client");
    expect(answer.body.error_description).toMatch(/client_id .* is not its URL/);
  });

  it("a redirect_uri the document does not list", async () => {
    const { clientId } = serveDocument("good", goodDocument);
    const answer = await authorizeError(clientId, "https://evil.example/callback");
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: "invalid_request", error_description: "Unregistered redirect_uri" });
  });

  it("an oversized document, declared or streamed", async () => {
    const padding = "x".repeat(70 * 1024);
    const declared = serveDocument("big", (id) => ({ ...goodDocument(id), padding }));
    let answer = await authorizeError(declared.clientId);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_client");
    expect(answer.body.error_description).toMatch(/larger than 65536 bytes/);

    // Chunked, no Content-Length: cut off while reading.
    const path = `/clients/chunked-${randomBytes(4).toString("hex")}.json`;
    served.set(path, { body: JSON.stringify({ ...goodDocument(`${docBase}${path}`), padding }) });
    const chunkedId = `${docBase}${path}`;
    served.set(path, { ...served.get(path)!, headers: { "Transfer-Encoding": "chunked" } });
    answer = await authorizeError(chunkedId);
    expect(answer.status).toBe(400);
    expect(answer.body.error_description).toMatch(/larger than/);
  });

  it("a server that never answers times out after 5 s", async () => {
    const path = `/clients/slow-${randomBytes(4).toString("hex")}.json`;
    served.set(path, { hang: true });
    const started = Date.now();
    const answer = await authorizeError(`${docBase}${path}`);
    const elapsed = Date.now() - started;
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_client");
    expect(answer.body.error_description).toMatch(/did not arrive within 5000 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(4_900);
    expect(elapsed).toBeLessThan(8_000);
  }, 15_000);

  it("bad JSON, a wrong shape, a secret, an error status, a redirect", async () => {
    const cases: [Served | ((id: string) => unknown), RegExp][] = [
      [{ body: "{not json" }, /not valid JSON/],
      [(id) => ({ ...goodDocument(id), redirect_uris: [] }), /at least one/],
      [(id) => ({ ...goodDocument(id), redirect_uris: ["javascript:alert(1)"] }), /https or http on a loopback/],
      [(id) => ({ ...goodDocument(id), redirect_uris: ["http://evil.example/cb"] }), /https or http on a loopback/],
      [(id) => ({ ...goodDocument(id), token_endpoint_auth_method: "client_secret_basic" }), /must be "none"/],
      [(id) => ({ ...goodDocument(id), client_secret: "shh" }), /must not contain a client_secret/],
      [{ status: 500, body: "{}" }, /answered HTTP 500/],
      [{ status: 302, body: "", headers: { Location: "http://10.0.0.1/doc.json" } }, /redirects are not followed/],
    ];
    for (const [serve, message] of cases) {
      const path = `/clients/bad-${randomBytes(4).toString("hex")}.json`;
      const clientId = `${docBase}${path}`;
      served.set(path, typeof serve === "function" ? { body: JSON.stringify(serve(clientId)) } : serve);
      const answer = await authorizeError(clientId);
      expect(answer.status, String(message)).toBe(400);
      expect(answer.body.error).toBe("invalid_client");
      expect(answer.body.error_description).toMatch(message);
    }
  });

  it("the token endpoint answers a failing document with invalid_client too", async () => {
    const path = `/clients/gone-${randomBytes(4).toString("hex")}.json`;
    const answer = await tokenRequest({
      grant_type: "authorization_code",
      client_id: `${docBase}${path}`,
      code: "rqc_x",
      code_verifier: "y".repeat(43),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: "invalid_client", error_description: /HTTP 404/ });
  });

  it("private-network and non-https client_ids are refused before any request", async () => {
    for (const clientId of [
      "https://10.0.0.1/client.json",
      "https://192.168.1.20/client.json",
      "https://169.254.169.254/latest/meta-data",
      "https://[fd00::1]/client.json",
      "https://[::ffff:10.0.0.1]/client.json",
      "http://example.com/client.json",
      "https://example.com/",
      "https://example.com/a/../client.json",
      "https://user:pw@example.com/client.json",
    ]) {
      const answer = await authorizeError(clientId);
      expect(answer.status, clientId).toBe(400);
      expect(answer.body.error, clientId).toBe("invalid_client");
    }
    // The server keeps serving.
    expect((await fetch(`${base}/.well-known/oauth-authorization-server`)).status).toBe(200);
  });
});

describe("the resolver", () => {
  it("refuses loopback unless allowed", () => {
    expect(() => checkClientIdUrl("http://127.0.0.1:1/c.json", false)).toThrow(ClientMetadataError);
    expect(() => checkClientIdUrl("https://127.0.0.1:1/c.json", false)).toThrow(/own machine/);
    expect(checkClientIdUrl("http://127.0.0.1:1/c.json", true).host).toBe("127.0.0.1:1");
    expect(refusedAddress("127.0.0.1", false)).toMatch(/loopback/);
    expect(refusedAddress("::1", false)).toMatch(/loopback/);
    expect(refusedAddress("::ffff:192.168.0.1", true)).toMatch(/private/);
    expect(refusedAddress("100.64.1.1", true)).toMatch(/private/);
    expect(refusedAddress("93.184.216.34", false)).toBeNull();
    expect(refusedAddress("2606:2800:220:1::1", false)).toBeNull();
  });

  // The machine's own name resolves to loopback in /etc/hosts here: the check is on the resolved
  // address, at connect time, so a name cannot smuggle a refused address past the URL check.
  it.skipIf(!hostnameIsLoopback)("refuses a name whose DNS answer is loopback, at connect time", async () => {
    const resolver = new ClientMetadataResolver({ allowLoopback: false });
    await expect(resolver.resolve(`https://${hostname()}:${new URL(docBase).port}/c.json`)).rejects.toThrow(
      /host is refused \(127\.0\.0\.1 is a loopback address\)/,
    );
  });

  it("fetches through a host name when its addresses pass the check", async () => {
    const path = `/clients/named-${randomBytes(4).toString("hex")}.json`;
    const clientId = `http://localhost:${new URL(docBase).port}${path}`;
    served.set(path, { body: JSON.stringify(goodDocument(clientId)) });
    const resolver = new ClientMetadataResolver({ allowLoopback: true });
    await expect(resolver.resolve(clientId)).resolves.toMatchObject({ client_id: clientId });
    await expect(new ClientMetadataResolver().resolve(clientId)).rejects.toThrow(/must use https/);
  });

  it("keeps a document for its max-age within bounds, then fetches it again", async () => {
    expect(cacheTtlMs(undefined)).toBe(300_000);
    expect(cacheTtlMs("public, max-age=120")).toBe(120_000);
    expect(cacheTtlMs("max-age=5")).toBe(METADATA_MIN_TTL_MS);
    expect(cacheTtlMs("no-store")).toBe(METADATA_MIN_TTL_MS);
    expect(cacheTtlMs("max-age=999999")).toBe(METADATA_MAX_TTL_MS);

    let now = 1_000_000;
    const resolver = new ClientMetadataResolver({ allowLoopback: true, now: () => now });
    const { clientId, path } = serveDocument("cached", goodDocument, { headers: { "Cache-Control": "max-age=120" } });
    const [a, b] = await Promise.all([resolver.resolve(clientId), resolver.resolve(clientId)]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ client_id: clientId, client_name: "Doc Client", token_endpoint_auth_method: "none" });
    expect(hits.get(path)).toBe(1); // concurrent requests share one fetch
    now += 119_000;
    await resolver.resolve(clientId);
    expect(hits.get(path)).toBe(1);
    now += 2_000;
    await resolver.resolve(clientId);
    expect(hits.get(path)).toBe(2);
  });
});

/** The SDK's client with a URL client_id (its `clientMetadataUrl`, which it accepts over https only). */
class DocumentClient extends MemoryOAuthClient {
  constructor(
    redirectUrl: string,
    readonly clientMetadataUrl: string,
  ) {
    super(redirectUrl);
  }
}

describe("the MCP SDK's own client with a metadata document over https", () => {
  it("skips registration, signs in with its URL as client_id, and calls a tool", async () => {
    // A throwaway certificate for 127.0.0.1, trusted by this test's resolver only.
    const dir = mkdtempSync(join(tmpdir(), "cimd-tls-"));
    let tls: Server | undefined;
    let oauthServer: Server | undefined;
    try {
      execFileSync(
        "openssl",
        [
          ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
          ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1"],
          ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        ],
        { stdio: "ignore" },
      );
      const cert = readFileSync(join(dir, "cert.pem"), "utf8");
      let documentBody = "";
      tls = createHttpsServer({ key: readFileSync(join(dir, "key.pem")), cert }, (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" }).end(documentBody);
      });
      tls.listen(0, "127.0.0.1");
      await new Promise((resolve) => tls!.once("listening", resolve));
      const clientId = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/oauth/client.json`;
      documentBody = JSON.stringify({ ...goodDocument(clientId), client_name: "SDK document client" });

      const app = createHttpApp({
        db: fx.db,
        redis,
        logger: fx.deps.logger,
        extraRoutes: mountMcp({
          ...fx.deps,
          redis,
          limiterPrefix: `cimd-sdk-${process.pid}-${Date.now()}`,
          oauth: {
            appSecret: APP_SECRET,
            clientDocuments: new ClientMetadataResolver({ allowLoopback: true, ca: cert }),
          },
        }),
      });
      oauthServer = app.listen(0, "127.0.0.1");
      await new Promise((resolve) => oauthServer!.once("listening", resolve));
      const origin = `http://127.0.0.1:${(oauthServer.address() as AddressInfo).port}`;
      const serverUrl = `${origin}/mcp`;

      const provider = new DocumentClient(CALLBACK, clientId);
      expect(await auth(provider, { serverUrl, fetchFn: provider.fetch })).toBe("REDIRECT");
      expect(provider.info?.client_id).toBe(clientId);
      expect(provider.authorizationUrl!.searchParams.get("client_id")).toBe(clientId);
      const consentAt = await fetch(provider.authorizationUrl!, { redirect: "manual" });
      expect(consentAt.status).toBe(302);
      const read = readAuthorizationRequest(
        APP_SECRET,
        new URL(consentAt.headers.get("location")!).searchParams.get("request"),
      );
      if (!read.ok) throw new Error(read.message);
      expect(read.request).toMatchObject({ clientName: "SDK document client", clientHost: new URL(clientId).host });
      const approved = await approveAuthorization(fx.db, TEST_SHOP, MERCHANT, read.request, { scope: "read" });
      if (!approved.ok) throw new Error(approved.message);
      const code = new URL(approved.data.redirectTo).searchParams.get("code")!;
      expect(await auth(provider, { serverUrl, authorizationCode: code, fetchFn: provider.fetch })).toBe("AUTHORIZED");
      // The flow as the SDK's client saw it: discovery, no /register, the token exchange.
      expect(provider.steps).toEqual([
        "GET /.well-known/oauth-protected-resource/mcp -> 200",
        "GET /.well-known/oauth-authorization-server -> 200",
        "GET /.well-known/oauth-protected-resource/mcp -> 200",
        "GET /.well-known/oauth-authorization-server -> 200",
        "POST /token -> 200",
      ]);

      const client = new Client({ name: "cimd-sdk", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider }));
      const overview = await client.callTool({ name: "get_shop_overview", arguments: { days: 30 } });
      expect(overview.isError).toBeFalsy();
      await client.close();
    } finally {
      oauthServer?.close();
      tls?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
