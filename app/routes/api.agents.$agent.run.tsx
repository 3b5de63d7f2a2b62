// POST /api/agents/:agent/run  body: { input?: object, businessKey?: string }
// Runs the agent now for this shop: 202 with { runId, jobId, deduplicated }.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { describeIssues } from "../../agents/core/registry";
import { RedisUnavailable } from "../../agents/infra/redis";
import { InvalidRunRequest, startRun, UnknownAgent } from "../agents.server";
import { requireAdmin } from "../auth.server";
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

  try {
    const result = await startRun(admin, params.agent ?? "", parsedBody.data);
    return Response.json(result, { status: result.deduplicated ? 200 : 202 });
  } catch (error) {
    if (error instanceof UnknownAgent)
      return Response.json({ error: error.message, agents: error.known }, { status: 404 });
    // Bad input, secrets in it, a bad business key: the caller's to fix.
    if (error instanceof InvalidRunRequest)
      return Response.json(
        error.inputSchema === undefined
          ? { error: error.message }
          : { error: error.message, inputSchema: error.inputSchema },
        { status: 400 },
      );
    logger.error(
      { err: (error as Error).message, agent: params.agent, shop: admin.shop },
      "could not enqueue agent run",
    );
    // Redis down or not answering: said within its 2 s deadline, not after a hang; nothing was started.
    const why =
      error instanceof RedisUnavailable
        ? "The job queue (Redis) is not reachable, so the run was not started."
        : "The run could not be queued.";
    return Response.json({ error: `${why} Try again in a minute.` }, { status: 503, headers: { "Retry-After": "30" } });
  }
};
