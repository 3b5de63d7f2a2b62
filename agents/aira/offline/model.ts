// AIRA's offline model: a deterministic LanguageModelV4 that needs no key and no network. It reads
// only the merchant's own words to choose a tool and its arguments (understand.ts), and writes
// the answer from the tool's result (answer.ts). It never reads instructions from tool results:
// store content cannot steer it.
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Message,
  LanguageModelV4StreamPart,
  LanguageModelV4ToolResultOutput,
} from "@ai-sdk/provider";
import { writeAnswer, writeDecision } from "./answer";
import { understand, type CatalogEntry, type UnderstandContext } from "./understand";

export const OFFLINE_MODEL_ID = "royal-equips-offline-1";
/** Marks a clarifying question, so that the merchant's reply is read together with the question's command. */
const CLARIFY_KEY = "royalEquips";

export interface OfflineModelOptions {
  /** Built per request: the shop's catalog (for fuzzy product matching), today, agent names. */
  context: () => Promise<UnderstandContext>;
  /** The shop's currency for amounts in answers (ISO code), when known. */
  currency?: () => Promise<string | null>;
}

type Step =
  | { kind: "text"; text: string; clarifies?: string }
  | { kind: "tool"; toolName: string; input: Record<string, unknown> };

export function createOfflineModel(options: OfflineModelOptions): LanguageModelV4 {
  let calls = 0;
  async function decide(call: LanguageModelV4CallOptions): Promise<Step> {
    const prompt = call.prompt;
    const lastUser = findLastIndex(prompt, (m) => m.role === "user");
    const afterUser = prompt.slice(lastUser + 1);
    const results = afterUser
      .filter((m) => m.role === "tool")
      .flatMap((m) => m.content.filter((c) => c.type === "tool-result"));
    let text = lastUser >= 0 ? textOf(prompt[lastUser]) : "";
    const previousQuestion = lastUser >= 0 ? clarifiedCommand(prompt.slice(0, lastUser)) : null;
    if (previousQuestion) text = `${previousQuestion} ${text}`;
    if (results.length > 0) {
      // A lookup that a second call needs ("draft a reply to the latest ticket"): the same words
      // give the same plan, and the second call takes its id from the first call's result.
      const planned = understand(text, await options.context());
      if (planned.kind === "tool" && planned.then && results.length === 1 && results[0].toolName === planned.tool) {
        const next =
          planned.then.takes === "foundVariants"
            ? pricesForFound(planned.then.percent, results[0].output, (await options.context()).catalog)
            : followUpInput(planned.then.takes, results[0].output);
        if (next) return { kind: "tool", toolName: planned.then.tool, input: next };
      }
      const answered = planned.kind === "tool" && planned.then && results.length > 1 ? results.slice(1) : results;
      const currency = (await options.currency?.()) ?? null;
      return {
        kind: "text",
        text: answered
          .map((r) => answerFor(r.toolName, inputOf(prompt, r.toolCallId), r.output, currency))
          .join("\n\n"),
      };
    }
    if (lastUser < 0)
      return {
        kind: "text",
        text: "Ask me about your store: sales, stock, forecasts, prices, discounts, support tickets or alerts.",
      };

    const understood = understand(text, await options.context());
    switch (understood.kind) {
      case "tool": {
        const available = new Set((call.tools ?? []).map((t) => t.name));
        if (!available.has(understood.tool))
          return {
            kind: "text",
            text: `I understood that as a job for ${understood.tool}, which is not available here.`,
          };
        return { kind: "tool", toolName: understood.tool, input: understood.input };
      }
      case "clarify": {
        const options = understood.options?.length ? `\n${understood.options.map((o) => `- ${o}`).join("\n")}` : "";
        return { kind: "text", text: `${understood.question}${options}`, clarifies: text };
      }
      case "refuse":
        return { kind: "text", text: understood.reason };
      case "help":
        return { kind: "text", text: understood.text };
    }
  }

  function streamOf(step: Step): ReadableStream<LanguageModelV4StreamPart> {
    calls += 1;
    const id = `offline-${calls}`;
    const parts: LanguageModelV4StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "response-metadata", id, modelId: OFFLINE_MODEL_ID, timestamp: new Date() },
    ];
    if (step.kind === "tool") {
      const toolCallId = `call_${Date.now().toString(36)}_${calls}`;
      const input = JSON.stringify(step.input);
      parts.push(
        { type: "tool-input-start", id: toolCallId, toolName: step.toolName },
        { type: "tool-input-delta", id: toolCallId, delta: input },
        { type: "tool-input-end", id: toolCallId },
      );
      parts.push({ type: "tool-call", toolCallId, toolName: step.toolName, input });
      parts.push({
        type: "finish",
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage: usage(0, input.length),
      });
    } else {
      const providerMetadata = step.clarifies ? { [CLARIFY_KEY]: { clarifies: step.clarifies } } : undefined;
      parts.push({ type: "text-start", id, ...(providerMetadata ? { providerMetadata } : {}) });
      // Word by word, so the client renders it as it streams.
      for (const piece of step.text.match(/\S+\s*|\s+/g) ?? []) parts.push({ type: "text-delta", id, delta: piece });
      parts.push({ type: "text-end", id });
      parts.push({ type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: usage(0, step.text.length) });
    }
    return new ReadableStream({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
  }

  return {
    specificationVersion: "v4",
    provider: "royal-equips",
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},
    async doStream(call) {
      return { stream: streamOf(await decide(call)) };
    },
    async doGenerate(call) {
      const step = await decide(call);
      if (step.kind === "tool") {
        return {
          content: [
            {
              type: "tool-call",
              toolCallId: `call_${Date.now().toString(36)}`,
              toolName: step.toolName,
              input: JSON.stringify(step.input),
            },
          ],
          finishReason: { unified: "tool-calls", raw: "tool_calls" },
          usage: usage(0, 0),
          warnings: [],
        };
      }
      const providerMetadata = step.clarifies ? { [CLARIFY_KEY]: { clarifies: step.clarifies } } : undefined;
      return {
        content: [{ type: "text", text: step.text, ...(providerMetadata ? { providerMetadata } : {}) }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: usage(0, step.text.length),
        warnings: [],
      };
    },
  };
}

function answerFor(
  toolName: string,
  input: Record<string, unknown>,
  output: LanguageModelV4ToolResultOutput,
  currency: string | null,
): string {
  switch (output.type) {
    case "execution-denied":
      return writeDecision(toolName, { status: "denied" });
    case "error-text":
      return writeDecision(toolName, { status: "failed", error: output.value });
    case "error-json":
      return writeDecision(toolName, { status: "failed", error: JSON.stringify(output.value) });
    case "json": {
      const result = output.value as {
        ok?: boolean;
        data?: { status?: string; summary?: string; changes?: string[]; note?: string };
        message?: string;
      };
      if (toolName.startsWith("propose_") && result.ok && result.data?.status) {
        const status = result.data.status === "applied" ? "applied" : result.data.note ? "not_pending" : "failed";
        return writeDecision(toolName, { status, summary: result.data.summary, changes: result.data.changes });
      }
      return writeAnswer(toolName, input, output.value as never, { currency });
    }
    default:
      return writeAnswer(toolName, input, { ok: true, data: "value" in output ? output.value : null } as never, {
        currency,
      });
  }
}

/**
 * A price change for exactly the variants a result lists (find_dead_stock's items), `percent` from
 * each one's current catalogue price, rounded to the cent. Variants without a SKU or a known price
 * are left out; none left (or more than one proposal can hold): no second call, the result is answered.
 */
function pricesForFound(
  percent: number,
  output: LanguageModelV4ToolResultOutput,
  catalog: CatalogEntry[],
): Record<string, unknown> | null {
  if (output.type !== "json") return null;
  const result = output.value as { ok?: boolean; data?: { items?: { variantId?: unknown; sku?: unknown }[] } };
  if (!result.ok || !Array.isArray(result.data?.items)) return null;
  const byVariant = new Map(catalog.map((e) => [e.variantId, e]));
  const changes = result.data.items.flatMap((item) => {
    const entry = typeof item.variantId === "string" ? byVariant.get(item.variantId) : undefined;
    if (!entry?.sku || !(entry.price > 0)) return [];
    return [{ sku: entry.sku, price: Math.round((Math.round(entry.price * 100) * (100 + percent)) / 100) / 100 }];
  });
  if (changes.length === 0 || changes.length > 100) return null;
  return { changes, reason: `Requested in AIRA: the slow movers found, ${percent > 0 ? "+" : ""}${percent}%` };
}

/** The second call's input from the first call's result: the newest ticket's id. */
function followUpInput(takes: "latestTicket", output: LanguageModelV4ToolResultOutput): Record<string, unknown> | null {
  if (output.type !== "json") return null;
  const result = output.value as { ok?: boolean; data?: { tickets?: { id?: unknown }[] } };
  const id = result.ok ? result.data?.tickets?.[0]?.id : undefined;
  return takes === "latestTicket" && typeof id === "string" ? { ticketId: id } : null;
}

function inputOf(prompt: LanguageModelV4Message[], toolCallId: string): Record<string, unknown> {
  for (const message of prompt) {
    if (message.role !== "assistant") continue;
    for (const part of message.content) {
      if (part.type === "tool-call" && part.toolCallId === toolCallId)
        return (typeof part.input === "string" ? JSON.parse(part.input) : part.input) as Record<string, unknown>;
    }
  }
  return {};
}

function textOf(message: LanguageModelV4Message): string {
  if (message.role === "system") return message.content;
  return (message.content as { type: string; text?: string }[])
    .filter((c) => c.type === "text")
    .map((c) => c.text ?? "")
    .join("\n");
}

/** If the previous assistant turn was a clarifying question, the command it was asking about. */
function clarifiedCommand(before: LanguageModelV4Message[]): string | null {
  const previous = before.at(-1);
  if (!previous || previous.role !== "assistant") return null;
  for (const part of previous.content) {
    const meta = part.providerOptions?.[CLARIFY_KEY] as { clarifies?: unknown } | undefined;
    if (part.type === "text" && typeof meta?.clarifies === "string") return meta.clarifies;
  }
  return null;
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});
