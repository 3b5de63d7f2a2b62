// AIRA's conversations, per shop. The database is the only source of the history: the client
// sends just its new message (or its approval decisions), never tool results.
import type { UIMessage } from "ai";
import type { Db } from "../db/client";

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: Date;
}

export async function listConversations(db: Db, shop: string, limit = 50): Promise<ConversationSummary[]> {
  return db.conversation.findMany({
    where: { shop },
    orderBy: { updatedAt: "desc" },
    take: limit,
    select: { id: true, title: true, updatedAt: true },
  });
}

/** The conversation's messages in order, or null when it does not exist in this shop. */
export async function loadConversation(
  db: Db,
  shop: string,
  id: string,
): Promise<{ id: string; title: string; messages: UIMessage[] } | null> {
  const conversation = await db.conversation.findFirst({
    where: { id, shop },
    include: { messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  if (!conversation) return null;
  return {
    id: conversation.id,
    title: conversation.title,
    messages: conversation.messages.map((m) => ({
      id: m.id,
      role: m.role as UIMessage["role"],
      parts: m.parts as UIMessage["parts"],
      ...(m.model ? { metadata: { model: m.model, conversationId: id } } : {}),
    })),
  };
}

/** Creates the conversation on first use; an id that belongs to another shop is refused. */
export async function openConversation(db: Db, shop: string, id: string, firstText: string) {
  const existing = await db.conversation.findUnique({ where: { id } });
  if (existing && existing.shop !== shop) return null;
  if (existing) return existing;
  return db.conversation.create({ data: { id, shop, title: titleFrom(firstText) } });
}

/** Writes the messages of a turn (new or continued), keeping creation order stable. */
export async function saveMessages(db: Db, conversationId: string, messages: UIMessage[], model: string | null) {
  const base = Date.now() - messages.length;
  await db.$transaction([
    ...messages.map((message, index) =>
      db.message.upsert({
        where: { conversationId_id: { conversationId, id: message.id } },
        create: {
          id: message.id,
          conversationId,
          role: message.role,
          parts: toJson(message.parts),
          model: message.role === "assistant" ? model : null,
          createdAt: new Date(base + index),
        },
        update: { parts: toJson(message.parts), ...(message.role === "assistant" && model ? { model } : {}) },
      }),
    ),
    db.conversation.update({ where: { id: conversationId }, data: { updatedAt: new Date() } }),
  ]);
}

/**
 * AIRA's own line in a conversation, for what happened outside the chat turn (a change reverted from
 * its card or the approval queue), so that the conversation says so when it is read again.
 */
export async function addAssistantNote(db: Db, shop: string, conversationId: string, text: string): Promise<boolean> {
  const conversation = await db.conversation.findFirst({ where: { id: conversationId, shop }, select: { id: true } });
  if (!conversation) return false;
  const id = `note_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  await saveMessages(db, conversationId, [{ id, role: "assistant", parts: [{ type: "text", text }] }], null);
  return true;
}

/**
 * A change made in a conversation was reverted (from its card or the approval queue): its card is
 * stored as reverted, and AIRA's note saying so ends the conversation.
 */
export async function recordRevert(
  db: Db,
  shop: string,
  conversationId: string,
  actionId: string,
  note: string,
): Promise<boolean> {
  const conversation = await db.conversation.findFirst({
    where: { id: conversationId, shop },
    include: { messages: { where: { role: "assistant" } } },
  });
  if (!conversation) return false;
  for (const message of conversation.messages) {
    const parts = message.parts as { output?: { ok?: boolean; data?: { actionId?: string; status?: string } } }[];
    const card = parts.find((p) => p.output?.ok && p.output.data?.actionId === actionId);
    if (!card?.output?.data) continue;
    card.output.data.status = "reverted";
    await db.message.update({
      where: { conversationId_id: { conversationId, id: message.id } },
      data: { parts: JSON.parse(JSON.stringify(parts)) as object },
    });
  }
  return addAssistantNote(db, shop, conversationId, note);
}

/** The conversation a proposal was made in ("aira:<conversation>:<tool call>"), if it came from AIRA. */
export const conversationOfOrigin = (origin: string | null | undefined) =>
  /^aira:([A-Za-z0-9_-]{8,64}):/.exec(origin ?? "")?.[1] ?? null;

export async function deleteConversation(db: Db, shop: string, id: string): Promise<boolean> {
  const { count } = await db.conversation.deleteMany({ where: { id, shop } });
  return count === 1;
}

function titleFrom(text: string) {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line || "New conversation";
}

const toJson = (parts: UIMessage["parts"]) => JSON.parse(JSON.stringify(parts)) as object;
