// GET /api/analytics/:query?from=YYYY-MM-DD&to=YYYY-MM-DD&limit=50&format=json|csv
// One named analytics report (run_analytics_query, through the tool registry: validated and
// audited like any tool call) as JSON, or as a CSV download with ?format=csv.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { describeIssues } from "../../agents/core/registry";
import type { ToolFailureCode } from "../../agents/core/result";
import { ANALYTICS_QUERIES, type AnalyticsTable } from "../../agents/analytics/queries";
import { runAnalyticsQuery, toolRegistry } from "../../agents/tools";
import { auditMerchant, requireAdmin } from "../auth.server";

const searchParams = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict();

const STATUS: Partial<Record<ToolFailureCode, number>> = {
  invalid_input: 400,
  not_found: 404,
  insufficient_data: 422,
  forbidden: 403,
  unavailable: 503,
};

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const query = z.enum(ANALYTICS_QUERIES).safeParse(params.query);
  if (!query.success) {
    return Response.json(
      { error: `No analytics query named "${params.query}".`, queries: ANALYTICS_QUERIES },
      { status: 404 },
    );
  }
  const parsed = searchParams.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return Response.json(
      {
        error: `Bad query string: ${describeIssues(parsed.error)}. Send from/to as YYYY-MM-DD, limit 1-500, format json or csv.`,
      },
      { status: 400 },
    );
  }
  const { format, ...input } = parsed.data;
  const result = await toolRegistry.run(await admin.toolContext(), runAnalyticsQuery, { query: query.data, ...input });
  // Reports are worked out in the background (ADR 0015): 202 until the first one is ready.
  if (!result.ok && result.code === "pending")
    return Response.json(
      { error: result.message, hint: result.hint ?? null, pending: true },
      { status: 202, headers: { "Retry-After": "5" } },
    );
  if (!result.ok)
    return Response.json({ error: result.message, hint: result.hint ?? null }, { status: STATUS[result.code] ?? 500 });
  const report = result.data;
  // A download leaves the app with store data (top customers name people): audited, unlike page views.
  await auditMerchant(admin, {
    action: "analytics.export",
    input: { query: query.data, format, ...input },
    result: { rows: report.rows.length, asOf: result.asOf ?? null },
    outcome: "ok",
  });
  if (format === "json") return Response.json(report);
  const filename = `${report.query}_${report.params.from}_${report.params.to}.csv`;
  return new Response(toCsv(report), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
};

/** The table with its labels as the header row. */
function toCsv(report: AnalyticsTable): string {
  return stringify(
    report.rows.map((row) => report.columns.map((c) => neutralise(row[c.key] ?? null))),
    {
      header: true,
      columns: report.columns.map((c) => c.label),
    },
  );
}

// Text from the store (product titles, names) must not run as a formula when the file is opened
// in a spreadsheet (CSV injection): such text gets a leading apostrophe. Numbers stay numbers.
const neutralise = (value: string | number | null) =>
  typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
