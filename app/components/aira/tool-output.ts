// How a tool's result is shown in the chat, decided from the data's shape alone (any tool, no
// per-tool code): arrays of objects become tables, `series`-like arrays charts, scalars a metric
// list, long text a paragraph. Pure functions: the components only render what this returns.
import { addDays } from "../../../agents/core/time";

export type ToolOutcome =
  { kind: "failure"; code: string; message: string; hint?: string } | { kind: "data"; data: unknown };

/**
 * Reads a tool output: `{ ok: true, data }`, a failure `{ ok: false, code, message, hint }` (also
 * with the fields under `error`), or a bare value.
 */
export function toolOutcome(output: unknown): ToolOutcome {
  if (isRecord(output) && output.ok === false) {
    const error = isRecord(output.error) ? output.error : output;
    return {
      kind: "failure",
      code: typeof error.code === "string" ? error.code : "error",
      message: typeof error.message === "string" ? error.message : "The tool reported a failure.",
      ...(typeof error.hint === "string" ? { hint: error.hint } : {}),
    };
  }
  if (isRecord(output) && output.ok === true && "data" in output) return { kind: "data", data: output.data };
  return { kind: "data", data: output };
}

export interface MetricView {
  label: string;
  value: string;
}

export interface ColumnView {
  key: string;
  label: string;
  numeric: boolean;
  /** Internal ids (variantId, ...): only shown with "Show all". */
  secondary?: boolean;
}

export interface TableView {
  key: string;
  title: string;
  columns: ColumnView[];
  /** Every row, already formatted; the component shows the first few until "Show all". */
  rows: string[][];
}

export interface SeriesView {
  key: string;
  title: string;
  /** The numeric fields that can be plotted, first one shown by default. */
  fields: { key: string; label: string }[];
  points: { x: string; values: Record<string, number | null> }[];
}

export interface ResultView {
  metrics: MetricView[];
  tables: TableView[];
  series: SeriesView[];
  lists: { label: string; items: string[] }[];
  texts: { label: string; text: string }[];
}

export const VISIBLE_COLUMNS = 8;
export const VISIBLE_ROWS = 10;
const SHORT_TEXT = 80;
const SERIES_KEY = /series|daily|trend|timeline|history/i;
const ID_KEY = /^(id|gid)$|[a-z](Id|ID|Ids|_id)$/;
const X_KEYS = ["period", "date", "day", "week", "month", "key", "label"];

export function describeResult(data: unknown): ResultView {
  const view: ResultView = { metrics: [], tables: [], series: [], lists: [], texts: [] };
  if (data == null) return view;
  if (Array.isArray(data)) describeEntry(view, "results", data, data, "");
  else if (isRecord(data)) describeObject(view, data, data, "", 0);
  else view.texts.push({ label: "", text: String(data) });
  return view;
}

function describeObject(
  view: ResultView,
  object: Record<string, unknown>,
  root: Record<string, unknown> | unknown[],
  prefix: string,
  depth: number,
) {
  for (const [key, value] of Object.entries(object)) {
    if (depth >= 2 && isRecord(value)) continue;
    describeEntry(view, key, value, root, prefix);
    if (isRecord(value))
      describeObject(
        view,
        value,
        root,
        prefix ? `${prefix} ${humanize(key).toLowerCase()}` : depth === 0 ? "" : humanize(key),
        depth + 1,
      );
  }
}

function describeEntry(
  view: ResultView,
  key: string,
  value: unknown,
  root: Record<string, unknown> | unknown[],
  prefix: string,
) {
  const label = prefix ? `${prefix} ${humanize(key).toLowerCase()}` : humanize(key);
  if (value == null || isRecord(value)) return;
  if (typeof value === "number" || typeof value === "boolean") {
    view.metrics.push({ label, value: formatValue(key, value) });
    return;
  }
  if (typeof value === "string") {
    if (value.length <= SHORT_TEXT && !value.includes("\n")) view.metrics.push({ label, value });
    else view.texts.push({ label, text: value });
    return;
  }
  if (!Array.isArray(value)) return;
  if (value.length === 0) {
    view.metrics.push({ label, value: "none" });
    return;
  }
  const objects = value.filter(isRecord);
  if (objects.length === 0) {
    view.lists.push({ label, items: value.map((v) => (typeof v === "number" ? formatValue(key, v) : String(v))) });
    return;
  }
  const series = SERIES_KEY.test(key)
    ? seriesOf(key, key === "series" && !prefix ? "Over time" : label, objects)
    : null;
  if (series) view.series.push(series);
  else view.tables.push(tableOf(key, label, objects));
  const daily = dailyTotals(key, label, objects, isRecord(root) ? root : {});
  if (daily) view.series.push(daily);
}

/** A chart when the rows have an x value (period, date, ...) and at least one numeric field. */
export function seriesOf(key: string, title: string, rows: Record<string, unknown>[]): SeriesView | null {
  if (rows.length < 2) return null;
  const first = rows[0];
  const xKey =
    X_KEYS.find((k) => typeof first[k] === "string") ?? Object.keys(first).find((k) => typeof first[k] === "string");
  if (!xKey) return null;
  const fields = Object.keys(first).filter(
    (k) => k !== xKey && rows.every((r) => typeof r[k] === "number" || r[k] == null) && typeof first[k] === "number",
  );
  if (fields.length === 0) return null;
  return {
    key,
    title,
    fields: fields.map((f) => ({ key: f, label: humanize(f) })),
    points: rows.map((r) => ({
      x: String(r[xKey]),
      values: Object.fromEntries(fields.map((f) => [f, typeof r[f] === "number" ? (r[f] as number) : null])),
    })),
  };
}

/**
 * Rows that each carry a `daily` array of numbers (a forecast per variant) add up to one daily
 * series, dated from the result's first forecast date when it has one.
 */
function dailyTotals(
  key: string,
  label: string,
  rows: Record<string, unknown>[],
  root: Record<string, unknown>,
): SeriesView | null {
  const arrays = rows
    .map((r) => r.daily)
    .filter((d): d is number[] => Array.isArray(d) && d.length > 0 && d.every((n) => typeof n === "number"));
  if (arrays.length === 0) return null;
  const length = Math.max(...arrays.map((a) => a.length));
  const start = [root.firstForecastDate, root.startDate].find(
    (d): d is string => typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d),
  );
  const points = Array.from({ length }, (_, i) => {
    const total = arrays.reduce((sum, a) => sum + (a[i] ?? 0), 0);
    return { x: start ? addDays(start, i) : `Day ${i + 1}`, values: { total: Math.round(total * 100) / 100 } };
  });
  return {
    key: `${key}-daily`,
    title: `${label}: daily total of ${arrays.length} row${arrays.length === 1 ? "" : "s"}`,
    fields: [{ key: "total", label: "Daily total" }],
    points,
  };
}

export function tableOf(key: string, title: string, rows: Record<string, unknown>[]): TableView {
  const keys: string[] = [];
  for (const row of rows.slice(0, 50)) for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
  const columns = keys.map((k) => ({
    key: k,
    label: humanize(k),
    numeric: rows.every((r) => typeof r[k] === "number" || r[k] == null) && rows.some((r) => typeof r[k] === "number"),
    ...(ID_KEY.test(k) ? { secondary: true } : {}),
  }));
  return { key, title, columns, rows: rows.map((row) => keys.map((k) => formatCell(k, row[k]))) };
}

function formatCell(key: string, value: unknown): string {
  if (value == null) return "—";
  if (typeof value === "number" || typeof value === "boolean") return formatValue(key, value);
  if (typeof value === "string") return value.length > 160 ? `${value.slice(0, 159)}…` : value;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === "number")) return `${value.length} values`;
    return value.map((v) => (isRecord(v) || Array.isArray(v) ? compact(v) : String(v))).join(", ");
  }
  return compact(value);
}

function compact(value: unknown): string {
  const text = isRecord(value)
    ? Object.entries(value)
        .filter(([, v]) => v != null)
        .map(
          ([k, v]) =>
            `${humanize(k).toLowerCase()}: ${typeof v === "number" ? formatValue(k, v) : isRecord(v) || Array.isArray(v) ? "…" : String(v)}`,
        )
        .join(", ")
    : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

const MONEY_WORDS = new Set([
  "price",
  "revenue",
  "amount",
  "cost",
  "sales",
  "refunded",
  "discounts",
  "profit",
  "value",
  "total",
  "goods",
  "spend",
  "spent",
  "aov",
  "subtotal",
]);
const RATIO_WORDS = new Set(["margin", "rate", "coverage", "share", "ratio"]);
const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const fine = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A number formatted by what its key says it is: money, a ratio (as %), a percentage, a count. */
export function formatValue(key: string, value: number | boolean): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (!Number.isFinite(value)) return "—";
  const words = keyWords(key);
  const last = words.at(-1) ?? "";
  if (/pct|percent/i.test(key)) return `${grouped.format(value)}%`;
  if (RATIO_WORDS.has(last) && Math.abs(value) <= 1.5) return `${grouped.format(Math.round(value * 1000) / 10)}%`;
  if (MONEY_WORDS.has(last) || words.includes("price")) return money.format(value);
  return Number.isInteger(value)
    ? grouped.format(value)
    : Math.abs(value) < 1
      ? fine.format(value)
      : grouped.format(value);
}

const ACRONYMS: Record<string, string> = {
  sku: "SKU",
  skus: "SKUs",
  id: "ID",
  ids: "IDs",
  aov: "AOV",
  rmsse: "RMSSE",
  gid: "GID",
  url: "URL",
  po: "PO",
  clv: "CLV",
  rfm: "RFM",
};

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
}

/** `averageOrderValue` -> "Average order value", `lo80` -> "Lo80", `sku` -> "SKU". */
export function humanize(key: string): string {
  const words = keyWords(key).map((w) => ACRONYMS[w] ?? w);
  if (words.length === 0) return key;
  const [first, ...rest] = words;
  return [first === first.toUpperCase() ? first : first[0].toUpperCase() + first.slice(1), ...rest].join(" ");
}

/** The tool's name as a title: get_sales_summary -> "Sales summary" (leading verb dropped for get/list). */
export function toolTitle(name: string): string {
  const words = name.split("_").filter(Boolean);
  if (words.length > 1 && ["get", "list"].includes(words[0])) words.shift();
  return humanize(words.join("_"));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
