// Competitor prices: a CSV import (the one source that works without any account) and a connector
// interface for external price-tracking providers. No prices are ever made up: an unconfigured provider
// says so.
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { DAY_MS } from "../core/time";

export interface CompetitorPrice {
  sku: string;
  competitor: string;
  price: number;
  /** ISO 8601 timestamp (a bare date is read as midnight UTC). */
  observedAt: string;
}

export class CompetitorCsvError extends Error {
  constructor(public readonly problems: { line: number; message: string }[]) {
    super(
      `competitor price CSV has ${problems.length} problem(s):\n` +
        problems
          .slice(0, 20)
          .map((p) => `  line ${p.line}: ${p.message}`)
          .join("\n") +
        (problems.length > 20 ? `\n  ... and ${problems.length - 20} more` : "") +
        `\nExpected a header "sku,competitor,price,observed_at" and rows like "RE-1001,acme.com,24.99,2026-11-01".`,
    );
    this.name = "CompetitorCsvError";
  }
}

export const COMPETITOR_CSV_COLUMNS = ["sku", "competitor", "price", "observed_at"] as const;

/** Parse competitor prices; all row problems are collected and thrown together with their line numbers. */
export function parseCompetitorCsv(text: string): CompetitorPrice[] {
  if (typeof text !== "string") throw new Error("parseCompetitorCsv: expected the CSV file contents as a string");
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
    }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new CompetitorCsvError([{ line: e.lines ?? 0, message: e.message }]);
  }
  if (rows.length === 0) {
    const header = text.split(/\r?\n/, 1)[0] ?? "";
    const missing = COMPETITOR_CSV_COLUMNS.filter(
      (c) =>
        !header
          .toLowerCase()
          .split(",")
          .map((h) => h.trim())
          .includes(c),
    );
    if (missing.length > 0)
      throw new CompetitorCsvError([{ line: 1, message: `missing column(s): ${missing.join(", ")}` }]);
    return [];
  }
  const missing = COMPETITOR_CSV_COLUMNS.filter((c) => !(c in rows[0].record));
  if (missing.length > 0)
    throw new CompetitorCsvError([{ line: 1, message: `missing column(s): ${missing.join(", ")}` }]);

  const problems: { line: number; message: string }[] = [];
  const out: CompetitorPrice[] = [];
  for (const { record, info } of rows) {
    const line = info.lines;
    const rowProblems: string[] = [];
    if (!record.sku) rowProblems.push("sku is empty");
    if (!record.competitor) rowProblems.push("competitor is empty");
    const price = Number(record.price?.replace(/^\$/, ""));
    if (record.price === "" || !Number.isFinite(price) || price <= 0)
      rowProblems.push(`price ${JSON.stringify(record.price)} is not a positive number`);
    const observed = parseTimestamp(record.observed_at);
    if (observed === null)
      rowProblems.push(`observed_at ${JSON.stringify(record.observed_at)} is not a date (use YYYY-MM-DD or ISO 8601)`);
    if (rowProblems.length > 0) {
      problems.push({ line, message: rowProblems.join("; ") });
      continue;
    }
    out.push({ sku: record.sku, competitor: record.competitor, price, observedAt: observed! });
  }
  if (problems.length > 0) throw new CompetitorCsvError(problems);
  return out;
}

function parseTimestamp(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null;
  const ts = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ts) ? null : new Date(ts).toISOString();
}

/**
 * Latest price per (sku, competitor), then the lowest of those per sku, ignoring observations older than
 * maxAgeDays before asOf (stale prices are worse than none for a band constraint).
 */
export function latestCompetitorPrices(
  prices: readonly CompetitorPrice[],
  options: { asOf?: string; maxAgeDays?: number } = {},
): Map<string, { lowest: number; lowestCompetitor: string; prices: CompetitorPrice[] }> {
  const asOf = options.asOf ? Date.parse(options.asOf) : Date.now();
  if (Number.isNaN(asOf)) throw new Error(`latestCompetitorPrices: asOf ${options.asOf} is not a date`);
  const maxAgeMs = (options.maxAgeDays ?? 30) * DAY_MS;
  const latest = new Map<string, CompetitorPrice>();
  for (const p of prices) {
    const t = Date.parse(p.observedAt);
    if (t > asOf || asOf - t > maxAgeMs) continue;
    const key = `${p.sku}\u0000${p.competitor}`;
    const prev = latest.get(key);
    if (!prev || Date.parse(prev.observedAt) < t) latest.set(key, p);
  }
  const bySku = new Map<string, { lowest: number; lowestCompetitor: string; prices: CompetitorPrice[] }>();
  for (const p of latest.values()) {
    const entry = bySku.get(p.sku);
    if (!entry) bySku.set(p.sku, { lowest: p.price, lowestCompetitor: p.competitor, prices: [p] });
    else {
      entry.prices.push(p);
      if (p.price < entry.lowest) [entry.lowest, entry.lowestCompetitor] = [p.price, p.competitor];
    }
  }
  return bySku;
}

export type CompetitorFetchResult =
  | { ok: true; prices: CompetitorPrice[] }
  | { ok: false; reason: "not_configured" | "provider_error" | "invalid_response"; message: string };

export interface CompetitorPriceConnector {
  readonly name: string;
  isConfigured(): boolean;
  fetchPrices(skus: readonly string[]): Promise<CompetitorFetchResult>;
}

/** CSV file contents already uploaded by the merchant, exposed through the connector interface. */
export class CsvCompetitorConnector implements CompetitorPriceConnector {
  readonly name = "csv";
  private readonly prices: CompetitorPrice[];
  constructor(csvText: string) {
    this.prices = parseCompetitorCsv(csvText);
  }
  isConfigured(): boolean {
    return true;
  }
  async fetchPrices(skus: readonly string[]): Promise<CompetitorFetchResult> {
    const wanted = new Set(skus);
    return { ok: true, prices: this.prices.filter((p) => wanted.has(p.sku)) };
  }
}

const feedSchema = z.object({
  prices: z.array(
    z.object({
      sku: z.string().min(1),
      competitor: z.string().min(1),
      price: z.number().positive(),
      observed_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "observed_at must be an ISO 8601 date"),
    }),
  ),
});

/**
 * External price-tracking provider reached over HTTP with a documented, provider-neutral contract:
 *   GET {COMPETITOR_PRICES_URL}?skus=A,B,C   with   Authorization: Bearer {COMPETITOR_PRICES_TOKEN}
 *   -> 200 { "prices": [{ "sku", "competitor", "price", "observed_at" }] }
 * Any tracker (Prisync, Price2Spy, an in-house scraper) can be put behind a small adapter that speaks it.
 * Without both env vars it answers not_configured and never fabricates prices.
 */
export class HttpCompetitorPriceConnector implements CompetitorPriceConnector {
  readonly name = "http-feed";
  static readonly ENV_VARS = ["COMPETITOR_PRICES_URL", "COMPETITOR_PRICES_TOKEN"] as const;
  private readonly url: string | undefined;
  private readonly token: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: { env?: Record<string, string | undefined>; fetchImpl?: typeof fetch } = {}) {
    const env = opts.env ?? process.env;
    this.url = env.COMPETITOR_PRICES_URL || undefined;
    this.token = env.COMPETITOR_PRICES_TOKEN || undefined;
    this.fetchImpl = opts.fetchImpl ?? fetch;
  }

  isConfigured(): boolean {
    return Boolean(this.url && this.token);
  }

  async fetchPrices(skus: readonly string[]): Promise<CompetitorFetchResult> {
    if (!this.isConfigured())
      return {
        ok: false,
        reason: "not_configured",
        message:
          "competitor price feed is not configured: set COMPETITOR_PRICES_URL and COMPETITOR_PRICES_TOKEN, or upload a CSV (sku,competitor,price,observed_at)",
      };
    const url = new URL(this.url!);
    url.searchParams.set("skus", skus.join(","));
    let body: unknown;
    try {
      const res = await this.fetchImpl(url, {
        headers: { authorization: `Bearer ${this.token}`, accept: "application/json" },
      });
      if (!res.ok)
        return { ok: false, reason: "provider_error", message: `competitor price feed answered HTTP ${res.status}` };
      body = await res.json();
    } catch (err) {
      return {
        ok: false,
        reason: "provider_error",
        message: `competitor price feed unreachable: ${(err as Error).message}`,
      };
    }
    const parsed = feedSchema.safeParse(body);
    if (!parsed.success)
      return {
        ok: false,
        reason: "invalid_response",
        message: `competitor price feed sent an unexpected shape: ${parsed.error.issues[0]?.message}`,
      };
    return {
      ok: true,
      prices: parsed.data.prices.map((p) => ({
        sku: p.sku,
        competitor: p.competitor,
        price: p.price,
        observedAt: new Date(Date.parse(p.observed_at)).toISOString(),
      })),
    };
  }
}
