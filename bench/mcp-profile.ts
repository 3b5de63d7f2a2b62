// Load for a profiler: one kind of MCP request over HTTP, `concurrency` in flight, nothing else
// (no direct calls, no warm-up statistics), so that `node --cpu-prof` shows where a request's time goes.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/mcp-profile.ts [ping|light|overview] [calls=2000] [concurrency=8]
// CLIENT=process runs the client (bench/mcp-load.ts) in a process of its own: the server's CPU per
// call is then reported apart from the client's.
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { loadClient, type LoadKind } from "./mcp-load";
import { startMcpBenchServer } from "./mcp-bench-server";

const kind = (process.argv[2] ?? "overview") as LoadKind;
const calls = Number(process.argv[3] ?? 2000);
const concurrency = Number(process.argv[4] ?? 8);

// MCP_IMPL=<folder> serves /mcp from another copy of mcp/ (e.g. the previous commit's, for side-by-side figures).
const { mountMcp } = (await import(`../${process.env.MCP_IMPL ?? "mcp"}/http.ts`)) as typeof import("../mcp/http");
const { url, token, close } = await startMcpBenchServer(mountMcp, `profile-${process.pid}`);
const load = `load ${loadavg()
  .map((n) => n.toFixed(2))
  .join(" ")}`;

if (process.env.CLIENT === "process") {
  const client = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(new URL("./mcp-load.ts", import.meta.url)),
      url,
      token,
      kind,
      String(calls),
      String(concurrency),
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: client.stdout! });
  let cpu: NodeJS.CpuUsage | null = null;
  const result = await new Promise<{ perSecond: number; cpuMs: number; serverCpuMs: number }>((resolve, reject) => {
    client.once("exit", (code) => reject(new Error(`the client exited (${code})`)));
    lines.on("line", (line) => {
      if (line === "ready") {
        cpu = process.cpuUsage();
        client.stdin!.write("go\n");
      } else {
        const used = process.cpuUsage(cpu!);
        resolve({ ...JSON.parse(line), serverCpuMs: (used.user + used.system) / 1000 / calls });
      }
    });
  });
  client.stdin!.end();
  console.log(
    `${process.env.MCP_IMPL ?? "mcp"} ${kind}: ${result.perSecond.toFixed(0)} calls/s with ${concurrency} in flight; CPU ms/call: server ${result.serverCpuMs.toFixed(2)}, client ${result.cpuMs.toFixed(2)} (own process); ${load}`,
  );
} else {
  const client = loadClient(url, token, kind);
  await client.warmUp();
  const result = await client.run(calls, concurrency);
  console.log(
    `${process.env.MCP_IMPL ?? "mcp"} ${kind}: ${result.perSecond.toFixed(0)} calls/s with ${concurrency} in flight, ${result.cpuMs.toFixed(2)} CPU ms/call (client included); ${load}`,
  );
}
await close();
