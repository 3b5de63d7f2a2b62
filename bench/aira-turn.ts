// AIRA's server overhead with the offline model: one chat turn (history from the database, the
// model's tool call, the tool, the answer, the UI message stream, persistence) against the same
// tool called directly through the registry, and the time to the stream's first byte.
//   npx tsx bench/aira-turn.ts [turns=200]
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { runChatTurn } from "../agents/aira/chat";
import { understandContextFor } from "../agents/aira/context";
import { createOfflineModel } from "../agents/aira/offline/model";
import { toolRegistry } from "../agents/tools";
import { createAdminClient } from "../agents/shopify/graphql-client";
import { syncStore } from "../agents/mirror/sync";
import { createDb } from "../agents/db/client";
import type { ToolContext } from "../agents/core/context";
import { startSeeded, TEST_SHOP, TEST_TOKEN } from "@royal-equips/emulator/testing";
import { createTestDatabase } from "../tests/support/database";

const turns = Number(process.argv[2] ?? 200);
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const fmt = (n: number) => `${n.toFixed(2)} ms`;

async function main() {
  const [emulator, database] = await Promise.all([startSeeded({ products: 40, orders: 3_000 }), createTestDatabase()]);
  const db = createDb(database.url);
  const logger = pino({ level: "silent" });
  const admin = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_TOKEN, endpoint: emulator.url });
  await syncStore({ db, admin, shop: TEST_SHOP, logger }, undefined, { pollMs: 20 });
  const now = new Date();
  const ctx: ToolContext = { shop: TEST_SHOP, db, admin, logger, actor: { kind: "aira", id: "bench" }, now: () => now };
  const model = createOfflineModel({ context: () => understandContextFor(db, TEST_SHOP, { now, agents: [] }) });

  const command = "what is waiting for my approval?";
  const tool = "list_pending_actions";
  const direct = async () => {
    const t0 = performance.now();
    const result = await toolRegistry.call(ctx, tool, {});
    if (!result.ok) throw new Error(result.message);
    return performance.now() - t0;
  };
  const turn = async (i: number) => {
    const t0 = performance.now();
    const stream = await runChatTurn({
      registry: toolRegistry,
      ctx,
      merchant: { kind: "merchant", id: "bench" },
      model,
      modelLabel: "offline",
      approvalSecret: "bench-secret-bench-secret-bench-secret",
      request: {
        conversationId: `bench_conv_${i}_${process.pid}`,
        message: { id: `bench_msg_${i}`, role: "user", parts: [{ type: "text", text: command }] },
      },
    });
    const reader = stream.getReader();
    let first = 0;
    let sawTool = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!first) first = performance.now() - t0;
      if (
        (value as { type: string; toolName?: string }).type === "tool-input-available" &&
        (value as { toolName: string }).toolName === tool
      )
        sawTool = true;
    }
    if (!sawTool) throw new Error(`the turn did not call ${tool}`);
    return { ttfb: first, total: performance.now() - t0 };
  };

  for (let i = 0; i < 30; i++) await Promise.all([turn(-i - 1), direct()]); // warm up
  const directMs: number[] = [];
  const turnMs: number[] = [];
  const ttfbMs: number[] = [];
  for (let i = 0; i < turns; i++) {
    directMs.push(await direct());
    const t = await turn(i);
    turnMs.push(t.total);
    ttfbMs.push(t.ttfb);
  }
  const overhead = (p: number) => percentile(turnMs, p) - percentile(directMs, p);
  console.log(
    `AIRA turn with the offline model: ${turns} turns of "${command}" (one ${tool} step), SQLite, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(2)}`,
  );
  console.log(`  tool called directly      p50 ${fmt(percentile(directMs, 50))}  p95 ${fmt(percentile(directMs, 95))}`);
  console.log(`  whole turn (stream read)  p50 ${fmt(percentile(turnMs, 50))}  p95 ${fmt(percentile(turnMs, 95))}`);
  console.log(`  time to first chunk       p50 ${fmt(percentile(ttfbMs, 50))}  p95 ${fmt(percentile(ttfbMs, 95))}`);
  console.log(`  server overhead per step  p50 ${fmt(overhead(50))}  p95 ${fmt(overhead(95))}`);
  await db.$disconnect();
  await database.drop();
  await emulator.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
