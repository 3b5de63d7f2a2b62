// AIRA's evaluation set through a language model: tool accuracy and argument accuracy, separately.
// Opt-in, since a real model costs money and minutes:
//   OPENAI_API_KEY=... [OPENAI_BASE_URL=http://127.0.0.1:11434/v1] [OPENAI_MODEL=...] \
//     npx tsx bench/aira-llm-eval.ts [--limit 100] [--split holdout9] [--concurrency 4] [--verbose]
//   npx tsx bench/aira-llm-eval.ts --scripted   # the local scripted server, answering as the offline model
// --scripted starts tests/support/openai-server.ts with a script that answers every request the way the
// offline model understands its user messages: it checks the whole path (prompt, tool schemas, tool
// calls streamed back, scoring) without a model, and its score should match the offline model's.
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import { createOpenAI } from "@ai-sdk/openai";
import { scoreModel } from "../agents/aira/eval/llm";
import { evalContext, evalSet } from "../agents/aira/eval/score";
import { understand } from "../agents/aira/offline/understand";
import { DEFAULT_OPENAI_MODEL } from "../agents/aira/models";
import { startOpenAiTestServer, type ChatCompletionRequest, type ScriptedReply } from "../tests/support/openai-server";

// The AI SDK warns once per request that OpenAI ignores JSON Schema propertyNames; the figures matter here.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const { values } = parseArgs({
  options: {
    limit: { type: "string" },
    split: { type: "string" },
    concurrency: { type: "string", default: "4" },
    scripted: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

function offlineReply(request: ChatCompletionRequest): ScriptedReply {
  const said = request.messages
    .filter((m) => m.role === "user")
    .map((m) =>
      typeof m.content === "string"
        ? m.content
        : (m.content as { type: string; text?: string }[]).map((p) => p.text ?? "").join(" "),
    )
    .join(" ");
  const got = understand(said, evalContext());
  if (got.kind === "tool") return { toolCalls: [{ name: got.tool, arguments: got.input }] };
  return { text: got.kind === "clarify" ? got.question : got.kind === "refuse" ? got.reason : got.text };
}

let commands = evalSet.commands;
if (values.split) commands = commands.filter((c) => (c.split ?? "dev") === values.split);
if (values.limit) commands = commands.slice(0, Number(values.limit));

const server = values.scripted ? await startOpenAiTestServer(offlineReply) : null;
const apiKey = server ? "test-key" : process.env.OPENAI_API_KEY;
const baseURL = server ? server.url : process.env.OPENAI_BASE_URL;
if (!apiKey && !baseURL) {
  console.error("Set OPENAI_API_KEY (and/or OPENAI_BASE_URL, OPENAI_MODEL), or pass --scripted.");
  process.exit(2);
}
const modelId = server ? "scripted-offline" : (process.env.OPENAI_MODEL ?? DEFAULT_OPENAI_MODEL);
const provider = createOpenAI({ apiKey: apiKey ?? "not-needed", ...(baseURL ? { baseURL } : {}) });
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

console.log(
  `AIRA evaluation through ${server ? "the local scripted server" : (baseURL ?? "OpenAI")}, model ${modelId}: ${commands.length} commands`,
);
const started = performance.now();
const report = await scoreModel({
  model: provider.chat(modelId),
  commands,
  concurrency: Number(values.concurrency),
  onResult: (_r, done) => {
    if (done % 100 === 0) console.log(`  ${done}/${commands.length}`);
  },
});
const seconds = (performance.now() - started) / 1000;
await server?.close();

console.log(`  overall           ${pct(report.accuracy)}  (${report.passed}/${report.total})`);
console.log(
  `  tool choice       ${pct(report.toolChoice.accuracy)}  (${report.toolChoice.correct}/${report.toolChoice.total})`,
);
console.log(
  `  arguments         ${pct(report.arguments.accuracy)}  (${report.arguments.correct}/${report.arguments.total})  [right tool, expected fields, passes the schema]`,
);
console.log(
  `  words, no tool    ${pct(report.answeredInWords.accuracy)}  (${report.answeredInWords.correct}/${report.answeredInWords.total})  [questions, refusals, help]`,
);
console.log(`  request errors    ${report.errors}`);
console.log(
  `  ${seconds.toFixed(1)} s, ${((seconds * 1000) / Math.max(1, commands.length)).toFixed(1)} ms per command; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
const failures = report.results.filter((r) => !r.passed);
if (failures.length) {
  console.log(`\nFailures (${failures.length}${values.verbose ? "" : ", first 30; --verbose for all"}):`);
  for (const f of values.verbose ? failures : failures.slice(0, 30))
    console.log(`  [${f.id}] ${f.problems.join("; ")}`);
}
