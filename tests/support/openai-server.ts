// A local OpenAI-compatible Chat Completions server for tests: the network boundary where OpenAI
// would be. Each request is answered by the test's script (text or tool calls), streamed the way
// OpenAI streams them (SSE chunks, tool-call arguments split across deltas, then [DONE]), or as one
// chat.completion object when the request does not ask for a stream.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatCompletionRequest {
  model: string;
  stream?: boolean;
  messages: {
    role: string;
    content?: unknown;
    tool_calls?: { id: string; function: { name: string; arguments: string } }[];
    tool_call_id?: string;
  }[];
  tools?: { type: "function"; function: { name: string; description?: string; parameters?: unknown } }[];
}

export type ScriptedReply = { text: string } | { toolCalls: { name: string; arguments: Record<string, unknown> }[] };

export interface OpenAiTestServer {
  url: string;
  /** Every request received, in order. */
  requests: ChatCompletionRequest[];
  close(): Promise<void>;
}

export async function startOpenAiTestServer(
  reply: (request: ChatCompletionRequest) => ScriptedReply,
): Promise<OpenAiTestServer> {
  const requests: ChatCompletionRequest[] = [];
  let counter = 0;
  const server: Server = createServer(async (req, res) => {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: `No route ${req.method} ${req.url}` } }));
      return;
    }
    if (req.headers.authorization !== "Bearer test-key") {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error" } }));
      return;
    }
    const request = JSON.parse(await body(req)) as ChatCompletionRequest;
    requests.push(request);
    const answer = reply(request);
    const id = `chatcmpl-${++counter}`;
    // Not streamed (generateText): one chat.completion object.
    if (!request.stream) {
      const message =
        "text" in answer
          ? { role: "assistant", content: answer.text }
          : {
              role: "assistant",
              content: null,
              tool_calls: answer.toolCalls.map((call, index) => ({
                id: `call_${counter}_${index}`,
                type: "function",
                function: { name: call.name, arguments: JSON.stringify(call.arguments) },
              })),
            };
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: request.model,
          choices: [{ index: 0, message, finish_reason: "text" in answer ? "stop" : "tool_calls" }],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      );
      return;
    }
    const chunk = (delta: object, finish: string | null = null) => ({
      id,
      object: "chat.completion.chunk",
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const chunks: object[] = [chunk({ role: "assistant", content: "" })];
    if ("text" in answer) {
      for (const piece of answer.text.match(/\S+\s*/g) ?? []) chunks.push(chunk({ content: piece }));
      chunks.push(chunk({}, "stop"));
    } else {
      answer.toolCalls.forEach((call, index) => {
        const args = JSON.stringify(call.arguments);
        const callId = `call_${counter}_${index}`;
        chunks.push(
          chunk({
            tool_calls: [{ index, id: callId, type: "function", function: { name: call.name, arguments: "" } }],
          }),
        );
        // Arguments arrive in pieces, as they do from OpenAI.
        for (let i = 0; i < args.length; i += 7)
          chunks.push(chunk({ tool_calls: [{ index, function: { arguments: args.slice(i, i + 7) } }] }));
      });
      chunks.push(chunk({}, "tool_calls"));
    }
    chunks.push({
      id,
      object: "chat.completion.chunk",
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    });
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (data += c));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}
