// What ADR 0024's additions cost per call, side by side in one process:
//   1. a span (agents/infra/tracing.ts inSpan) with no SDK registered (OTEL unset: the default)
//      against the bare call, then with the SDK and an in-memory exporter (OTEL configured);
//   2. decrypting a stored Shopify token (AES-256-GCM) and encrypting one.
//   npx tsx bench/tracing-and-tokens.ts [N=200000]
import { loadavg } from "node:os";
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { createTokenCipher } from "../agents/infra/token-crypto";
import { inSpan } from "../agents/infra/tracing";

const n = Number(process.argv[2] ?? 200_000);
const work = async () => 1;

async function perCall(label: string, run: () => Promise<unknown> | unknown) {
  for (let i = 0; i < 2_000; i++) await run(); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run();
  const ns = Number(process.hrtime.bigint() - started) / n;
  console.log(`${label.padEnd(44)} ${(ns / 1000).toFixed(2)} us/call`);
  return ns;
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; N=${n}`,
);
const bare = await perCall("bare async call", work);
const noSdk = await perCall("inSpan, no SDK (OTEL unset)", () => inSpan("bench", {}, work));
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
const withSdk = await perCall("inSpan, SDK + in-memory exporter", () => {
  exporter.reset();
  return inSpan("bench", {}, work);
});
console.log(`ratio no SDK / bare ${(noSdk / bare).toFixed(2)}; SDK / bare ${(withSdk / bare).toFixed(2)}`);

const cipher = createTokenCipher(Buffer.alloc(32, 7));
const stored = cipher.encrypt("shpat_0123456789abcdef0123456789abcdef");
await perCall("decrypt a stored token", () => cipher.decrypt(stored));
await perCall("encrypt a token", () => cipher.encrypt("shpat_0123456789abcdef0123456789abcdef"));
await provider.shutdown();
