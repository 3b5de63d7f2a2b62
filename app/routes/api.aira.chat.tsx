// POST /api/aira/chat — one AIRA turn. Body: { conversationId, message, context? } where message
// is the merchant's new message or the last assistant message carrying approval decisions.
// Responds with the AI SDK's UI message stream. The history comes from the database.
import { CHAT_MAX_BYTES, isBodyTooLarge, limitBody, tooLarge } from "../body-limit.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createUIMessageStreamResponse } from "ai";
import { modelCopywriter } from "../../agents/aira/copywriter";
import { ChatRequestError, chatRequestSchema, runChatTurn } from "../../agents/aira/chat";
import { describeIssues } from "../../agents/core/registry";
import { toolRegistry } from "../../agents/tools";
import { toolContext } from "../tools.server";
import { airaLimiter, airaModel, approvalSecret } from "../aira.server";
import { shopLocations } from "../../agents/purchasing/locations";
import { requireAdmin } from "../auth.server";
import { logger } from "../logger.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return Response.json(
    { error: "Use POST with { conversationId, message }." },
    { status: 405, headers: { Allow: "POST" } },
  );
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const admin = await requireAdmin(request);
  if (request.method !== "POST")
    return Response.json({ error: "Use POST." }, { status: 405, headers: { Allow: "POST" } });

  // A chat turn is a short message: the body is capped before it is read (413 beyond 256 KB).
  const limited = limitBody(request, CHAT_MAX_BYTES);
  if (limited instanceof Response) return limited;
  let raw: unknown;
  try {
    raw = await limited.json();
  } catch (error) {
    if (isBodyTooLarge(error)) return tooLarge(CHAT_MAX_BYTES);
    return Response.json({ error: "The body must be JSON: { conversationId, message }." }, { status: 400 });
  }
  const parsed = chatRequestSchema.safeParse(raw);
  if (!parsed.success) return Response.json({ error: `Bad request: ${describeIssues(parsed.error)}` }, { status: 400 });

  const limit = await airaLimiter().consume(admin.shop);
  if (!limit.ok) {
    const seconds = Math.ceil(limit.retryAfterMs / 1000);
    return Response.json(
      { error: `Too many messages for this shop; try again in ${seconds} s.` },
      { status: 429, headers: { "Retry-After": String(seconds) } },
    );
  }

  const now = new Date();
  const ctx = {
    ...(await toolContext(admin.shop, { kind: "aira", id: parsed.data.conversationId })),
    now: () => now,
  };
  const { model, label, kind } = airaModel(admin.shop, now, () => shopLocations(ctx));
  // Product copy comes from the same model when it is a real one.
  if (kind !== "offline") Object.assign(ctx, { copywriter: modelCopywriter(model, label) });
  try {
    const stream = await runChatTurn({
      registry: toolRegistry,
      ctx,
      merchant: admin.actor,
      model,
      modelLabel: label,
      approvalSecret: approvalSecret(),
      request: parsed.data,
    });
    return createUIMessageStreamResponse({ stream });
  } catch (error) {
    if (error instanceof ChatRequestError) return Response.json({ error: error.message }, { status: error.status });
    logger.error({ err: error, shop: admin.shop }, "AIRA turn could not start");
    return Response.json({ error: "AIRA could not answer; nothing was changed. Try again." }, { status: 500 });
  }
};
