// What every tool handler receives: built per request (or per job) by the surface that calls it.
import type { Logger } from "pino";
import type { Db } from "../db/client";
import type { Copywriter } from "../marketing/copy";
import type { StoreArea } from "../runtime/event-types";
import type { AdminClient } from "../shopify/admin-client";

export type ActorKind = "merchant" | "aira" | "mcp" | "schedule" | "system";

export interface Actor {
  kind: ActorKind;
  /** Stable id for the audit log: a user id, an MCP token id, an agent name. */
  id: string;
  /** MCP tokens: may this token change the store, and are its changes applied without review? */
  scope?: "read" | "write";
  autoApprove?: boolean;
}

export const actorLabel = (actor: Actor) => `${actor.kind}:${actor.id}`;

/** Starts agent runs; implemented by the BullMQ runtime (agents/runtime). */
export interface AgentRunner {
  enqueue(request: {
    shop: string;
    agent: string;
    trigger: string;
    input?: unknown;
    businessKey?: string;
  }): Promise<{ runId: string; jobId: string; deduplicated: boolean }>;
}

/**
 * How tools with a stored result (heavy analysis, ADR 0015) answer in this context. Absent: they
 * compute in this process and store nothing (tests, scripts).
 */
export type StoredResultsPolicy =
  /** The worker: computes, and stores what it computed for requests to read. */
  | { mode: "compute"; runId: string | null }
  /**
   * Requests: answer from the stored result, asking the worker (through `runner`) for a new one
   * when it is stale; with none stored yet, wait up to waitMs for it, then answer "pending".
   */
  | { mode: "serve"; waitMs: number };

export interface ToolContext {
  shop: string;
  db: Db;
  admin: AdminClient;
  logger: Logger;
  actor: Actor;
  runner?: AgentRunner;
  results?: StoredResultsPolicy;
  /** Writes product copy with a language model; absent when no model is configured (tools then use an offline template and say so). */
  copywriter?: Copywriter;
  /**
   * Tells the shop's open pages that data they show changed (e.g. a support ticket), coalesced
   * (agents/runtime/store-changes.ts). Absent where no page listens (scripts, tests).
   */
  storeChanged?: (areas: StoreArea[]) => Promise<void>;
  /**
   * Tells whoever asked how far a long call is (an MCP client that sent a progressToken):
   * `progress` of `total`, with a line in the merchant's words. Absent where nobody listens.
   */
  progress?: (update: { progress: number; total?: number; message?: string }) => Promise<void>;
  /** Aborted when the caller gave up (an MCP client cancelled or hung up): long waits stop. */
  signal?: AbortSignal;
  /**
   * A read-only tool call's audit row is queued and written with others within `queueMs`
   * (agents/core/audit.ts, ADR 0046) instead of before the answer. Set by /mcp, whose process
   * flushes the queue on shutdown. Absent: every row is written before the answer.
   */
  auditReads?: { queueMs: number };
  /**
   * Read tools that declare `sharedUntil` answer from one computation while the database is
   * unchanged (agents/core/shared-reads.ts, ADR 0050). Set by /mcp, whose callers only serialise
   * the answer; absent: every call computes (pages, AIRA and jobs may hold on to what they get).
   */
  sharedReads?: boolean;
  now: () => Date;
}
