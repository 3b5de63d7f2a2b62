// GET /api/events: the shop's live agent events (progress, finished) as Server-Sent Events.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventStreamResponse } from "../../agents/runtime/events";
import { requireAdmin } from "../auth.server";
import { env } from "../env.server";
import { logger } from "../logger.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  try {
    return await eventStreamResponse({ redisUrl: env().REDIS_URL, shop, signal: request.signal });
  } catch (error) {
    logger.warn({ err: (error as Error).message, shop }, "live events unavailable");
    return Response.json({ error: "Live updates are unavailable: Redis does not answer. Runs still proceed; reload to see their status." }, { status: 503 });
  }
};
