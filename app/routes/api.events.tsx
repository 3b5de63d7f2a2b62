// GET /api/events: the shop's live events (run progress and ends, new alerts) as Server-Sent Events.
// Each event carries an id and the browser sends the last one back as Last-Event-ID when it
// reconnects, but the events are Redis pub/sub messages with no history to replay from: the client
// (app/components/live) reloads its views' data after every reconnect instead.
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
