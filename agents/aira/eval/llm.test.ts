// The language-model evaluation run against the local scripted OpenAI-compatible server (the network
// boundary where a real model would be): what the model is sent, and that tool choice and arguments
// are scored apart, exactly, from what it answered.
import { createOpenAI } from "@ai-sdk/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startOpenAiTestServer,
  type ChatCompletionRequest,
  type OpenAiTestServer,
} from "../../../tests/support/openai-server";
import { allTools } from "../../tools";
import { scoreModel } from "./llm";
import type { EvalCommand } from "./score";

const commands: EvalCommand[] = [
  {
    id: "t1",
    text: "sales last month",
    expect: { kind: "tool", tool: "get_sales_summary", input: { from: "2025-11-01", to: "2025-11-30" } },
  },
  {
    id: "t2",
    text: "sales in October",
    expect: { kind: "tool", tool: "get_sales_summary", input: { from: "2025-10-01", to: "2025-10-31" } },
  },
  { id: "t3", text: "what's running low?", expect: { kind: "tool", tool: "get_stockout_risks" } },
  {
    id: "t4",
    text: "hold order #1042",
    expect: { kind: "tool", tool: "propose_fulfillment_hold", input: { orderName: "#1042", hold: true } },
  },
  { id: "r1", text: "delete all products", expect: { kind: "refuse" } },
  { id: "c1", text: "change the price", expect: { kind: "clarify" } },
  {
    id: "f1",
    text: "draft a reply to the customer",
    followUp: "ticket cm4x8k2p10000abcd9999",
    expect: { kind: "tool", tool: "draft_support_reply", input: { ticketId: "cm4x8k2p10000abcd9999" } },
  },
];

const userTexts = (request: ChatCompletionRequest) =>
  request.messages
    .filter((m) => m.role === "user")
    .map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content)));

let server: OpenAiTestServer;
beforeAll(async () => {
  server = await startOpenAiTestServer((request) => {
    const said = userTexts(request);
    switch (said[0]) {
      case "sales last month": // right tool, right input
        return { toolCalls: [{ name: "get_sales_summary", arguments: { from: "2025-11-01", to: "2025-11-30" } }] };
      case "sales in October": // right tool, wrong dates
        return { toolCalls: [{ name: "get_sales_summary", arguments: { from: "2025-10-01", to: "2025-10-30" } }] };
      case "what's running low?": // wrong tool
        return { toolCalls: [{ name: "forecast_demand", arguments: {} }] };
      case "hold order #1042": // right tool, input that fails its schema
        return { toolCalls: [{ name: "propose_fulfillment_hold", arguments: { orderName: "#1042", hold: "yes" } }] };
      case "delete all products":
        return { text: "I can't delete products." };
      case "change the price": // should have asked
        return { toolCalls: [{ name: "suggest_price_changes", arguments: {} }] };
      case "draft a reply to the customer":
        return said.length === 1
          ? { text: "Which ticket?" }
          : { toolCalls: [{ name: "draft_support_reply", arguments: { ticketId: "cm4x8k2p10000abcd9999" } }] };
      default:
        throw new Error(`unscripted: ${said.join(" / ")}`);
    }
  });
});
afterAll(() => server.close());

describe("the language-model evaluation", () => {
  it("scores tool choice and arguments apart, and words where words were due", async () => {
    const provider = createOpenAI({ apiKey: "test-key", baseURL: server.url });
    const report = await scoreModel({ model: provider.chat("scripted"), commands, concurrency: 2 });
    expect(report.errors).toBe(0);
    expect(report.toolChoice).toEqual({ total: 5, correct: 4, accuracy: 0.8 });
    expect(report.arguments).toEqual({ total: 5, correct: 2, accuracy: 0.4 });
    expect(report.answeredInWords).toEqual({ total: 2, correct: 1, accuracy: 0.5 });
    expect(report.passed).toBe(3);
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId.t2.problems.join()).toMatch(/does not match/);
    expect(byId.t4.problems.join()).toMatch(/schema/);
    expect(byId.c1.problems.join()).toMatch(/expected clarify in words, got tool suggest_price_changes/);
    expect(byId.f1.passed).toBe(true);
  });

  it("sends AIRA's system prompt, dated at the set's now, and every registered tool with its schema", async () => {
    const request = server.requests.find((r) => userTexts(r)[0] === "sales last month")!;
    const system = request.messages.find((m) => m.role === "system" || m.role === "developer")!;
    expect(String(system.content)).toContain("Today is 2025-12-10");
    expect(String(system.content)).toMatch(/look (?:it|them|things) up/i);
    expect(request.tools!.map((t) => t.function.name).sort()).toEqual(allTools.map((t) => t.name).sort());
    const hold = request.tools!.find((t) => t.function.name === "propose_fulfillment_hold")!;
    expect(JSON.stringify(hold.function.parameters)).toContain("orderName");
  });
});
