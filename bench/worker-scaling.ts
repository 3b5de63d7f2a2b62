// Worker processes scaling out, and surviving faults (issue #24 part 3, the workers' share of it):
// jobs/s with 1, 2 and 3 worker processes, then 3 workers while one is SIGKILLed (and replaced, as
// a supervisor would) and Redis is restarted empty; jobs lost and effects applied twice.
//   npx tsx bench/worker-scaling.ts [--jobs 600] [--shops 50] [--concurrency 8] [--before 20] [--after 20]
//       [--counts 1,2,3] [--no-faults]
//   (TEST_DATABASE=postgresql for PostgreSQL, with the client generated for it)
// Each worker process is startWorkerProcess (what `npm run worker` runs) with the runtime's effect
// test agent: it sleeps --before ms, writes one audit row keyed by its run id (a rerun finds it and
// skips), sleeps --after ms. A private redis-server (no persistence: a restart loses every job it
// held; the workers' orphan pass queues them again from the AgentRun rows, here after 5 s instead
// of 60 s), a fresh database. NOT covered here: web processes behind a load balancer, webhooks,
// MCP calls, the emulator serving many shops.
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createDb, prepareDatabase } from "../agents/db/client";
import { createAgentRegistry } from "../agents/runtime/agents";
import { startWorkerProcess } from "../agents/runtime/process";
import { createRuntime } from "../agents/runtime/queues";
import { effectAgent, effectId } from "../agents/runtime/testing/agents";
import { createTestDatabase } from "../tests/support/database";
import { startTestRedis } from "../tests/support/redis";

const logger = pino({ level: "silent" });
const agents = () => createAgentRegistry([effectAgent]);
const ORPHAN_MS = 5_000;

if (process.env.BENCH_WORKER_CHILD) {
  const { redisUrl, databaseUrl, prefix, concurrency } = JSON.parse(process.env.BENCH_WORKER_CHILD) as Record<
    string,
    string
  >;
  const db = createDb(databaseUrl);
  await prepareDatabase(db, databaseUrl);
  await startWorkerProcess({
    redisUrl,
    db,
    logger,
    agents: agents(),
    prefix,
    concurrency: Number(concurrency),
    requeueOrphansMs: ORPHAN_MS,
    orphanAfterMs: ORPHAN_MS,
    orphanRunningGraceMs: ORPHAN_MS,
  });
  process.send!("ready");
} else {
  const { values } = parseArgs({
    options: {
      jobs: { type: "string", default: "600" },
      shops: { type: "string", default: "50" },
      concurrency: { type: "string", default: "8" },
      before: { type: "string", default: "20" },
      after: { type: "string", default: "20" },
      counts: { type: "string", default: "1,2,3" },
      "no-faults": { type: "boolean", default: false },
    },
  });
  const jobs = Number(values.jobs);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  console.log(
    `${jobs} effect jobs over ${values.shops} shops, ${values.before}+${values.after} ms each, concurrency ${values.concurrency} per worker; load average before: ${load()}`,
  );
  const database = await createTestDatabase();
  const db = createDb(database.url);
  await prepareDatabase(db, database.url);
  const redis = await startTestRedis({ own: true });
  const children = new Set<ChildProcess>();

  const spawnWorker = async (prefix: string) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        BENCH_WORKER_CHILD: JSON.stringify({
          redisUrl: redis.url,
          databaseUrl: database.url,
          prefix,
          concurrency: values.concurrency,
        }),
      },
    });
    children.add(child);
    child.once("exit", () => children.delete(child));
    await new Promise((resolve) => child.once("message", resolve));
    return child;
  };
  const stopAll = async () => {
    for (const child of children) {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    }
  };

  async function round(workers: number, faults: boolean) {
    const prefix = `scale-${randomUUID().slice(0, 6)}`;
    const procs = await Promise.all(Array.from({ length: workers }, () => spawnWorker(prefix)));
    const runtime = createRuntime({ redisUrl: redis.url, db, logger, agents: agents(), prefix });
    const started = Date.now();
    const enqueued = await runtime.enqueueMany(
      Array.from({ length: jobs }, (_, i) => ({
        shop: `${prefix}-${(i % Number(values.shops)) + 1}.myshopify.com`,
        agent: effectAgent.name,
        trigger: "schedule",
        input: { beforeMs: Number(values.before), afterMs: Number(values.after) },
      })),
    );
    const ids = enqueued.map((e) => e.runId);
    const events: string[] = [];
    let killed = false;
    let restarted = false;
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      // By this round's shops, not a list of ids (SQLite's bound-parameter limit).
      const finished = await db.agentRun.count({
        where: { shop: { startsWith: `${prefix}-` }, status: { in: ["succeeded", "failed", "cancelled"] } },
      });
      if (finished === jobs || Date.now() > deadline) break;
      if (faults && !killed && finished >= jobs * 0.25) {
        killed = true;
        procs[0].kill("SIGKILL");
        events.push(`SIGKILL worker ${procs[0].pid} at ${finished} done (${Date.now() - started} ms)`);
        void spawnWorker(prefix); // its replacement, as a supervisor restarts it
      }
      if (faults && killed && !restarted && finished >= jobs * 0.5) {
        restarted = true;
        await redis.kill!();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await redis.start!();
        events.push(`Redis restarted empty at ${finished} done (${Date.now() - started} ms)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (Date.now() - started) / 1000;
    const runs = await db.agentRun.findMany({ where: { shop: { startsWith: `${prefix}-` } } });
    if (runs.length !== ids.length) throw new Error(`expected ${ids.length} runs, found ${runs.length}`);
    const byStatus = (s: string) => runs.filter((r) => r.status === s).length;
    const live = runs.filter((r) => r.status === "queued" || r.status === "running").length;
    const effectIds = new Set(ids.map(effectId));
    const effects = (
      await db.auditLog.findMany({ where: { shop: { startsWith: `${prefix}-` } }, select: { id: true } })
    ).filter((row) => effectIds.has(row.id)).length;
    const applied = runs.filter((r) => (r.result as { applied?: boolean } | null)?.applied === true).length;
    const reruns = runs.filter((r) => ((r.result as { attempt?: number } | null)?.attempt ?? 1) > 1).length;
    const failed = runs.find((r) => r.status === "failed");
    console.log(
      `${workers} worker${workers === 1 ? " " : "s"}${faults ? " + faults" : "         "}: ${seconds.toFixed(1)} s => ${(jobs / seconds).toFixed(0)} jobs/s; ` +
        `succeeded ${byStatus("succeeded")}, failed ${byStatus("failed")}, lost (still live) ${live}; ` +
        `effects written ${effects} for ${jobs} runs, runs that applied theirs ${applied}, reruns ${reruns}` +
        (failed ? `; first failure: ${failed.error}` : ""),
    );
    for (const event of events) console.log(`    ${event}`);
    await runtime.close();
    await stopAll();
  }

  try {
    for (const count of values.counts.split(",").map(Number)) await round(count, false);
    if (!values["no-faults"]) await round(3, true);
    console.log(`load average after: ${load()}`);
  } finally {
    await stopAll();
    await db.$disconnect();
    await database.drop();
    await redis.stop();
  }
}
