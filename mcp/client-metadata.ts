// OAuth client ID metadata documents (MCP authorization spec 2025-11-25,
// draft-ietf-oauth-client-id-metadata-document): a client may use an HTTPS URL as its client_id;
// the document at that URL is its registration. This module fetches such a document safely
// (SSRF guard on every resolved address, no redirects, 5 s, 64 KB), validates it with zod, and
// caches it for a bounded time. ADR 0036.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { z } from "zod";
import type { OAuthClientInformationFull } from "@modelcontextprotocol/sdk/shared/auth.js";

export const METADATA_TIMEOUT_MS = 5_000;
export const METADATA_MAX_BYTES = 64 * 1024;
/** Bounds on how long a document is trusted, whatever its Cache-Control says. */
export const METADATA_MIN_TTL_MS = 30_000;
export const METADATA_MAX_TTL_MS = 3_600_000;
export const METADATA_DEFAULT_TTL_MS = 300_000;
const MAX_CACHED = 500;
const MAX_URL_LENGTH = 1_000;

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Addresses a client's document is never fetched from: private, link-local, reserved, multicast. */
const refused = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  refused.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["64:ff9b::", 96], // NAT64 reaches IPv4 ranges through a gateway
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  refused.addSubnet(net, prefix, "ipv6");
const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/**
 * Why an address may not be fetched from, or null. IPv4-mapped IPv6 addresses are judged as the
 * IPv4 address they carry. Loopback only when `allowLoopback` (tests and local development).
 */
export function refusedAddress(address: string, allowLoopback: boolean): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? "ipv6" : "ipv4";
  if (loopback.check(ip, family)) return allowLoopback ? null : `${address} is a loopback address`;
  if (refused.check(ip, family)) return `${address} is a private or reserved address`;
  return null;
}

/** A fetch or validation failure, with a message fit for the client (error_description). */
export class ClientMetadataError extends Error {}

/** The client_id itself: a URL this server may fetch, or why not. */
export function checkClientIdUrl(clientId: string, allowLoopback: boolean): URL {
  if (clientId.length > MAX_URL_LENGTH) throw new ClientMetadataError("The client_id URL is too long.");
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    throw new ClientMetadataError("The client_id is not a valid URL.");
  }
  const loopbackHost = LOOPBACK_HOSTNAMES.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopbackHost && allowLoopback))
    throw new ClientMetadataError("A client_id URL must use https.");
  if (loopbackHost && !allowLoopback)
    throw new ClientMetadataError("A client_id URL may not point at this server's own machine.");
  // The draft forbids fragments, credentials and dot segments, and asks for a path. Requiring the
  // URL to be written in its normal form refuses dot segments and makes comparisons exact.
  if (url.hash || url.username || url.password || url.pathname === "/" || url.href !== clientId)
    throw new ClientMetadataError(
      "A client_id URL must have a path and no fragment, credentials or dot segments, written in normal form.",
    );
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal)) {
    const why = refusedAddress(literal, allowLoopback);
    if (why) throw new ClientMetadataError(`The client_id URL's host is refused: ${why}.`);
  }
  return url;
}

const isRedirectUri = (value: string) => {
  try {
    const url = new URL(value);
    if (url.hash) return false;
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTNAMES.has(url.hostname));
  } catch {
    return false;
  }
};

/** The document's fields this server uses (others are ignored), per RFC 7591 and the draft. */
export const clientMetadataDocument = z
  .object({
    client_id: z.string(),
    client_name: z.string().max(200).optional(),
    redirect_uris: z
      .array(z.string().max(2_000).refine(isRedirectUri, "each redirect_uri must be https or http on a loopback host"))
      .min(1, "redirect_uris must list at least one URI")
      .max(20),
    // A document cannot carry a shared secret: only public clients ("none") are served here. RFC
    // 7591's default (client_secret_basic) cannot apply to a document, so an absent method is "none".
    token_endpoint_auth_method: z.literal("none", { message: 'token_endpoint_auth_method must be "none"' }).optional(),
    grant_types: z.array(z.enum(["authorization_code", "refresh_token"])).optional(),
    response_types: z.array(z.literal("code")).optional(),
    scope: z.string().max(200).optional(),
    client_uri: z.string().max(2_000).optional(),
    logo_uri: z.string().max(2_000).optional(),
    client_secret: z.never({ message: "a client metadata document must not contain a client_secret" }).optional(),
    client_secret_expires_at: z
      .never({ message: "a client metadata document must not contain a client secret" })
      .optional(),
  })
  .loose();

/** A validated document as the SDK's registered client. */
function asClient(url: string, document: z.infer<typeof clientMetadataDocument>): OAuthClientInformationFull {
  if (document.client_id !== url)
    throw new ClientMetadataError(`The document's client_id (${document.client_id.slice(0, 200)}) is not its URL.`);
  return {
    client_id: url,
    client_name: document.client_name?.trim() || undefined,
    redirect_uris: document.redirect_uris,
    token_endpoint_auth_method: "none",
    grant_types: document.grant_types ?? ["authorization_code", "refresh_token"],
    response_types: document.response_types ?? ["code"],
    ...(document.scope ? { scope: document.scope } : {}),
  };
}

/** How long to trust a document: its max-age (no-store and no-cache count as 0) within bounds. */
export function cacheTtlMs(cacheControl: string | undefined): number {
  const value = (cacheControl ?? "").toLowerCase();
  const maxAge = /(?:^|[,\s])max-age=(\d+)/.exec(value)?.[1];
  const seconds = /no-store|no-cache/.test(value) ? 0 : maxAge !== undefined ? Number(maxAge) : null;
  if (seconds === null) return METADATA_DEFAULT_TTL_MS;
  return Math.min(METADATA_MAX_TTL_MS, Math.max(METADATA_MIN_TTL_MS, seconds * 1000));
}

/** DNS lookup that refuses a host if any of its addresses is refused (no rebinding between check and connect). */
const guardedLookup =
  (allowLoopback: boolean): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const why = addresses.map((a) => refusedAddress(a.address, allowLoopback)).find((w) => w !== null);
      if (why || addresses.length === 0) {
        const refusal = Object.assign(new Error(`refused: ${why ?? "no address"}`), { code: "EREFUSED_ADDRESS" });
        return callback(refusal, "", 0);
      }
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

interface Fetched {
  body: string;
  cacheControl: string | undefined;
}

/** GET the document: no redirects, METADATA_TIMEOUT_MS in all, at most METADATA_MAX_BYTES. */
function fetchDocument(url: URL, allowLoopback: boolean, timeoutMs: number, ca?: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (error: Error | null, value?: Fetched) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(value!);
    };
    const req = send(
      url,
      {
        method: "GET",
        headers: { Accept: "application/json", "User-Agent": "royal-equips-mcp (client metadata)" },
        lookup: guardedLookup(allowLoopback),
        // No connection reuse: each fetch resolves (and checks) the host again.
        agent: false,
        ...(ca ? { ca } : {}),
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400)
          return finish(new ClientMetadataError("The client metadata document redirects; redirects are not followed."));
        if (status !== 200)
          return finish(new ClientMetadataError(`The client metadata document answered HTTP ${status}.`));
        const tooLarge = () =>
          new ClientMetadataError(`The client metadata document is larger than ${METADATA_MAX_BYTES} bytes.`);
        if (Number(res.headers["content-length"] ?? 0) > METADATA_MAX_BYTES) return finish(tooLarge());
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > METADATA_MAX_BYTES) finish(tooLarge());
          else chunks.push(chunk);
        });
        res.on("end", () =>
          finish(null, { body: Buffer.concat(chunks).toString("utf8"), cacheControl: res.headers["cache-control"] }),
        );
        res.on("error", () => finish(new ClientMetadataError("The client metadata document could not be read.")));
      },
    );
    const timer = setTimeout(
      () => finish(new ClientMetadataError(`The client metadata document did not arrive within ${timeoutMs} ms.`)),
      timeoutMs,
    );
    req.on("error", (error: NodeJS.ErrnoException) =>
      finish(
        new ClientMetadataError(
          error.code === "EREFUSED_ADDRESS"
            ? `The client_id URL's host is refused (${error.message.replace(/^refused: /, "")}).`
            : `The client metadata document could not be fetched (${error.code ?? "network error"}).`,
        ),
      ),
    );
    req.end();
  });
}

export interface ClientMetadataOptions {
  /** http:// client ids on loopback hosts, and loopback addresses: tests and local development only. */
  allowLoopback?: boolean;
  timeoutMs?: number;
  now?: () => number;
  /** Certificate authorities trusted for https documents instead of Node's (tests' own CA; a private PKI). */
  ca?: string;
}

/** Is this client_id meant as a metadata document URL (rather than a registered id)? */
export const isUrlClientId = (clientId: string) => /^https?:\/\//i.test(clientId);

/**
 * Resolves URL client ids to their documents, cached per process for the document's max-age
 * within [METADATA_MIN_TTL_MS, METADATA_MAX_TTL_MS]; concurrent requests for one URL share one
 * fetch. Failures are not cached (the OAuth endpoints' per-address rate limit bounds retries).
 */
export class ClientMetadataResolver {
  private readonly cache = new Map<string, { client: OAuthClientInformationFull; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<OAuthClientInformationFull>>();

  constructor(private readonly options: ClientMetadataOptions = {}) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** The client the document at `clientId` describes; throws ClientMetadataError otherwise. */
  async resolve(clientId: string): Promise<OAuthClientInformationFull> {
    const cached = this.cache.get(clientId);
    if (cached && cached.expiresAt > this.now()) return cached.client;
    let pending = this.inFlight.get(clientId);
    if (!pending) {
      pending = this.load(clientId).finally(() => this.inFlight.delete(clientId));
      this.inFlight.set(clientId, pending);
    }
    return pending;
  }

  private async load(clientId: string) {
    const allowLoopback = this.options.allowLoopback ?? false;
    const url = checkClientIdUrl(clientId, allowLoopback);
    const fetched = await fetchDocument(
      url,
      allowLoopback,
      this.options.timeoutMs ?? METADATA_TIMEOUT_MS,
      this.options.ca,
    );
    let json: unknown;
    try {
      json = JSON.parse(fetched.body);
    } catch {
      throw new ClientMetadataError("The client metadata document is not valid JSON.");
    }
    const parsed = clientMetadataDocument.safeParse(json);
    if (!parsed.success)
      throw new ClientMetadataError(
        `The client metadata document is not valid: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join(".") || "document"}: ${i.message}`)
          .join("; ")}.`,
      );
    const client = asClient(clientId, parsed.data);
    this.cache.delete(clientId);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(clientId, { client, expiresAt: this.now() + cacheTtlMs(fetched.cacheControl) });
    return client;
  }
}
