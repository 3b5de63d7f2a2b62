import { describe, expect, it } from "vitest";
import { chatRequestBody, errorMessageFrom, newConversationId, type AiraMessage } from "./session";

describe("chatRequestBody", () => {
  const messages: AiraMessage[] = [
    { id: "m1", role: "user", parts: [{ type: "text", text: "How did sales do?" }] },
    { id: "m2", role: "assistant", parts: [{ type: "text", text: "Up 12%." }] },
    { id: "m3", role: "user", parts: [{ type: "text", text: "And stock?" }] },
  ];

  it("sends only the last message, with the context chip when there is one", () => {
    expect(chatRequestBody("conv12345", messages, null)).toEqual({ conversationId: "conv12345", message: messages[2] });
    const context = { type: "product" as const, id: "gid://shopify/Product/1", label: "Blue Tee" };
    expect(chatRequestBody("conv12345", messages, context)).toEqual({
      conversationId: "conv12345",
      message: messages[2],
      context,
    });
  });

  it("makes conversation ids the server accepts", () => {
    const ids = new Set(Array.from({ length: 50 }, newConversationId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});

describe("errorMessageFrom", () => {
  it("shows the server's { error } text, or the raw text", () => {
    expect(errorMessageFrom('{"error":"Too many messages for this shop; try again in 12 s."}')).toBe(
      "Too many messages for this shop; try again in 12 s.",
    );
    expect(errorMessageFrom("Service unavailable")).toBe("Service unavailable");
    expect(errorMessageFrom("")).toBeNull();
    expect(errorMessageFrom("x".repeat(400))).toHaveLength(300);
  });
});
