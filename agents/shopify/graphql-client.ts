// The one Admin GraphQL client: real shops and the local emulator differ only in the endpoint.
// Before each request it waits until the shop's cost bucket should hold the request's cost
// (learned from the last requestedQueryCost of the same document); THROTTLED answers wait out the
// deficit and retry; 5xx, 429 and network errors retry with exponential backoff and jitter (or
// after the server's Retry-After), within a time budget; every attempt runs through the shop's
// circuit breaker (opossum), which opens after consecutive transport failures so a down shop fails
// fast instead of piling up retries. A mutation is never resent after a failure that may have
// reached the shop (a 5xx, a reset, a timeout): it throws OUTCOME_UNKNOWN and the caller checks
// the store before trying again (agents/actions), so a lost response cannot apply a change twice.
import { inSpan } from "../infra/tracing";
import CircuitBreaker from "opossum";
import type { Logger } from "pino";
import { AdminApiError, type AdminClient, type ResultOf, type VariablesOf } from "./admin-client";
import { ADMIN_API_VERSION } from "./api-version";
import type { Redis } from "ioredis";
import { CostBucketModel, sleep, type CostBucket, type ThrottleStatus } from "./cost-bucket";
import { SharedCostBucket } from "./shared-bucket";

export interface BreakerOptions {
  /** Consecutive transport failures (5xx, 429, network, timeout) that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial request is let through. Default 30 s. */
  resetTimeoutMs?: number;
}

export interface RetryOptions {
  /** Retries of 5xx / 429 / network errors. Default 4. */
  maxRetries?: number;
  /** First backoff; doubles each retry, with jitter. Default 250 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** THROTTLED answers retried (each after waiting out the deficit). Default 20. */
  maxThrottleRetries?: number;
  /**
   * Time a request may spend retrying transient failures, from its first attempt (default 10 s):
   * a retry whose wait (backoff or the server's Retry-After) would end past it is not made, and the
   * request fails at once saying when the shop asked to be called again.
   */
  budgetMs?: number;
}

export interface AdminClientOptions {
  shop: string;
  /** The token, or a function returning a current one (expiring offline tokens, refreshed as they near expiry). */
  accessToken: string | (() => Promise<string>);
  /** The emulator's base URL (local mode), or a full .../graphql.json URL. Default https://<shop>. */
  endpoint?: string;
  apiVersion?: string;
  fetch?: typeof fetch;
  /** The shop's bucket model (shared by every client of the shop unless one is passed), or its known size. */
  bucket?: CostBucket | { maximumAvailable: number; restoreRate: number };
  /**
   * Redis holding the shop's bucket for every process (web and workers), so they share Shopify's
   * one bucket instead of each overdrawing it; used when no `bucket` is passed.
   */
  sharedBucket?: Redis;
  logger?: Pick<Logger, "warn" | "debug">;
  /** Options for a new breaker for this shop (replacing the shop's current one); default: the shop's breaker. */
  breaker?: BreakerOptions;
  retry?: RetryOptions;
  requestTimeoutMs?: number;
  /** Source of randomness for jitter (tests pin it). */
  random?: () => number;
}

export interface ClientStats {
  requests: number;
  /** Requests answered with anything but data: THROTTLED, 5xx, 429, network errors. */
  failedRequests: number;
  throttled: number;
  retries: number;
  /** Sum of actualQueryCost over successful requests. */
  pointsConsumed: number;
  /** Time spent waiting for the bucket before requests. */
  bucketWaitMs: number;
}

export interface ShopifyAdminClient extends AdminClient {
  readonly endpoint: string;
  readonly bucket: CostBucket;
  stats(): ClientStats;
  /** The requestedQueryCost last seen for this document with these page sizes, if any. */
  expectedCost(query: string, variables?: Record<string, unknown>): number | undefined;
}

export type BreakerState = "closed" | "open" | "halfOpen";

interface CostExtension {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

interface GraphQLBody {
  data?: unknown;
  errors?: { message?: string; extensions?: { code?: string } }[] | string;
  extensions?: { cost?: CostExtension };
}

/** A failure worth retrying: the shop or the network, not the request. */
class TransientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
    /** True when the request certainly did not reach the shop (connection refused, 429): safe to resend a mutation. */
    readonly notSent = false,
  ) {
    super(message);
    this.name = "TransientError";
  }
}

type Attempt = () => Promise<GraphQLBody>;

interface ShopBreaker {
  breaker: CircuitBreaker<[Attempt], GraphQLBody>;
  consecutiveFailures: number;
}

// Per shop, shared by every client of that shop in this process: one bucket, one breaker.
const buckets = new Map<string, CostBucket>();
const breakers = new Map<string, ShopBreaker>();

function newBreaker(shop: string, options: BreakerOptions, logger?: Pick<Logger, "warn" | "debug">): ShopBreaker {
  const threshold = options.failureThreshold ?? 5;
  const breaker = new CircuitBreaker<[Attempt], GraphQLBody>((attempt) => attempt(), {
    timeout: false, // requests carry their own AbortSignal timeout
    resetTimeout: options.resetTimeoutMs ?? 30_000,
    // Opening is ours (consecutive failures); the percentage rule is switched off.
    errorThresholdPercentage: 100,
    // Only transport failures count against the shop; a 4xx or a GraphQL error is the caller's.
    errorFilter: (err) => !(err instanceof TransientError),
  });
  const entry: ShopBreaker = { breaker, consecutiveFailures: 0 };
  breaker.on("failure", () => {
    entry.consecutiveFailures++;
    if (entry.consecutiveFailures >= threshold && !breaker.opened) {
      logger?.warn({ shop, failures: entry.consecutiveFailures }, "Admin API circuit opened");
      breaker.open();
    }
  });
  breaker.on("success", () => {
    entry.consecutiveFailures = 0;
  });
  return entry;
}

/** The state of the shop's circuit breaker ("closed" when the shop has had no client yet). */
export function breakerState(shop: string): BreakerState {
  const entry = breakers.get(shop);
  if (!entry) return "closed";
  return entry.breaker.opened ? "open" : entry.breaker.halfOpen ? "halfOpen" : "closed";
}

/** Forgets a shop's bucket model and breaker (tests; a reinstalled shop). */
export function resetShopClientState(shop: string): void {
  breakers.get(shop)?.breaker.shutdown();
  breakers.delete(shop);
  buckets.delete(shop);
}

export function graphqlUrl(options: Pick<AdminClientOptions, "shop" | "endpoint" | "apiVersion">): string {
  const version = options.apiVersion ?? ADMIN_API_VERSION;
  if (options.endpoint) {
    const base = options.endpoint.replace(/\/+$/, "");
    return base.endsWith("/graphql.json") ? base : `${base}/admin/api/${version}/graphql.json`;
  }
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(options.shop)) {
    throw new AdminApiError(
      `"${options.shop}" is not a shop domain: pass "<name>.myshopify.com", or an endpoint for the emulator`,
      { code: "BAD_SHOP" },
    );
  }
  return `https://${options.shop}/admin/api/${version}/graphql.json`;
}

export function createAdminClient(options: AdminClientOptions): ShopifyAdminClient {
  const { shop, accessToken } = options;
  if (!shop)
    throw new AdminApiError("createAdminClient: `shop` is required (e.g. my-store.myshopify.com)", {
      code: "BAD_OPTIONS",
    });
  if (!accessToken)
    throw new AdminApiError(
      `createAdminClient: no access token for ${shop}; install the app or pass the emulator token`,
      { code: "BAD_OPTIONS" },
    );
  const url = graphqlUrl(options);
  const doFetch = options.fetch ?? fetch;
  const logger = options.logger;
  const random = options.random ?? Math.random;
  const maxRetries = options.retry?.maxRetries ?? 4;
  const baseDelay = options.retry?.baseDelayMs ?? 250;
  const maxDelay = options.retry?.maxDelayMs ?? 10_000;
  const maxThrottleRetries = options.retry?.maxThrottleRetries ?? 20;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const budgetMs = options.retry?.budgetMs ?? 10_000;

  let bucket: CostBucket;
  if (options.bucket && "acquire" in options.bucket) bucket = options.bucket;
  else if (options.bucket) buckets.set(shop, (bucket = new CostBucketModel(options.bucket)));
  else {
    const known = buckets.get(shop);
    const shared = options.sharedBucket;
    bucket =
      known && (!shared || known instanceof SharedCostBucket)
        ? known
        : shared
          ? new SharedCostBucket(shared, shop, {
              onFallback: (error) =>
                logger?.warn({ shop, err: error.message }, "shared cost bucket unreachable; using this process's own"),
            })
          : new CostBucketModel();
    buckets.set(shop, bucket);
  }
  if (options.breaker || !breakers.has(shop)) {
    breakers.get(shop)?.breaker.shutdown();
    breakers.set(shop, newBreaker(shop, options.breaker ?? {}, logger));
  }
  const breakerEntry = () => breakers.get(shop)!;

  // Last requestedQueryCost per document and page sizes: the estimate for its next request.
  const costs = new Map<string, number>();
  const stats: Omit<ClientStats, "bucketWaitMs"> = {
    requests: 0,
    failedRequests: 0,
    throttled: 0,
    retries: 0,
    pointsConsumed: 0,
  };
  const waitedAtStart = bucket.waitedMs;

  // One span per HTTP attempt (ADR 0024): a retried request shows each try, with its status.
  const send = (query: string, variables: Record<string, unknown> | undefined): Promise<GraphQLBody> =>
    inSpan(
      "shopify.admin.graphql",
      { "shopify.shop": shop, "graphql.operation.name": /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "" },
      () => sendOnce(query, variables),
    );
  const sendOnce = async (query: string, variables: Record<string, unknown> | undefined): Promise<GraphQLBody> => {
    stats.requests++;
    const token = typeof accessToken === "string" ? accessToken : await accessToken();
    let res: Response;
    try {
      res = await doFetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Access-Token": token },
        body: JSON.stringify({ query, variables: variables ?? {} }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const code = e.cause?.code;
      const detail = code ? `${e.message} (${code})` : e.message;
      throw new TransientError(
        e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `network error: ${detail}`,
        undefined,
        undefined,
        code !== undefined && NOT_SENT_CODES.has(code),
      );
    }
    const text = await res.text().catch((err: Error) => {
      throw new TransientError(`network error reading the response: ${err.message}`, res.status);
    });
    if (res.status === 429 || res.status >= 500) {
      // Shopify's 429 is a refusal before any work is done; a 5xx may come after the work.
      throw new TransientError(
        `HTTP ${res.status}: ${snippet(text)}`,
        res.status,
        retryAfterMs(res.headers.get("Retry-After")),
        res.status === 429,
      );
    }
    if (!res.ok) {
      const hint =
        res.status === 401
          ? " (the access token is invalid or revoked: reinstall the app, or check the emulator token)"
          : res.status === 403
            ? " (the app lacks an access scope this request needs)"
            : res.status === 404
              ? ` (no Admin API at ${url}: check the shop and API version)`
              : "";
      throw new AdminApiError(`Admin API answered HTTP ${res.status}${hint}: ${snippet(text)}`, {
        status: res.status,
        code: `HTTP_${res.status}`,
      });
    }
    try {
      return JSON.parse(text) as GraphQLBody;
    } catch {
      throw new AdminApiError(`Admin API answered HTTP ${res.status} with a body that is not JSON: ${snippet(text)}`, {
        status: res.status,
        code: "BAD_RESPONSE",
      });
    }
  };

  const backoff = (attempt: number, retryAfterMs?: number) => {
    if (retryAfterMs) return retryAfterMs;
    const ceiling = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
    return ceiling / 2 + random() * (ceiling / 2); // "equal jitter": spread out, never zero
  };

  async function graphql<Q extends string>(query: Q, typedVariables?: VariablesOf<Q>): Promise<ResultOf<Q>> {
    const variables = typedVariables as Record<string, unknown> | undefined;
    const mutation = isMutation(query);
    const started = Date.now();
    let transientRetries = 0;
    let throttledRetries = 0;
    for (;;) {
      // An open circuit fails at once: no wait for the bucket, nothing sent.
      if (breakerEntry().breaker.opened) throw circuitOpen();
      const key = costKey(query, variables);
      const charged = await bucket.acquire(() => costs.get(key) ?? null);
      let body: GraphQLBody;
      try {
        body = await breakerEntry().breaker.fire(() => send(query, variables));
      } catch (err) {
        await bucket.refund(charged);
        if ((err as { code?: string }).code === "EOPENBREAKER") throw circuitOpen();
        if (!(err instanceof TransientError)) throw err;
        stats.failedRequests++;
        const attempts = transientRetries + 1;
        if (mutation && !err.notSent) {
          throw new AdminApiError(
            `Admin API mutation to ${shop} may or may not have been applied (${err.message}); not resent: check the store before trying again`,
            { status: err.status, code: "OUTCOME_UNKNOWN" },
          );
        }
        if (transientRetries >= maxRetries) {
          throw new AdminApiError(`Admin API request to ${shop} failed after ${attempts} attempts: ${err.message}`, {
            status: err.status,
            code: "UNAVAILABLE",
          });
        }
        const delay = backoff(transientRetries + 1, err.retryAfterMs);
        const left = budgetMs - (Date.now() - started);
        if (delay > left) {
          const asked = err.retryAfterMs
            ? `; the shop asked to retry after ${Math.ceil(err.retryAfterMs / 1000)} s`
            : "";
          throw new AdminApiError(
            `Admin API request to ${shop} failed after ${attempts} attempt${attempts === 1 ? "" : "s"} in ${Date.now() - started} ms: ${err.message}${asked}`,
            { status: err.status, code: "UNAVAILABLE" },
          );
        }
        transientRetries++;
        stats.retries++;
        logger?.warn(
          { shop, attempt: transientRetries, delayMs: Math.round(delay), error: err.message },
          "Admin API request failed; retrying",
        );
        await sleep(delay);
        continue;
      }

      const cost = body.extensions?.cost;
      if (cost?.requestedQueryCost != null) costs.set(key, cost.requestedQueryCost);
      if (cost?.throttleStatus)
        await bucket.observe(cost.throttleStatus, { charged, actual: cost.actualQueryCost ?? null });
      else bucket.settle();
      const errors = typeof body.errors === "string" ? [{ message: body.errors }] : (body.errors ?? []);
      if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
        stats.failedRequests++;
        stats.throttled++;
        const size = cost?.throttleStatus?.maximumAvailable;
        if (size != null && cost?.requestedQueryCost != null && cost.requestedQueryCost > size) {
          throw new AdminApiError(
            `Query cost ${cost.requestedQueryCost} exceeds ${shop}'s bucket of ${size} points: request smaller pages ` +
              `(query: ${snippet(query).slice(0, 120)}, variables: ${JSON.stringify(variables ?? {}).slice(0, 120)})`,
            { code: "COST_EXCEEDS_BUCKET", errors },
          );
        }
        if (throttledRetries >= maxThrottleRetries) {
          throw new AdminApiError(`Admin API kept throttling ${shop} after ${throttledRetries} retries`, {
            code: "THROTTLED",
            errors,
          });
        }
        throttledRetries++;
        stats.retries++;
        logger?.debug(
          { shop, requested: cost?.requestedQueryCost, status: cost?.throttleStatus },
          "throttled; waiting for the bucket",
        );
        continue; // acquire() waits for the deficit at the restore rate
      }
      if (cost?.actualQueryCost != null) stats.pointsConsumed += cost.actualQueryCost;
      if (errors.length) {
        const message = errors
          .map((e) => (e.extensions?.code ? `${e.message} [${e.extensions.code}]` : e.message))
          .join("; ");
        throw new AdminApiError(`GraphQL errors from ${shop}: ${message}`, {
          code: errors[0].extensions?.code ?? "GRAPHQL_ERROR",
          errors,
        });
      }
      if (body.data == null)
        throw new AdminApiError(`Admin API answered without data or errors`, { code: "BAD_RESPONSE" });
      return body.data as ResultOf<Q>;
    }
  }

  function circuitOpen() {
    return new AdminApiError(
      `Admin API circuit for ${shop} is open after repeated failures; requests resume after a pause`,
      { code: "CIRCUIT_OPEN" },
    );
  }

  return {
    shop,
    endpoint: url,
    bucket,
    graphql,
    stats: () => ({ ...stats, bucketWaitMs: bucket.waitedMs - waitedAtStart }),
    expectedCost: (query, variables) => costs.get(costKey(query, variables)),
  };
}

/** Network errors raised before a request was written: the shop cannot have seen it. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** The document is a mutation (its first operation, after comments such as the #graphql tag). */
export function isMutation(query: string): boolean {
  return /^\s*(?:#[^\n]*\n\s*)*mutation\b/.test(query);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds * 1000 : undefined;
  const at = Date.parse(header);
  return Number.isFinite(at) && at > Date.now() ? at - Date.now() : undefined;
}

/**
 * A document's cost depends on its page sizes (first/last, numeric variables), not on cursors or
 * ids: estimates are kept per document and numeric variables.
 */
function costKey(query: string, variables: Record<string, unknown> | undefined): string {
  if (!variables) return query;
  const sizes = Object.entries(variables)
    .filter(([, v]) => typeof v === "number")
    .sort(([a], [b]) => a.localeCompare(b));
  return sizes.length ? `${query}\u0000${JSON.stringify(sizes)}` : query;
}

function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine || "(empty body)";
}

// ---- cursor pagination --------------------------------------------------------------------------

interface Connection<TNode> {
  nodes?: TNode[];
  edges?: { node: TNode }[];
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
}

function at(data: unknown, path: string[]): unknown {
  return path.reduce<unknown>((value, key) => (value == null ? value : (value as Record<string, unknown>)[key]), data);
}

/**
 * Pages through a connection, yielding each page's nodes. `query` must declare `$after: String`
 * and pass it to the connection at `connectionPath` ("orders", "node.lineItems"), which must
 * select `pageInfo { hasNextPage endCursor }` and `nodes` or `edges { node }`. The next page is
 * requested while the caller handles the current one.
 *
 * With `targetCost` (and a client that reports costs), `$first` is resized after each page so a
 * page costs about that many points: small pages for a small bucket, large ones otherwise.
 */
export async function* pageThrough<TNode = Record<string, unknown>>(
  client: AdminClient,
  query: string,
  variables: Record<string, unknown>,
  connectionPath: string | string[],
  options: { targetCost?: () => number; maxPageSize?: number } = {},
): AsyncGenerator<TNode[]> {
  if (!/\$after\s*:\s*String\b/.test(query)) {
    throw new AdminApiError(
      "pageThrough: the query must declare `$after: String` and pass it as the connection's `after` argument",
      { code: "BAD_QUERY" },
    );
  }
  const path = Array.isArray(connectionPath) ? connectionPath : connectionPath.split(".");
  let pageVariables = { ...variables };
  const costs = "expectedCost" in client ? (client as ShopifyAdminClient) : null;
  const resize = () => {
    const first = pageVariables.first;
    if (!options.targetCost || !costs || typeof first !== "number") return;
    const cost = costs.expectedCost(query, pageVariables);
    if (!cost) return;
    // Cost grows with first; cost/first over-counts the fixed part, so pages err on the small side.
    const next = Math.max(1, Math.min(options.maxPageSize ?? 250, Math.floor(options.targetCost() / (cost / first))));
    if (next !== first) pageVariables = { ...pageVariables, first: next };
  };
  const tooCostly = (err: unknown) =>
    err instanceof AdminApiError &&
    (err.details.code === "COST_EXCEEDS_BUCKET" || err.details.code === "MAX_COST_EXCEEDED");
  const fetchPage = async (after: string | null) => {
    let data: unknown;
    for (;;) {
      try {
        data = await client.graphql(query, { ...pageVariables, after });
        break;
      } catch (err) {
        // A page too expensive for the bucket (or for Shopify's 1000-point query limit): halve it.
        const first = pageVariables.first;
        if (!tooCostly(err) || typeof first !== "number" || first <= 1) throw err;
        pageVariables = { ...pageVariables, first: Math.floor(first / 2) };
      }
    }
    resize();
    const conn = at(data, path) as Connection<TNode> | null | undefined;
    if (conn === null) return { nodes: [] as TNode[], next: null }; // e.g. node(id:) of a deleted object
    if (conn === undefined || !conn.pageInfo) {
      throw new AdminApiError(
        `pageThrough: no connection with pageInfo { hasNextPage endCursor } at "${path.join(".")}" in the response`,
        { code: "BAD_QUERY" },
      );
    }
    const nodes = conn.nodes ?? conn.edges?.map((e) => e.node);
    if (!nodes)
      throw new AdminApiError(`pageThrough: select nodes or edges { node } on "${path.join(".")}"`, {
        code: "BAD_QUERY",
      });
    return { nodes, next: conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null };
  };
  let pending = fetchPage((variables.after as string | undefined) ?? null);
  for (;;) {
    const page = await pending;
    if (page.next) {
      pending = fetchPage(page.next);
      pending.catch(() => undefined); // surfaced by the await above on the next turn
    }
    yield page.nodes;
    if (!page.next) return;
  }
}
