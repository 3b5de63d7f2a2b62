// Throughput of forecastSeries on daily series of two years, spread over worker threads.
//   npx tsx bench/forecast-speed.ts                 # 100,000 series × 730 days, 2 workers
//   npx tsx bench/forecast-speed.ts --n 5000        # quick run
//   flags: --n <series> --days <length> --horizon <days> --workers <threads>
// Series are generated inside each worker (retail-like: weekly + yearly + trend + Poisson noise)
// in chunks, so memory stays flat; generation time is measured apart from forecasting time.
import { availableParallelism, loadavg } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { forecastSeries } from "../agents/forecasting/index";
import { retailSeries, rng } from "../agents/forecasting/testing/synthetic";

interface Job {
  from: number;
  to: number;
  days: number;
  horizon: number;
}

interface WorkerReport {
  series: number;
  forecastMs: number;
  /** CPU time of this thread while forecasting: immune to other processes sharing the cores. */
  forecastCpuMs: number;
  generateMs: number;
  models: Record<string, number>;
  insufficient: number;
}

const CHUNK = 500;

function runJob(job: Job): WorkerReport {
  const report: WorkerReport = {
    series: 0,
    forecastMs: 0,
    forecastCpuMs: 0,
    generateMs: 0,
    models: {},
    insufficient: 0,
  };
  for (let start = job.from; start < job.to; start += CHUNK) {
    const end = Math.min(job.to, start + CHUNK);
    const g0 = performance.now();
    const batch: number[][] = [];
    for (let i = start; i < end; i++) batch.push(retailSeries(rng(i + 1), job.days));
    const f0 = performance.now();
    const cpu0 = process.threadCpuUsage();
    for (const s of batch) {
      const r = forecastSeries(s, { horizon: job.horizon });
      if (r.ok) report.models[r.model] = (report.models[r.model] ?? 0) + 1;
      else report.insufficient++;
    }
    const f1 = performance.now();
    const cpu = process.threadCpuUsage(cpu0);
    report.forecastCpuMs += (cpu.user + cpu.system) / 1000;
    report.generateMs += f0 - g0;
    report.forecastMs += f1 - f0;
    report.series += end - start;
  }
  return report;
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`--${name} must be a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

async function mainThread(): Promise<void> {
  const n = flag("n", 100_000);
  const days = flag("days", 730);
  const horizon = flag("horizon", 28);
  const workers = flag("workers", Math.min(2, availableParallelism()));
  console.log(
    `forecast-speed: ${n} series × ${days} days, horizon ${horizon}, ${workers} worker thread(s), ${availableParallelism()} cores visible`,
  );
  const per = Math.ceil(n / workers);
  const t0 = performance.now();
  const reports = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const job: Job = { from: w * per, to: Math.min(n, (w + 1) * per), days, horizon };
      return new Promise<WorkerReport>((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: job });
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
      });
    }),
  );
  const wallMs = performance.now() - t0;
  const models: Record<string, number> = {};
  let generateMs = 0,
    insufficient = 0,
    forecastMsSum = 0,
    forecastCpuMsSum = 0;
  for (const r of reports) {
    for (const [m, c] of Object.entries(r.models)) models[m] = (models[m] ?? 0) + c;
    forecastMsSum += r.forecastMs;
    forecastCpuMsSum += r.forecastCpuMs;
    generateMs += r.generateMs;
    insufficient += r.insufficient;
  }
  const perSeriesMs = forecastMsSum / n;
  const cpuPerSeriesMs = forecastCpuMsSum / n;
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} (other processes share these cores)`,
  );
  console.log(
    `wall clock (incl. worker start-up and series generation): ${(wallMs / 1000).toFixed(2)} s = ${Math.round(n / (wallMs / 1000))} series/s`,
  );
  console.log(
    `forecasting only, elapsed: ${perSeriesMs.toFixed(3)} ms/series per thread -> ${Math.round((workers * 1000) / perSeriesMs)} series/s on ${workers} threads (goal >= 2000)`,
  );
  console.log(
    `forecasting only, thread CPU time: ${cpuPerSeriesMs.toFixed(3)} ms/series -> ${Math.round((workers * 1000) / cpuPerSeriesMs)} series/s with ${workers} uncontended cores`,
  );
  console.log(`series generation: ${(generateMs / n).toFixed(3)} ms/series per thread (not counted above)`);
  console.log(`models chosen: ${JSON.stringify(models)}${insufficient ? `, insufficient: ${insufficient}` : ""}`);
}

if (isMainThread) {
  await mainThread();
} else {
  parentPort!.postMessage(runJob(workerData as Job));
}
