// AIRA's conversation in the browser: one Chat (AI SDK) shared by the AIRA page and the panel on
// every other page, kept outside React so that it survives navigation and the panel closing, and
// keeps streaming meanwhile. Only the last message is sent; the server rebuilds the history.
import { Chat } from "@ai-sdk/react";
import {
  DefaultChatTransport,
  generateId,
  isToolUIPart,
  lastAssistantMessageIsCompleteWithApprovalResponses,
  type UIMessage,
} from "ai";
import { useSyncExternalStore } from "react";
import type { AiraContext } from "./context";

export interface AiraMetadata {
  /** Which model answered, e.g. "offline:royal-equips-offline-1" or "openai:gpt-4.1-mini". */
  model?: string;
  conversationId?: string;
}

export type AiraMessage = UIMessage<AiraMetadata>;

export const CHAT_API = "/api/aira/chat";
export const CONVERSATIONS_API = "/api/aira/conversations";
const STORAGE_KEY = "royal-equips:aira:conversation";

export interface AiraSession {
  chat: Chat<AiraMessage>;
  /** The product or order this conversation is about (a chip; sent with each message). */
  context: AiraContext | null;
  /** The composer's text, kept when the panel closes. */
  draft: string;
  /** Changes when a conversation is created or deleted, so that the history list reloads. */
  historyVersion: number;
}

/** 16 letters and digits: what the server accepts as a conversation id (8-64 of [A-Za-z0-9_-]). */
export const newConversationId = () => generateId();

/** The request body: the conversation, its last message only, and the context chip if any. */
export function chatRequestBody(id: string, messages: AiraMessage[], context: AiraContext | null) {
  return { conversationId: id, message: messages.at(-1), ...(context ? { context } : {}) };
}

function createChat(id: string, messages: AiraMessage[]): Chat<AiraMessage> {
  return new Chat<AiraMessage>({
    id,
    messages,
    // Global fetch on purpose: inside the admin, App Bridge patches it to add the session token.
    transport: new DefaultChatTransport<AiraMessage>({
      api: CHAT_API,
      prepareSendMessagesRequest: ({ id: chatId, messages: current }) => ({
        body: chatRequestBody(chatId, current, contextOf(chatId)),
      }),
    }),
    // After Approve/Deny the decisions go back to the server, which applies or records them.
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    onFinish: ({ messages: done }) => {
      if (done.length > 0) remember(id);
      bumpHistory();
    },
  });
}

// ---------- the store ----------

let session: AiraSession | null = null;
let serverSession: AiraSession | null = null;
const listeners = new Set<() => void>();

function current(): AiraSession {
  session ??= { chat: createChat(newConversationId(), []), context: null, draft: "", historyVersion: 0 };
  return session;
}

function update(patch: Partial<AiraSession>) {
  session = { ...current(), ...patch };
  for (const listener of listeners) listener();
}

function contextOf(chatId: string): AiraContext | null {
  return session && session.chat.id === chatId ? session.context : null;
}

function bumpHistory() {
  update({ historyVersion: current().historyVersion + 1 });
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The shared session; during server rendering an empty one that never sends. */
export function useAiraSession(): AiraSession {
  return useSyncExternalStore(
    subscribe,
    current,
    () => (serverSession ??= { chat: createChat("server-render", []), context: null, draft: "", historyVersion: 0 }),
  );
}

export const airaSession = {
  get: current,

  /** A new, empty conversation, optionally about a product or order and with a prepared question. */
  start(context: AiraContext | null = null, draft = "") {
    forget();
    update({ chat: createChat(newConversationId(), []), context, draft });
  },

  setContext(context: AiraContext | null) {
    update({ context });
  },

  setDraft(draft: string) {
    if (draft !== current().draft) update({ draft });
  },

  /** Sends the merchant's text as a new message; resolves when the answer has finished or failed. */
  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return;
    update({ draft: "" });
    const chat = current().chat;
    // A side question while a change waits: the server turns that card into "waiting on the AIRA
    // page" (the change stays in the approval queue); reload the conversation to show it.
    const parking = awaitingApproval(chat.messages);
    await chat.sendMessage({ text: trimmed });
    if (parking && current().chat === chat && chat.status === "ready") await airaSession.open(chat.id);
  },

  /**
   * Tries the failed request again: approval decisions are re-sent as they are; a question is sent
   * again as a new message (the server refuses a message id it has already stored).
   */
  retry(): Promise<void> {
    const chat = current().chat;
    const messages = chat.messages;
    const last = messages.at(-1);
    chat.clearError();
    if (last?.role === "assistant" && last.parts.some((p) => "state" in p && p.state === "approval-responded"))
      return chat.sendMessage();
    const index = messages.findLastIndex((m) => m.role === "user");
    if (index < 0) return Promise.resolve();
    const text = messages[index].parts.map((p) => (p.type === "text" ? p.text : "")).join("\n");
    chat.messages = messages.slice(0, index);
    return chat.sendMessage({ text });
  },

  /**
   * Loads a stored conversation; returns an error message when it cannot. With `unlessChangedFrom`,
   * it is only shown if that chat is still the open one, and still empty, when it arrives.
   */
  async open(id: string, options: { unlessChangedFrom?: Chat<AiraMessage> } = {}): Promise<string | null> {
    let response: Response;
    try {
      response = await fetch(`${CONVERSATIONS_API}/${encodeURIComponent(id)}`, {
        headers: { Accept: "application/json" },
      });
    } catch {
      return "The conversation could not be loaded: the app does not answer.";
    }
    if (!response.ok)
      return (await errorText(response)) ?? `The conversation could not be loaded (HTTP ${response.status}).`;
    const body = (await response.json()) as { id: string; messages: AiraMessage[] };
    const guard = options.unlessChangedFrom;
    if (guard && (current().chat !== guard || guard.messages.length > 0)) return null;
    remember(body.id);
    update({ chat: createChat(body.id, body.messages ?? []), context: null, draft: "" });
    return null;
  },

  /** Deletes a stored conversation; the open one is replaced by a new, empty conversation. */
  async remove(id: string): Promise<string | null> {
    let response: Response;
    try {
      response = await fetch(`${CONVERSATIONS_API}/${encodeURIComponent(id)}`, { method: "DELETE" });
    } catch {
      return "The conversation could not be deleted: the app does not answer.";
    }
    if (!response.ok && response.status !== 404)
      return (await errorText(response)) ?? `The conversation could not be deleted (HTTP ${response.status}).`;
    if (current().chat.id === id) airaSession.start();
    else bumpHistory();
    return null;
  },

  /**
   * After a reload: reopens the conversation this browser tab had open, once; with `latest` (the
   * AIRA page), else the shop's most recent conversation.
   */
  async restore(options: { latest?: boolean } = {}): Promise<void> {
    if (restored) return;
    restored = true;
    const now = current();
    if (now.chat.messages.length > 0 || now.context) return;
    // The conversation this tab had open, else the shop's latest one.
    const id =
      (typeof sessionStorage === "undefined" ? null : sessionStorage.getItem(STORAGE_KEY)) ??
      (options.latest ? await latestConversation() : null);
    if (!id) return;
    // Something else (a ?context link, a question) may open a conversation meanwhile: it wins.
    const error = await airaSession.open(id, { unlessChangedFrom: now.chat });
    if (error) forget();
  },
};

let restored = false;

/** The shop's most recently used conversation, if any. */
async function latestConversation(): Promise<string | null> {
  try {
    const response = await fetch(CONVERSATIONS_API, { headers: { Accept: "application/json" } });
    if (!response.ok) return null;
    const body = (await response.json()) as { conversations?: { id: string }[] };
    return body.conversations?.[0]?.id ?? null;
  } catch {
    return null;
  }
}

/** The last assistant message waits for the merchant's decision on a store change. */
export function awaitingApproval(messages: AiraMessage[]): boolean {
  const last = messages.at(-1);
  return (
    last?.role === "assistant" &&
    last.parts.some((p) => isToolUIPart(p) && p.state === "approval-requested" && !p.approval.isAutomatic)
  );
}

function remember(id: string) {
  try {
    sessionStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Storage may be unavailable (privacy settings): the conversation is then not reopened on reload.
  }
}

function forget() {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // as above
  }
}

/** The `{ error }` text of a JSON error response, or the raw body. */
export async function errorText(response: Response): Promise<string | null> {
  const text = await response.text().catch(() => "");
  return errorMessageFrom(text);
}

/** useChat errors carry the response body as their message: show its `error` field when it is JSON. */
export function errorMessageFrom(text: string | undefined | null): string | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed?.error === "string") return parsed.error;
  } catch {
    // not JSON: the text itself
  }
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
