// GET /api/agents/runs?agent=&status=&capability=&limit=: this shop's runs, newest first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { describeIssues } from "../../agents/core/registry";
import { appRuntime } from "../agents.server";
import { requireAdmin } from "../auth.server";

const query = z.object({
  agent: z.string().optional(),
  status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]).optional(),
  capability: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const params = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!params.success) return Response.json({ error: `Bad query: ${describeIssues(params.error)}` }, { status: 400 });
  const runtime = appRuntime();
  const runs = await runtime.listRuns({ shop, ...params.data });
  return Response.json({ runs });
};
