// Message ids come from the browser: a shop that reuses another shop's message id (or one from
// another conversation) gets its own message, and nobody else's is overwritten.
import type { UIMessage } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { loadConversation, openConversation, saveMessages } from "./conversations";

let database: TestDatabase;
let db: Db;
const text = (id: string, value: string): UIMessage => ({ id, role: "user", parts: [{ type: "text", text: value }] });

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("conversations", () => {
  it("scopes message ids to their conversation, so a reused id cannot overwrite another shop's message", async () => {
    await openConversation(db, "a.myshopify.com", "conv-a", "hello");
    await openConversation(db, "b.myshopify.com", "conv-b", "hello");
    await saveMessages(db, "conv-a", [text("msg-1", "A's own words")], null);
    await saveMessages(db, "conv-b", [text("msg-1", "B tries to overwrite")], null);
    const a = await loadConversation(db, "a.myshopify.com", "conv-a");
    const b = await loadConversation(db, "b.myshopify.com", "conv-b");
    expect(a?.messages.map((m) => m.parts)).toEqual([[{ type: "text", text: "A's own words" }]]);
    expect(b?.messages.map((m) => m.parts)).toEqual([[{ type: "text", text: "B tries to overwrite" }]]);
    // The same id again in its own conversation updates that message (a streamed reply's parts).
    await saveMessages(db, "conv-a", [text("msg-1", "A's edited words")], null);
    expect((await loadConversation(db, "a.myshopify.com", "conv-a"))?.messages).toHaveLength(1);
    expect(await loadConversation(db, "b.myshopify.com", "conv-a")).toBeNull();
  });
});
