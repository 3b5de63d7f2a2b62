// GET /api/findings.csv?kind=stockout_risk[,reorder_line]&status=open&q=bracelet: a worklist as CSV,
// every matching item (not just the page shown), with the figures behind each one.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { listFindings, type Finding } from "../../agents/findings/store";
import { requireAdmin } from "../auth.server";
import db from "../db.server";
import { isStatus, kindsFromQuery } from "../findings.server";

const MAX_ROWS = 20_000;
const FIRST = ["title", "status", "note", "product", "variant", "sku"];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const kinds = kindsFromQuery(url.searchParams.get("kind"));
  if (!kinds)
    return Response.json(
      { error: "Name the kind of items, e.g. ?kind=stockout_risk (several separated by commas)." },
      { status: 400 },
    );
  const status = url.searchParams.get("status") ?? "open";
  if (!isStatus(status))
    return Response.json(
      { error: "status must be open, snoozed, dismissed, approved, resolved or all." },
      { status: 400 },
    );
  const search = url.searchParams.get("q")?.trim().slice(0, 200) || undefined;
  const items: Finding[] = [];
  for (let page = 1; items.length < MAX_ROWS; page++) {
    const result = await listFindings(db, shop, { kinds, status, search, page, pageSize: 500 }, new Date());
    items.push(...result.items);
    if (result.items.length < 500) break;
  }
  const rows = items.map((f) => ({ title: f.title, status: f.status, note: f.note ?? "", ...flatten(f.data) }));
  // Product names first, then the figures by name: the same order on SQLite and PostgreSQL (whose
  // jsonb does not keep the keys' order).
  const figures = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((c) => !FIRST.includes(c)).sort();
  const columns = [...FIRST.filter((c) => rows.some((row) => c in row)), ...figures];
  const filename = `${kinds.join("-")}_${status}.csv`;
  return new Response(stringify(rows, { header: true, columns }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
};

/** { forecast: { units: 3 } } -> { "forecast.units": 3 }; lists become "a; b". */
function flatten(data: Record<string, unknown>, prefix = ""): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value == null) out[name] = "";
    else if (Array.isArray(value))
      out[name] = value.map((v) => (v && typeof v === "object" ? Object.values(v).join(" ") : String(v))).join("; ");
    else if (typeof value === "object") Object.assign(out, flatten(value as Record<string, unknown>, name));
    else out[name] = typeof value === "number" ? value : String(value);
  }
  return out;
}
