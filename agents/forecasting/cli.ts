// Command line: forecast every SKU of a daily sales CSV.
//   npx tsx agents/forecasting/cli.ts --in sales.csv --out forecast.csv --horizon 28
// Input columns date,sku,quantity in any order (extra columns are ignored); dates YYYY-MM-DD;
// repeated (date, sku) rows are added up; days with no row are zero sales. Each SKU's series runs
// from its first sale to the last date in the file. Output: sku,date,forecast,lo80,hi80,lo95,hi95,model.
// SKUs with too little history are reported on stderr and written as one row with model
// "skipped:insufficient_history".
// --calendar events.csv (columns date,event; one event per day, any days of the history or the
// horizon) marks the shop's holidays and promotions for every SKU: those past days are left out of
// fitting and each event's effect is learned from them and applied to its future days (events.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { forecastSeries } from "./forecast";
import { parseIsoDay, MAX_HORIZON } from "./validate";
import { fromEpochDay } from "../core/time";

export const OUTPUT_COLUMNS = ["sku", "date", "forecast", "lo80", "hi80", "lo95", "hi95", "model"] as const;
const REQUIRED = ["date", "sku", "quantity"] as const;
const CALENDAR_COLUMNS = ["date", "event"] as const;
const USAGE =
  "usage: npx tsx agents/forecasting/cli.ts --in sales.csv [--out forecast.csv] [--horizon 28] [--calendar events.csv]";
const FLAGS = new Set(["--in", "--out", "--horizon", "--calendar"]);
/** Same bound as the engine's opts.events names (events.ts). */
const MAX_EVENT_NAME = 60;

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

interface CliArgs {
  input: string;
  output?: string;
  horizon: number;
  calendar?: string;
}

function parseArgs(argv: string[]): CliArgs {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!FLAGS.has(flag)) throw new CliError(`unknown argument ${JSON.stringify(flag)}\n${USAGE}`);
    const value = argv[++i];
    if (value === undefined || value.startsWith("--")) throw new CliError(`${flag} needs a value\n${USAGE}`);
    values[flag] = value;
  }
  if (!values["--in"]) throw new CliError(`--in is required\n${USAGE}`);
  const horizonText = values["--horizon"] ?? "28";
  const horizon = Number(horizonText);
  if (!/^\d+$/.test(horizonText) || horizon < 1 || horizon > MAX_HORIZON)
    throw new CliError(
      `--horizon must be a whole number of days from 1 to ${MAX_HORIZON}, got ${JSON.stringify(horizonText)}`,
    );
  return { input: values["--in"], output: values["--out"], horizon, calendar: values["--calendar"] };
}

interface SalesTable {
  /** sku -> (day number -> units) */
  bySku: Map<string, Map<number, number>>;
  lastDay: number;
}

type CsvRow = { info: { lines: number }; record: string[] };

/** Parses a CSV and finds the required columns (any order, any case; extra columns ignored). */
function readTable(
  text: string,
  what: string,
  required: readonly string[],
): { rows: CsvRow[]; index: Record<string, number> } {
  let rows: CsvRow[];
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as CsvRow[];
  } catch (err) {
    throw new CliError(`${what} CSV is malformed: ${(err as Error).message}`);
  }
  if (rows.length === 0) throw new CliError(`${what} CSV is empty; expected a header ${required.join(",")}`);
  const header = rows[0].record.map((h) => h.toLowerCase());
  const index: Record<string, number> = {};
  for (const name of required) {
    const at = header.indexOf(name);
    if (at < 0)
      throw new CliError(
        `${what === "input" ? "" : `${what} `}line ${rows[0].info.lines}: header must contain the columns ${required.join(",")} (any order), got ${JSON.stringify(rows[0].record.join(","))}`,
      );
    index[name] = at;
  }
  return { rows, index };
}

export function readSalesCsv(text: string): SalesTable {
  const { rows, index } = readTable(text, "input", REQUIRED);
  const bySku = new Map<string, Map<number, number>>();
  let lastDay = -Infinity;
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r];
    const line = info.lines;
    const dateText = record[index.date];
    const sku = record[index.sku];
    const qtyText = record[index.quantity];
    let day: number;
    try {
      day = parseIsoDay(dateText, "date");
    } catch {
      throw new CliError(`line ${line}: date must be YYYY-MM-DD, got ${JSON.stringify(dateText)}`);
    }
    if (!sku) throw new CliError(`line ${line}: sku is empty`);
    const qty = qtyText === "" ? NaN : Number(qtyText);
    if (!Number.isFinite(qty) || qty < 0)
      throw new CliError(`line ${line}: quantity must be a number >= 0, got ${JSON.stringify(qtyText)}`);
    const days = bySku.get(sku) ?? new Map<number, number>();
    days.set(day, (days.get(day) ?? 0) + qty);
    bySku.set(sku, days);
    if (day > lastDay) lastDay = day;
  }
  if (bySku.size === 0) throw new CliError("input CSV has a header but no data rows");
  return { bySku, lastDay };
}

/** Event name per day number, from a date,event CSV. */
export type Calendar = Map<number, string>;

export function readCalendarCsv(text: string): Calendar {
  const { rows, index } = readTable(text, "calendar", CALENDAR_COLUMNS);
  const calendar: Calendar = new Map();
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r];
    const where = `calendar line ${info.lines}`;
    const dateText = record[index.date];
    const event = record[index.event];
    let day: number;
    try {
      day = parseIsoDay(dateText, "date");
    } catch {
      throw new CliError(`${where}: date must be YYYY-MM-DD, got ${JSON.stringify(dateText)}`);
    }
    if (!event || event.length > MAX_EVENT_NAME)
      throw new CliError(`${where}: event must be a name of 1 to ${MAX_EVENT_NAME} characters`);
    const before = calendar.get(day);
    // One event per day: the engine learns one factor per event name, and two names on one day
    // would leave it to guess which one moved the sales.
    if (before !== undefined && before !== event)
      throw new CliError(`${where}: ${dateText} already has the event ${JSON.stringify(before)}; one event per day`);
    calendar.set(day, event);
  }
  return calendar;
}

const fmt = (x: number): string => (Math.round(x * 1000) / 1000).toString();

export function forecastTable(table: SalesTable, horizon: number, io: CliIo, calendar?: Calendar): string[][] {
  const out: string[][] = [];
  for (const sku of [...table.bySku.keys()].sort()) {
    const days = table.bySku.get(sku)!;
    const first = Math.min(...days.keys());
    const series = Array.from({ length: table.lastDay - first + 1 }, (_, i) => days.get(first + i) ?? 0);
    const events = calendar
      ? Array.from({ length: series.length + horizon }, (_, i) => calendar.get(first + i) ?? null)
      : undefined;
    const result = forecastSeries(series, { horizon, startDate: fromEpochDay(first), levels: [80, 95], events });
    if (!result.ok) {
      io.stderr(`skipped ${sku}: ${result.reason}: ${result.message}\n`);
      out.push([sku, "", "", "", "", "", "", `skipped:${result.reason}`]);
      continue;
    }
    const [i80, i95] = result.intervals;
    for (let j = 0; j < horizon; j++) {
      out.push([
        sku,
        result.dates![j],
        fmt(result.forecast[j]),
        fmt(i80.lower[j]),
        fmt(i80.upper[j]),
        fmt(i95.lower[j]),
        fmt(i95.upper[j]),
        result.model,
      ]);
    }
  }
  return out;
}

function readInput(flag: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(`cannot read ${flag} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Runs the CLI; returns the process exit code (0 ok, 1 bad input, 2 usage). */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    io.stderr(`error: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const calendar = args.calendar ? readCalendarCsv(readInput("--calendar", args.calendar)) : undefined;
    const rows = forecastTable(readSalesCsv(readInput("--in", args.input)), args.horizon, io, calendar);
    const csv = stringify(rows, { header: true, columns: [...OUTPUT_COLUMNS] });
    if (args.output) writeFileSync(args.output, csv);
    else io.stdout(csv);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`error: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
