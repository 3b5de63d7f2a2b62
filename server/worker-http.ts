// The worker's own small HTTP server (WORKER_PORT): /healthz (the process answers), /readyz (its
// database and Redis answer; 503 naming the failing one) and /metrics for Prometheus: jobs waiting
// per agent queue (what the worker Deployment scales on), job durations and failures per agent.
// The same probes as the web app (server/health.ts), so one set of manifests fits both.
import { createServer, type Server } from "node:http";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Logger } from "pino";
import type { Db } from "../agents/db/client";
import { createRedis } from "../agents/infra/redis";
import { queueName } from "../agents/runtime/names";
import type { WorkerProcess } from "../agents/runtime/process";
import { readiness } from "./health";

const QUEUE_STATES = ["waiting", "active", "delayed", "prioritized", "failed"] as const;

export interface WorkerHttp {
  server: Server;
  port: number;
  registry: Registry;
  close(): Promise<void>;
}

export async function startWorkerHttp(options: {
  process: WorkerProcess;
  db: Db;
  redisUrl: string;
  port: number;
  host: string;
  logger: Logger;
}): Promise<WorkerHttp> {
  const { runtime, workers } = options.process;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const agentNames = runtime.agents.list().map((agent) => agent.name);

  // Read from Redis at scrape time: the counts are the queue's, shared by every worker process.
  new Gauge({
    name: "royal_equips_queue_jobs",
    help: "Jobs in each agent's queue by state (waiting + prioritized: the backlog workers scale on)",
    labelNames: ["agent", "state"] as const,
    registers: [registry],
    async collect() {
      const counts = await Promise.all(
        agentNames.map(async (agent) => [agent, await runtime.queue(agent).getJobCounts(...QUEUE_STATES)] as const),
      );
      for (const [agent, byState] of counts)
        for (const state of QUEUE_STATES) this.set({ agent, state }, byState[state] ?? 0);
    },
  });
  const durations = new Histogram({
    name: "royal_equips_job_duration_seconds",
    help: "Time from a job's start to its end in this worker, by agent and outcome",
    labelNames: ["agent", "outcome"] as const,
    buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  const failures = new Counter({
    name: "royal_equips_job_failures_total",
    help: "Job attempts that failed in this worker, by agent (a retried job counts each attempt)",
    labelNames: ["agent"] as const,
    registers: [registry],
  });
  for (const agent of agentNames) failures.inc({ agent }, 0);
  for (const [queue, worker] of workers.workers) {
    const agent = agentNames.find((name) => queueName(name) === queue) ?? queue;
    // A failed attempt that will be retried has no finishedOn: it ended now.
    const seconds = (job: { processedOn?: number; finishedOn?: number }) =>
      job.processedOn ? ((job.finishedOn ?? Date.now()) - job.processedOn) / 1_000 : null;
    worker.on("completed", (job) => {
      const s = seconds(job);
      if (s !== null) durations.observe({ agent, outcome: "succeeded" }, s);
    });
    worker.on("failed", (job) => {
      failures.inc({ agent });
      const s = job ? seconds(job) : null;
      if (s !== null) durations.observe({ agent, outcome: "failed" }, s);
    });
  }

  const redis = createRedis(options.redisUrl, { name: "worker-health" });
  redis.on("error", () => {}); // reported by /readyz
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(body);
    };
    const path = (req.url ?? "/").split("?")[0];
    const answer = async () => {
      if (req.method !== "GET") return send(405, "application/json", JSON.stringify({ error: "GET only" }));
      if (path === "/healthz") return send(200, "application/json", JSON.stringify({ status: "ok" }));
      if (path === "/readyz") {
        const result = await readiness({ db: options.db, redis });
        const failing = result.checks.filter((c) => !c.ok).map((c) => c.name);
        return send(
          result.ok ? 200 : 503,
          "application/json",
          JSON.stringify({ status: result.ok ? "ready" : "unavailable", failing, checks: result.checks }),
        );
      }
      if (path === "/metrics") return send(200, registry.contentType, await registry.metrics());
      send(404, "application/json", JSON.stringify({ error: "not found: /healthz, /readyz, /metrics" }));
    };
    answer().catch((error: Error) => {
      options.logger.warn({ err: error.message, path }, "worker http request failed");
      if (!res.headersSent) send(500, "application/json", JSON.stringify({ error: error.message }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  options.logger.info({ port, host: options.host }, "worker health and metrics listening");
  return {
    server,
    port,
    registry,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
    },
  };
}
