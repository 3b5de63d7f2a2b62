// The MCP benches' client: one kind of request over HTTP, `concurrency` in flight. Imported by
// mcp-profile.ts (client in the server's process), or run as a process of its own so that the
// server's CPU per call is measured apart from the client's (undici):
//   node --import tsx bench/mcp-load.ts <url> <token> <ping|light|overview> <calls> <concurrency>
// As a process: warms up, prints "ready", waits for a line on stdin, runs, prints its figures as JSON.
import { createInterface } from "node:readline";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

export type LoadKind = "ping" | "light" | "overview";

export function loadClient(url: string, token: string, kind: LoadKind) {
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
  return {
    async warmUp(calls = 100) {
      for (let i = 0; i < calls; i++) await call();
    },
    /** Calls per second, and this process's CPU ms per call. */
    run: (calls: number, concurrency: number) => inFlight(call, calls, concurrency),
  };
}

/** Makes `calls` calls with `concurrency` in flight: calls per second, and this process's CPU ms per call. */
export async function inFlight(call: () => Promise<unknown>, calls: number, concurrency: number) {
  let next = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < calls) await call();
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    perSecond: calls / ((performance.now() - start) / 1000),
    cpuMs: (used.user + used.system) / 1000 / calls,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [url, token, kind, calls, concurrency] = process.argv.slice(2);
  const client = loadClient(url, token, kind as LoadKind);
  await client.warmUp();
  console.log("ready");
  const lines = createInterface({ input: process.stdin });
  await new Promise((resolve) => lines.once("line", resolve));
  console.log(JSON.stringify(await client.run(Number(calls), Number(concurrency))));
  lines.close();
}
