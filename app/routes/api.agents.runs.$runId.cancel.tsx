// POST /api/agents/runs/:runId/cancel: removes a queued run's job, or aborts a running one.
import type { ActionFunctionArgs } from "@remix-run/node";
import { cancelRun, RunNotCancellable, RunNotFound } from "../agents.server";
import { requireAdmin } from "../auth.server";

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const admin = await requireAdmin(request);
  if (request.method !== "POST")
    return Response.json({ error: "Use POST." }, { status: 405, headers: { Allow: "POST" } });
  try {
    return Response.json(await cancelRun(admin, params.runId ?? ""), { status: 200 });
  } catch (error) {
    if (error instanceof RunNotFound) return Response.json({ error: error.message }, { status: 404 });
    if (error instanceof RunNotCancellable) return Response.json(error.result, { status: 409 });
    throw error;
  }
};
