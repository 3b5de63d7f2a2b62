// Shared helpers of the GraphQL layer: context, GIDs, money, errors, resolver definitions.
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { EmulatorStore } from "../store/store";
import { centsToDecimal } from "../store/db";
import type { Loose } from "../loose";

export interface BulkRunState {
  /** Page of the root connection the bulk runner asks for. */
  rootAfter: string | null;
  rootPageSize: number;
  rootEndCursor: string | null;
  rootHasNext: boolean;
}

export interface GraphQLContext {
  store: EmulatorStore;
  apiVersion: string;
  /** Base URL of the running emulator, for bulk operation result files. */
  baseUrl: string;
  /** Set while a bulk operation runs: nested connections are unbounded, the root is paged by the runner. */
  bulk?: BulkRunState;
  /** Hooks provided by the server (bulk operation runner). */
  services: {
    startBulkQuery?: (
      query: string,
    ) => { bulkOperationId: number } | { userError: { field: string[]; message: string; code: string } };
  };
}

export type Resolve = (parent: Loose, args: Loose, ctx: GraphQLContext, info: GraphQLResolveInfo) => unknown;
/** A field resolver; a bare function accepts no explicit arguments, otherwise list those it honours. */
export type FieldDef = Resolve | { args: readonly string[]; resolve: Resolve };
export type Resolvers = Record<string, Record<string, FieldDef>>;

export const CONNECTION_ARGS = ["first", "after", "last", "before", "reverse"] as const;

export function notImplemented(what: string): GraphQLError {
  return new GraphQLError(`${what} is not implemented by the emulator`, {
    extensions: { code: "NOT_IMPLEMENTED" },
  });
}

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export interface ParsedGid {
  type: string;
  id: number;
  params: URLSearchParams;
}

export function parseGid(value: string): ParsedGid | null {
  const m = /^gid:\/\/shopify\/(\w+)\/(\d+)(?:\?(.*))?$/.exec(value);
  if (!m) return null;
  return { type: m[1], id: Number(m[2]), params: new URLSearchParams(m[3] ?? "") };
}

/** Parses a GID of the expected type, or null when it is malformed or of another type. */
export function idOf(value: string, type: string): number | null {
  const p = parseGid(value);
  return p && p.type === type ? p.id : null;
}

export function money(cents: number, currencyCode: string): { amount: string; currencyCode: string } {
  return { amount: centsToDecimal(cents), currencyCode };
}

export function moneyBag(cents: number, currencyCode: string) {
  const m = money(cents, currencyCode);
  return { shopMoney: m, presentmentMoney: m };
}

export function count(n: number) {
  return { count: n, precision: "EXACT" };
}

export const parseJson = <T>(text: unknown, fallback: T): T =>
  text == null ? fallback : (JSON.parse(String(text)) as T);

/** Parses a Shopify Decimal/Money input ("19.99", 19.99) to cents; null when it is not a number. */
export function decimalToCents(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return Math.round(value * 100);
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 100);
  return null;
}

export interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

/** Rejects input-object fields the emulator does not honour, naming them (never silently ignored). */
export function rejectUnknownInput(
  input: Record<string, unknown> | null | undefined,
  typeName: string,
  supported: readonly string[],
): void {
  if (!input) return;
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (!supported.includes(k)) throw notImplemented(`Input field '${typeName}.${k}'`);
  }
}
