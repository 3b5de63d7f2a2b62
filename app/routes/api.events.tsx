// GET /api/events: the shop's live events (run progress and ends, new alerts) as Server-Sent Events.
// Each event's id is its Redis stream id; a reconnecting browser sends the last one back as
// Last-Event-ID and gets what it missed (agents/runtime/events.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventStreamResponse } from "../../agents/runtime/events";
import { requireAdmin } from "../auth.server";
import { env } from "../../config/env.server";
import { logger } from "../logger.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  try {
    return await eventStreamResponse({
      redisUrl: env().REDIS_URL,
      shop,
      signal: request.signal,
      lastEventId: request.headers.get("Last-Event-ID"),
    });
  } catch (error) {
    logger.warn({ err: (error as Error).message, shop }, "live events unavailable");
    return Response.json(
      { error: "Live updates are unavailable: Redis does not answer. Runs still proceed; reload to see their status." },
      { status: 503 },
    );
  }
};
