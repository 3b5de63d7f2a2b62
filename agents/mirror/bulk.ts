// Runs one bulk query operation: start it, poll it until it finishes, download its JSONL.
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AdminApiError, userErrorMessage, type AdminClient, type ResultOf } from "../shopify/admin-client";
import { sleep } from "../shopify/cost-bucket";

const START = /* GraphQL */ `#graphql
  mutation MirrorBulkRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;
const POLL = /* GraphQL */ `#graphql
  query MirrorBulkOperation($id: ID!) {
    node(id: $id) { ... on BulkOperation { id status errorCode objectCount rootObjectCount url } }
  }
`;
const CURRENT = /* GraphQL */ `#graphql
  query MirrorCurrentBulkOperation {
    currentBulkOperation(type: QUERY) { id status errorCode objectCount rootObjectCount url }
  }
`;

/** A bulk operation as POLL and CURRENT read it (the same fields). */
export type BulkOperation = NonNullable<ResultOf<typeof CURRENT>["currentBulkOperation"]>;

const RUNNING = new Set(["CREATED", "RUNNING", "CANCELING"]);

export interface BulkRunOptions {
  /** First poll interval; it grows by half each poll up to maxPollMs. */
  pollMs?: number;
  maxPollMs?: number;
  /** Give up after this long (Shopify's own limit is 10 days; ours is for the job). Default 6 h. */
  timeoutMs?: number;
  onStatus?: (op: BulkOperation) => void;
}

/** Starts `query` as a bulk operation and resolves with the finished operation (url null: no objects). */
export async function runBulkQuery(
  admin: AdminClient,
  query: string,
  options: BulkRunOptions = {},
): Promise<BulkOperation> {
  const started = await startBulk(admin, query, options);
  return pollUntilDone(admin, started.id, options);
}

async function startBulk(admin: AdminClient, query: string, options: BulkRunOptions): Promise<{ id: string }> {
  for (let attempt = 0; ; attempt++) {
    const data = await admin.graphql(START, { query });
    if (!data.bulkOperationRunQuery)
      throw new AdminApiError("Shopify answered bulkOperationRunQuery without a payload", { code: "BAD_RESPONSE" });
    const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
    if (bulkOperation && !userErrors.length) return bulkOperation;
    // Only one bulk query runs per shop: wait for the one in progress (say, from a sync that
    // crashed) to end, then start ours.
    if (attempt < 2 && userErrors.some((e) => e.code === "OPERATION_IN_PROGRESS")) {
      const current = await admin.graphql(CURRENT);
      if (current.currentBulkOperation && RUNNING.has(current.currentBulkOperation.status)) {
        await pollUntilDone(admin, current.currentBulkOperation.id, options).catch(() => undefined);
      }
      continue;
    }
    throw new AdminApiError(
      `bulkOperationRunQuery refused the query: ${userErrorMessage(userErrors) ?? "no bulk operation returned"}`,
      {
        code: userErrors[0]?.code ?? "BULK_REFUSED",
        errors: userErrors,
      },
    );
  }
}

async function pollUntilDone(admin: AdminClient, id: string, options: BulkRunOptions): Promise<BulkOperation> {
  const maxPoll = options.maxPollMs ?? 5000;
  const deadline = Date.now() + (options.timeoutMs ?? 6 * 3600_000);
  let wait = options.pollMs ?? 250;
  for (;;) {
    const data = await admin.graphql(POLL, { id });
    const op = data.node;
    if (!op) throw new AdminApiError(`Bulk operation ${id} no longer exists`, { code: "BULK_MISSING" });
    options.onStatus?.(op);
    if (op.status === "COMPLETED") return op;
    if (!RUNNING.has(op.status)) {
      throw new AdminApiError(`Bulk operation ${id} ended ${op.status}${op.errorCode ? ` (${op.errorCode})` : ""}`, {
        code: op.errorCode ?? op.status,
      });
    }
    if (Date.now() > deadline)
      throw new AdminApiError(`Bulk operation ${id} still ${op.status} after the time limit`, { code: "BULK_TIMEOUT" });
    await sleep(wait);
    wait = Math.min(maxPoll, wait * 1.5);
  }
}

/** Downloads a bulk result to `file`, retrying a failed download twice. */
export async function downloadTo(url: string, file: string, doFetch: typeof fetch = fetch): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await doFetch(url);
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} downloading the bulk result`);
      await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(file));
      return;
    } catch (err) {
      if (attempt >= 3)
        throw new AdminApiError(`Could not download the bulk result: ${(err as Error).message}`, {
          code: "BULK_DOWNLOAD",
        });
      await sleep(500 * attempt);
    }
  }
}
