// A weekly report as CSV (?report=<run id>, default the latest), fetched by the page's download button.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { storedWeeklyReports, weeklyReportCsv } from "../../agents/analytics/weekly-report";
import { requireAdmin } from "../auth.server";
import db from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const runId = new URL(request.url).searchParams.get("report");
  const [stored] = await storedWeeklyReports(db, shop, { runId, limit: 1 });
  if (!stored)
    return Response.json(
      { error: runId ? "No such weekly report in this shop." : "No weekly report yet: prepare one on the page first." },
      { status: 404 },
    );
  return new Response(weeklyReportCsv(stored.report), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="weekly-report-${stored.report.week.from}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
