// Load for a profiler: one kind of MCP request over HTTP, `concurrency` in flight, nothing else
// (no direct calls, no warm-up statistics), so that `node --cpu-prof` shows where a request's time goes.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/mcp-profile.ts [ping|light|overview] [calls=2000] [concurrency=8]
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { startMcpBenchServer } from "./mcp-bench-server";

const kind = process.argv[2] ?? "overview";
const calls = Number(process.argv[3] ?? 2000);
const concurrency = Number(process.argv[4] ?? 8);

// MCP_IMPL=<folder> serves /mcp from another copy of mcp/ (e.g. the previous commit's, for side-by-side figures).
const { mountMcp } = (await import(`../${process.env.MCP_IMPL ?? "mcp"}/http.ts`)) as typeof import("../mcp/http");
const { url, token, close } = await startMcpBenchServer(mountMcp, `profile-${process.pid}`);
const headers = {
  "Content-Type": "application/json",
  Accept: "application/json, text/event-stream",
  Authorization: `Bearer ${token}`,
};
let id = 0;
const message = () =>
  kind === "ping"
    ? { jsonrpc: "2.0", id: ++id, method: "ping" }
    : {
        jsonrpc: "2.0",
        id: ++id,
        method: "tools/call",
        params:
          kind === "light"
            ? { name: "get_agent_status", arguments: {} }
            : { name: "get_shop_overview", arguments: { days: 30 } },
      };
const call = async () => {
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(message()) });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"isError":true')) throw new Error(`bad answer ${res.status}: ${text}`);
};
for (let i = 0; i < 100; i++) await call();
let next = 0;
const start = performance.now();
const cpu = process.cpuUsage();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next++ < calls) await call();
  }),
);
const used = process.cpuUsage(cpu);
console.log(
  `${process.env.MCP_IMPL ?? "mcp"} ${kind}: ${(calls / ((performance.now() - start) / 1000)).toFixed(0)} calls/s with ${concurrency} in flight, ${((used.user + used.system) / 1000 / calls).toFixed(2)} CPU ms/call (client included); load ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`,
);
await close();
