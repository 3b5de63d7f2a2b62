// GET /api/agents: every agent with its capabilities, tools, schedule and health for this shop.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { agentHealth } from "../../agents/runtime/health";
import { appRuntime } from "../agents.server";
import { requireAdmin } from "../auth.server";
import db from "../db.server";
import { redis } from "../redis.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const runtime = appRuntime();
  const agents = await agentHealth(db, redis, shop, {
    agents: runtime.agents,
    prefix: runtime.prefix,
    isScheduled: runtime.isScheduled,
  });
  return Response.json({ agents });
};
