// POST /api/agents/runs/:runId/cancel: removes a queued run's job, or aborts a running one.
import type { ActionFunctionArgs } from "@remix-run/node";
import { appRuntime } from "../agents.server";
import { requireAdmin } from "../auth.server";
import db from "../db.server";

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const admin = await requireAdmin(request);
  if (request.method !== "POST")
    return Response.json({ error: "Use POST." }, { status: 405, headers: { Allow: "POST" } });
  // Only this shop's runs: another shop's run id is as good as unknown.
  const run = await db.agentRun.findFirst({
    where: { id: params.runId, shop: admin.shop },
    select: { id: true, agent: true },
  });
  if (!run) return Response.json({ error: `No run "${params.runId}" for this shop.` }, { status: 404 });
  const runtime = appRuntime();
  const result = await runtime.cancel(run.id);
  await db.auditLog.create({
    data: {
      shop: admin.shop,
      actor: admin.actor,
      action: "agent.cancel",
      input: { runId: run.id, agent: run.agent },
      result: { ...result },
      outcome: result.cancelled ? "ok" : "error",
    },
  });
  return Response.json(result, { status: result.cancelled ? 200 : 409 });
};
