// POST /api/agents/:agent/run  body: { input?: object, businessKey?: string }
// Runs the agent now for this shop: 202 with { runId, jobId, deduplicated }.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { describeIssues } from "../../agents/core/registry";
import { appRuntime } from "../agents.server";
import { requireAdmin } from "../auth.server";
import db from "../db.server";
import { logger } from "../logger.server";

const body = z
  .object({ input: z.record(z.string(), z.unknown()).optional(), businessKey: z.string().optional() })
  .strict();

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return Response.json(
    { error: "Use POST with a JSON body { input?, businessKey? } to run the agent." },
    { status: 405, headers: { Allow: "POST" } },
  );
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const admin = await requireAdmin(request);
  if (request.method !== "POST")
    return Response.json({ error: "Use POST." }, { status: 405, headers: { Allow: "POST" } });
  const runtime = appRuntime();
  const agent = runtime.agents.get(params.agent ?? "");
  if (!agent)
    return Response.json(
      { error: `No agent named "${params.agent}".`, agents: runtime.agents.list().map((a) => a.name) },
      { status: 404 },
    );

  let raw: unknown = {};
  const text = await request.text();
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      return Response.json(
        { error: "The body must be JSON: { input?: object, businessKey?: string }." },
        { status: 400 },
      );
    }
  }
  const parsedBody = body.safeParse(raw);
  if (!parsedBody.success)
    return Response.json(
      {
        error: `Bad request body: ${describeIssues(parsedBody.error)}. Send { input?: object, businessKey?: string }.`,
      },
      { status: 400 },
    );
  // Checked here too so the merchant hears about bad input now, not from a failed run later.
  const input = agent.input.safeParse(parsedBody.data.input ?? {});
  if (!input.success)
    return Response.json(
      {
        error: `Invalid input for ${agent.name}: ${describeIssues(input.error)}`,
        inputSchema: z.toJSONSchema(agent.input, { unrepresentable: "any" }),
      },
      { status: 400 },
    );

  try {
    const result = await runtime.enqueue({
      shop: admin.shop,
      agent: agent.name,
      trigger: "manual",
      input: parsedBody.data.input ?? {},
      businessKey: parsedBody.data.businessKey,
    });
    await db.auditLog.create({
      data: {
        shop: admin.shop,
        actor: admin.actor,
        action: "agent.run",
        input: { agent: agent.name, businessKey: parsedBody.data.businessKey ?? null },
        result: { ...result },
        outcome: "ok",
      },
    });
    return Response.json(result, { status: result.deduplicated ? 200 : 202 });
  } catch (error) {
    const message = (error as Error).message;
    // Our validation errors (secrets in input, bad business key) are the caller's to fix.
    if (/must not carry secrets|businessKey must be/.test(message))
      return Response.json({ error: message }, { status: 400 });
    logger.error({ err: message, agent: agent.name, shop: admin.shop }, "could not enqueue agent run");
    return Response.json({ error: "The run could not be queued (is Redis up?). Try again." }, { status: 503 });
  }
};
