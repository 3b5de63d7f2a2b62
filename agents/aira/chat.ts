// One chat turn: rebuild the history from the database, add the merchant's new message or their
// approval decisions, let the model call tools for a few steps, stream the UI message stream
// back, and persist what happened.
import {
  convertToModelMessages,
  generateId,
  isStepCount,
  streamText,
  toUIMessageStream,
  type LanguageModel,
  type UIMessage,
} from "ai";
import { z } from "zod";
import { denyAction, proposalResult, toProposed } from "../actions/actions";
import type { Actor, ToolContext } from "../core/context";
import type { ToolRegistry } from "../core/registry";
import { loadConversation, openConversation, saveMessages } from "./conversations";
import { airaInstructions, type ResourceContext } from "./instructions";
import { createAiraTools, originOf } from "./tools";

export const MAX_STEPS = 6;

/** What the client may send: a user's text, or the last assistant message carrying approval decisions. */
export const chatRequestSchema = z.object({
  conversationId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "conversationId must be 8-64 letters, digits, _ or -"),
  message: z.object({
    id: z.string().min(1).max(100),
    role: z.enum(["user", "assistant"]),
    parts: z
      .array(z.looseObject({ type: z.string() }))
      .min(1)
      .max(100),
  }),
  context: z
    .object({
      type: z.enum(["product", "order"]),
      id: z.string().min(1).max(200),
      label: z.string().max(200).optional(),
    })
    .optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export class ChatRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface ChatTurnOptions {
  registry: ToolRegistry;
  /** AIRA's tool context (actor kind "aira"). */
  ctx: ToolContext;
  merchant: Actor;
  model: LanguageModel;
  modelLabel: string;
  approvalSecret: string;
  request: ChatRequest;
  maxSteps?: number;
}

export const MAX_MESSAGE_CHARS = 4_000;

export async function runChatTurn(options: ChatTurnOptions): Promise<ReadableStream> {
  const { ctx, merchant, request } = options;
  const stored = await loadConversation(ctx.db, ctx.shop, request.conversationId);
  const history = stored?.messages ?? [];
  let newUserMessage: UIMessage | null = null;

  if (request.message.role === "user") {
    const text = userText(request.message.parts);
    const conversation = await openConversation(ctx.db, ctx.shop, request.conversationId, text);
    if (!conversation) throw new ChatRequestError("This conversation belongs to another shop.", 404);
    if (history.some((m) => m.id === request.message.id))
      throw new ChatRequestError("This message was already sent.", 409);
    newUserMessage = { id: request.message.id, role: "user", parts: [{ type: "text", text }] };
    // A side question while a change waits: the change keeps waiting in the approval queue.
    const parked = await parkPendingApprovals(history, ctx, request.conversationId);
    if (parked) await saveMessages(ctx.db, request.conversationId, [parked], null);
    history.push(newUserMessage);
  } else {
    if (!stored) throw new ChatRequestError("No such conversation.", 404);
    await applyDecisions(history, request.message, { ...ctx, actor: merchant }, request.conversationId);
  }

  const { tools, toolApproval } = createAiraTools({
    registry: options.registry,
    ctx: { ...ctx, actor: { kind: "aira", id: request.conversationId } },
    merchant,
    conversationId: request.conversationId,
  });
  const result = streamText({
    model: options.model,
    instructions: airaInstructions({
      shop: ctx.shop,
      today: ctx.now(),
      context: request.context as ResourceContext | undefined,
    }),
    messages: await convertToModelMessages(history, { tools }),
    tools,
    toolApproval,
    experimental_toolApprovalSecret: options.approvalSecret,
    stopWhen: isStepCount(options.maxSteps ?? MAX_STEPS),
  });

  return toUIMessageStream({
    stream: result.stream,
    tools,
    originalMessages: history,
    generateMessageId: generateId,
    messageMetadata: ({ part }) =>
      part.type === "start" ? { model: options.modelLabel, conversationId: request.conversationId } : undefined,
    onError: (error) => {
      ctx.logger.error({ err: error }, "AIRA turn failed");
      return "AIRA could not finish this answer. Nothing was changed without your approval; try again.";
    },
    onEnd: async ({ messages }) => {
      // The new user message (if any) and the new or continued assistant message.
      const last = messages.at(-1);
      const toSave = messages.filter((m) => m.id === newUserMessage?.id || m === last);
      try {
        await saveMessages(ctx.db, request.conversationId, toSave, options.modelLabel);
      } catch (error) {
        ctx.logger.error({ err: error }, "saving the AIRA conversation failed");
      }
    },
  });
}

function userText(parts: { type: string }[]): string {
  const texts = parts.filter((p) => p.type === "text").map((p) => String((p as { text?: unknown }).text ?? ""));
  if (texts.length !== parts.length) throw new ChatRequestError("A message from the merchant may contain text only.");
  const text = texts.join("\n").trim();
  if (!text) throw new ChatRequestError("The message is empty.");
  if (text.length > MAX_MESSAGE_CHARS)
    throw new ChatRequestError(`The message is too long (${text.length} characters; at most ${MAX_MESSAGE_CHARS}).`);
  return text;
}

/**
 * Copies the merchant's decisions onto the stored assistant message: only for approval ids the
 * server issued and that still wait. Everything else in the client's message is ignored.
 * A denial is recorded on the proposed action at once.
 */
async function applyDecisions(
  history: UIMessage[],
  incoming: ChatRequest["message"],
  merchantCtx: ToolContext,
  conversationId: string,
) {
  const last = history.at(-1);
  if (!last || last.role !== "assistant" || last.id !== incoming.id)
    throw new ChatRequestError("Approvals answer the latest assistant message only.", 409);
  const decisions = new Map<string, { approved: boolean; reason?: string }>();
  for (const part of incoming.parts as { approval?: { id?: unknown; approved?: unknown; reason?: unknown } }[]) {
    const approval = part.approval;
    if (approval && typeof approval.id === "string" && typeof approval.approved === "boolean") {
      decisions.set(approval.id, {
        approved: approval.approved,
        reason: typeof approval.reason === "string" ? approval.reason.slice(0, 500) : undefined,
      });
    }
  }
  let answered = 0;
  for (const part of last.parts as ApprovalPart[]) {
    if (part.state !== "approval-requested" || !part.approval) continue;
    const decision = decisions.get(part.approval.id);
    if (!decision) continue;
    part.state = "approval-responded";
    part.approval = {
      ...part.approval,
      approved: decision.approved,
      ...(decision.reason ? { reason: decision.reason } : {}),
    };
    answered += 1;
    if (!decision.approved) {
      const action = await merchantCtx.db.action.findUnique({
        where: { origin: originOf(conversationId, part.toolCallId) },
      });
      if (action?.status === "pending") await denyAction(merchantCtx, action.id, decision.reason ?? "Denied in AIRA");
    }
  }
  if (answered === 0) throw new ChatRequestError("No pending approval matches this decision.", 409);
}

const STILL_WAITING =
  "Still waiting for your approval: approve or deny it under “Changes waiting for your approval” on the AIRA page.";

/**
 * When the merchant asks something else while a proposal waits in the latest answer, that proposal
 * stays pending (it is recorded as an action), and its card becomes "waiting on the AIRA page": the
 * history then holds a result for every tool call, as models require. Returns the changed message.
 */
async function parkPendingApprovals(
  history: UIMessage[],
  ctx: ToolContext,
  conversationId: string,
): Promise<UIMessage | null> {
  const last = history.at(-1);
  if (!last || last.role !== "assistant") return null;
  let parked = 0;
  for (const part of last.parts as ApprovalPart[]) {
    if (part.state !== "approval-requested") continue;
    const action = await ctx.db.action.findUnique({ where: { origin: originOf(conversationId, part.toolCallId) } });
    const parkedPart = part as ApprovalPart & { output?: unknown };
    parkedPart.state = "output-available";
    parkedPart.output = action
      ? {
          ok: true,
          data: {
            ...proposalResult(toProposed(action)),
            ...(action.status === "pending" ? { note: STILL_WAITING } : {}),
          },
        }
      : // An in-app action (run an agent, update a ticket) is asked for again rather than kept waiting.
        {
          ok: false,
          code: "conflict",
          message: "Not run: you asked something else before approving it. Ask again when you want it.",
        };
    delete parkedPart.approval;
    parked += 1;
  }
  return parked ? last : null;
}

interface ApprovalPart {
  type: string;
  state?: string;
  toolCallId: string;
  approval?: { id: string; approved?: boolean; reason?: string; [key: string]: unknown };
}
