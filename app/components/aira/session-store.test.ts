// The shared session against a stand-in for the app's HTTP API (the browser's network boundary):
// what each request carries, and how retry, open and delete change the conversation.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { airaSession, type AiraMessage } from "./session";

interface Call {
  url: string;
  method: string;
  body: { conversationId?: string; message?: AiraMessage; context?: unknown } | null;
}

let calls: Call[];
let respond: (call: Call) => Response;

beforeEach(() => {
  calls = [];
  respond = () => Response.json({ error: "Too many messages for this shop; try again in 5 s." }, { status: 429 });
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = {
      url: String(input),
      method: init?.method ?? "GET",
      body: typeof init?.body === "string" ? JSON.parse(init.body) : null,
    };
    calls.push(call);
    return respond(call);
  });
  airaSession.start();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("airaSession", () => {
  it("sends the conversation id, the new message only and the context chip, and shows the server's error", async () => {
    const product = { type: "product" as const, id: "gid://shopify/Product/7", label: "Blue Tee" };
    airaSession.start(product, 'Forecast demand for "Blue Tee" for the next 14 days');
    expect(airaSession.get().draft).toBe('Forecast demand for "Blue Tee" for the next 14 days');
    await airaSession.send(airaSession.get().draft);
    const chat = airaSession.get().chat;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      url: "/api/aira/chat",
      method: "POST",
      body: {
        conversationId: chat.id,
        context: product,
        message: {
          role: "user",
          parts: [{ type: "text", text: 'Forecast demand for "Blue Tee" for the next 14 days' }],
        },
      },
    });
    expect(airaSession.get().draft).toBe("");
    expect(chat.status).toBe("error");
    expect(chat.error?.message).toContain("Too many messages");
  });

  it("retries a failed question as a new message (the server refuses a message id twice)", async () => {
    await airaSession.send("What is running low?");
    const firstId = calls[0].body?.message?.id;
    await airaSession.retry();
    expect(calls).toHaveLength(2);
    expect(calls[1].body?.message).toMatchObject({
      role: "user",
      parts: [{ type: "text", text: "What is running low?" }],
    });
    expect(calls[1].body?.message?.id).not.toBe(firstId);
    expect(airaSession.get().chat.messages.filter((m) => m.role === "user")).toHaveLength(1);
  });

  it("opens a stored conversation, and deleting the open one starts a new conversation", async () => {
    const stored: AiraMessage[] = [
      { id: "u1", role: "user", parts: [{ type: "text", text: "How did sales do?" }] },
      {
        id: "a1",
        role: "assistant",
        parts: [{ type: "text", text: "Up 12%." }],
        metadata: { model: "offline:royal-equips-offline-1" },
      },
    ];
    respond = (call) =>
      call.method === "DELETE"
        ? new Response(null, { status: 204 })
        : Response.json({ id: "conv-stored-1", title: "How did sales do?", messages: stored });
    expect(await airaSession.open("conv-stored-1")).toBeNull();
    expect(airaSession.get().chat.id).toBe("conv-stored-1");
    expect(airaSession.get().chat.messages).toEqual(stored);
    expect(await airaSession.remove("conv-stored-1")).toBeNull();
    expect(calls.at(-1)).toMatchObject({ url: "/api/aira/conversations/conv-stored-1", method: "DELETE" });
    expect(airaSession.get().chat.id).not.toBe("conv-stored-1");
    expect(airaSession.get().chat.messages).toEqual([]);
  });

  it("reports a conversation that cannot be loaded, and drops a late one when another was opened meanwhile", async () => {
    respond = () => Response.json({ error: "No such conversation." }, { status: 404 });
    expect(await airaSession.open("conv-missing")).toBe("No such conversation.");
    respond = () => Response.json({ id: "conv-late-1", title: "x", messages: [] });
    const before = airaSession.get().chat;
    const late = airaSession.open("conv-late-1", { unlessChangedFrom: before });
    airaSession.start({ type: "order", id: "gid://shopify/Order/9" });
    expect(await late).toBeNull();
    expect(airaSession.get().chat.id).not.toBe("conv-late-1");
    expect(airaSession.get().context).toEqual({ type: "order", id: "gid://shopify/Order/9" });
  });
});
