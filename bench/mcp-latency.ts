// MCP overhead: tools/call get_shop_overview over HTTP (/mcp in the app's Express server: Host
// check, bearer verification, a new stateless server+transport, JSON-RPC) against the same call
// made directly through the tool registry, on one SQLite database (in WAL mode, as the app runs
// it) with a synced month of orders. Also the CPU time per call (what bounds throughput on a
// loaded machine) and the throughput of a light tool (get_agent_status: one indexed read).
//   npx tsx bench/mcp-latency.ts [calls=400] [concurrency=8]
// Goal (issue #22): >= 1,000 calls/s over HTTP with 8 in flight, <= 1 ms p50 overhead.
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { QUEUED_AUDIT_MS } from "../agents/core/audit";
import { toolRegistry } from "../agents/tools";
import { tokenActor, verifyToken } from "../mcp/auth";
import { mcpToolContext } from "../mcp/context";
import { mountMcp } from "../mcp/http";
import { createMcpServer } from "../mcp/server";
import { TEST_SHOP } from "../mcp/testing/fixtures";
import { startMcpBenchServer } from "./mcp-bench-server";
import { inFlight } from "./mcp-load";

const calls = Number(process.argv[2] ?? 400);
const concurrency = Number(process.argv[3] ?? 8);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function main() {
  const { fx, url, token, close } = await startMcpBenchServer(mountMcp, `bench-${process.pid}`);
  const verified = await verifyToken(fx.db, token);
  if (!verified.ok) throw new Error(verified.message);
  // The direct call queues its audit row as /mcp does (ADR 0046) and shares read answers as /mcp
  // does (ADR 0050), so the overhead is MCP's alone.
  const ctx = mcpToolContext(
    { ...fx.deps, auditReads: { queueMs: QUEUED_AUDIT_MS }, sharedReads: true },
    TEST_SHOP,
    tokenActor(verified.auth),
  );

  let id = 0;
  const body = (name = "get_shop_overview", args: object = { days: 30 }) =>
    JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name, arguments: args } });
  const headers = {
    "Content-Type": "application/json",
    Accept: "application/json, text/event-stream",
    Authorization: `Bearer ${token}`,
  };
  const overHttp = async (name?: string, args?: object) => {
    const res = await fetch(url, { method: "POST", headers, body: body(name, args) });
    const json = (await res.json()) as { result?: { isError?: boolean } };
    if (res.status !== 200 || !json.result || json.result.isError)
      throw new Error(`bad answer ${res.status}: ${JSON.stringify(json)}`);
  };
  const ping = async () => {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "ping" }),
    });
    if (res.status !== 200) throw new Error(`ping answered ${res.status}`);
    await res.text();
  };
  const direct = async () => {
    const result = await toolRegistry.call(ctx, "get_shop_overview", { days: 30 });
    if (!result.ok) throw new Error(result.message);
  };
  const time = async (f: () => Promise<void>) => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };

  const directLight = async () => {
    const result = await toolRegistry.call(ctx, "get_agent_status", {});
    if (!result.ok) throw new Error(result.message);
  };
  for (let i = 0; i < 50; i++) await Promise.all([overHttp(), direct()]); // warm up JIT, pools, caches

  // Interleaved so that both see the same database and machine load.
  const directMs: number[] = [];
  const httpMs: number[] = [];
  const pingMs: number[] = [];
  for (let i = 0; i < calls; i++) {
    directMs.push(await time(direct));
    httpMs.push(await time(overHttp));
    pingMs.push(await time(ping));
  }

  // Parts of the HTTP path, alone.
  const verifyMs: number[] = [];
  const buildMs: number[] = [];
  for (let i = 0; i < 200; i++) {
    verifyMs.push(await time(async () => void (await verifyToken(fx.db, token))));
    buildMs.push(await time(async () => void createMcpServer(() => ctx)));
  }

  const sequentialStart = performance.now();
  for (let i = 0; i < calls; i++) await overHttp();
  const sequentialPerSecond = calls / ((performance.now() - sequentialStart) / 1000);

  /** Calls per second with `concurrency` in flight, and this process's CPU ms per call (server and client). */
  const concurrent = (call: () => Promise<void>) => inFlight(call, calls, concurrency);
  const concurrentHttp = await concurrent(() => overHttp());
  const concurrentDirect = await concurrent(direct);
  const lightHttp = await concurrent(() => overHttp("get_agent_status", {}));
  const lightDirect = await concurrent(directLight);

  const p = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95) });
  const d = p(directMs);
  const h = p(httpMs);
  console.log(`get_shop_overview (3,000 synced orders), ${calls} calls each, Node ${process.version}`);
  console.log(`  direct registry call   p50 ${ms(d.p50)}   p95 ${ms(d.p95)}`);
  console.log(`  MCP over HTTP          p50 ${ms(h.p50)}   p95 ${ms(h.p95)}`);
  console.log(`  overhead               p50 ${ms(h.p50 - d.p50)}   p95 ${ms(h.p95 - d.p95)}   (goal: p50 <= 1 ms)`);
  console.log(
    `    fixed cost of an authenticated request (ping) p50 ${ms(p(pingMs).p50)}; verifyToken alone (uncached; /mcp remembers it 5 s) p50 ${ms(p(verifyMs).p50)}, building a server (once per router since ADR 0030) p50 ${ms(p(buildMs).p50)}`,
  );
  console.log(
    `  load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")} on ${availableParallelism()} cores (the overhead is CPU time: it grows with load)`,
  );
  const rate = (r: { perSecond: number; cpuMs: number }) =>
    `${r.perSecond.toFixed(0)} calls/s, ${r.cpuMs.toFixed(2)} CPU ms/call`;
  console.log(
    `  throughput over HTTP   ${sequentialPerSecond.toFixed(0)} calls/s sequential; with ${concurrency} in flight: ${rate(concurrentHttp)} (direct: ${rate(concurrentDirect)})`,
  );
  console.log(
    `  light tool (get_agent_status), ${concurrency} in flight: over HTTP ${rate(lightHttp)}; direct ${rate(lightDirect)}   (goal: >= 1,000 calls/s over HTTP)`,
  );

  await close();
}

await main();
