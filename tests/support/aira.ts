// Reads AIRA's HTTP responses the way useChat does: the SSE body parsed into UI message chunks,
// folded into the assistant message by the AI SDK's own readUIMessageStream.
import {
  parseJsonEventStream,
  readUIMessageStream,
  uiMessageChunkSchema,
  type UIMessage,
  type UIMessageChunk,
} from "ai";

export interface ChatReply {
  status: number;
  message: UIMessage;
  chunks: UIMessageChunk[];
}

export async function readChatResponse(response: Response, continuing?: UIMessage): Promise<ChatReply> {
  if (!response.ok || !response.body) throw new Error(`AIRA answered ${response.status}: ${await response.text()}`);
  const chunks: UIMessageChunk[] = [];
  const parsed = parseJsonEventStream({ stream: response.body, schema: uiMessageChunkSchema }).pipeThrough(
    new TransformStream({
      transform(result, controller) {
        if (!result.success) throw result.error;
        chunks.push(result.value as UIMessageChunk);
        controller.enqueue(result.value as UIMessageChunk);
      },
    }),
  );
  let message: UIMessage | undefined;
  for await (const snapshot of readUIMessageStream({
    stream: parsed,
    message: continuing ? structuredClone(continuing) : undefined,
    terminateOnError: true,
  }))
    message = snapshot;
  if (!message) throw new Error("AIRA's stream carried no message");
  return { status: response.status, message, chunks };
}

export type ToolPart = {
  type: string;
  toolCallId: string;
  state: string;
  input?: unknown;
  output?: unknown;
  approval?: { id: string; approved?: boolean; reason?: string; requestReason?: string };
};

export const toolParts = (message: UIMessage) =>
  message.parts.filter((p) => p.type.startsWith("tool-")) as unknown as ToolPart[];
export const textOf = (message: UIMessage) =>
  message.parts
    .filter((p) => p.type === "text")
    .map((p) => (p as { text: string }).text)
    .join("\n");

/** The assistant message as the client sends it back with the merchant's decision on every pending approval. */
export function withDecision(message: UIMessage, approved: boolean, reason?: string): UIMessage {
  return {
    ...message,
    parts: message.parts.map((part) => {
      const p = part as unknown as ToolPart;
      return p.state === "approval-requested" && p.approval
        ? ({
            ...p,
            state: "approval-responded",
            approval: { ...p.approval, approved, ...(reason ? { reason } : {}) },
          } as unknown as typeof part)
        : part;
    }),
  };
}
