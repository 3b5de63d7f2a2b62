// CPU per request of the built Remix app, in-process, without HTTP: the production build's request
// handler (build/server/index.js) answers N requests per path one at a time, in local mode against
// an existing local store's database (make one with bench/http-pages.ts first). Prints CPU ms per
// request (this process, every thread: the SQLite reader thread included), wall p50 / p95, response
// bytes and, per path, how much of the CPU the loaders take (the `.data` request of the same page
// runs the same loaders without rendering). CPU per request depends on the machine's load far less
// than requests/s do, so this is the figure to compare side by side while other work runs.
//   REDIS_URL=redis://127.0.0.1:6379/9 npx tsx bench/render-cost.ts [--db .data/bench-http.db]
//     [--runs 300] [--paths /app,/app/settings] [--rounds 2] [--root <another checkout, built>]
// For a profile: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/render-cost.ts ...
// Needs a production build (`npm run build`).
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: ".data/bench-http.db" },
    runs: { type: "string", default: "300" },
    rounds: { type: "string", default: "2" },
    paths: { type: "string", default: "/app,/app/settings" },
    root: { type: "string" },
  },
});
const root = path.resolve(import.meta.dirname, "..");
const RUNS = Number(values.runs);
const ROUNDS = Number(values.rounds);
const uptime = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(", ");

process.env.NODE_ENV = "production";
process.env.LOCAL_MODE = "true";
process.env.LOG_LEVEL ??= "warn";
process.env.DATABASE_URL = values.db!.includes(":") ? values.db! : `file:${path.resolve(root, values.db!)}`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const buildFile = path.join(path.resolve(values.root ?? root), "build/server/index.js");
  if (!existsSync(buildFile)) throw new Error("no production build: run `npm run build` first");
  const { createRequestHandler } = await import("@remix-run/node");
  const build = await import(buildFile);
  const handle = createRequestHandler(build, "production");

  const request = async (url: string) => {
    const response = await handle(new Request(`http://localhost${url}`, { headers: { accept: "*/*" } }));
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    return body.byteLength;
  };

  const measure = async (url: string) => {
    for (let i = 0; i < 20; i++) await request(url);
    const times: number[] = [];
    let bytes = 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      bytes = await request(url);
      times.push(performance.now() - t);
    }
    const used = process.cpuUsage(cpu);
    times.sort((a, b) => a - b);
    return {
      cpuMs: (used.user + used.system) / 1000 / RUNS,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      bytes,
    };
  };

  console.log(
    `${buildFile}\nload average at start: ${uptime()}; ${RUNS} requests per row after 20 warm-up, one at a time`,
  );
  console.log(["request", "CPU ms/req", "p50 ms", "p95 ms", "bytes"].map((h) => h.padEnd(22)).join(""));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const page of values.paths!.split(",")) {
      for (const url of [page, `${page}.data`]) {
        const m = await measure(url);
        console.log(
          [url, m.cpuMs.toFixed(2), m.p50.toFixed(2), m.p95.toFixed(2), String(m.bytes)]
            .map((c) => c.padEnd(22))
            .join(""),
        );
      }
    }
  }
  console.log(`load average at end: ${uptime()}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
