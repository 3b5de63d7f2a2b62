// Starts the app's processes (what `npm start` runs after set-up and build). In local mode it also
// seeds (first run only) and starts the bundled Shopify Admin API emulator, subscribes the app's
// webhooks there and fills the store mirror; then the web app and the worker.
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { envOrExit } from "../config/env.server";
import { LONG_RUNNING_NODE_FLAGS } from "../config/node-flags";
import { say } from "./say";

const children: ChildProcess[] = [];

const tsx = (
  script: string,
  args: string[] = [],
  extraEnv: Record<string, string> = {},
  stdio: StdioOptions = "inherit",
  flags: string[] = [],
) =>
  spawn(process.execPath, [...flags, "--import", "tsx", script, ...args], {
    stdio,
    env: { ...process.env, ...extraEnv },
  });

/**
 * The web app (index) or the worker: in production the compiled JavaScript of `npm run build`
 * (plain node, nothing compiled at start), else the TypeScript sources through tsx.
 */
function appProcess(name: "index" | "worker") {
  const built = `build/node/${name}.js`;
  if (process.env.NODE_ENV === "production" && existsSync(built))
    return spawn(process.execPath, [...LONG_RUNNING_NODE_FLAGS, "--enable-source-maps", built], {
      stdio: "inherit",
      env: process.env,
    });
  return tsx(`server/${name}.ts`, [], {}, "inherit", LONG_RUNNING_NODE_FLAGS);
}

function keep(child: ChildProcess, name: string) {
  children.push(child);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? code}); stopping`);
    stop(code ?? 1);
  });
}

async function runToEnd(child: ChildProcess, name: string) {
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${name} failed with exit code ${code}`);
}

async function waitFor(url: string, seconds: number) {
  for (let i = 0; i < seconds * 10; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  // The worker's active jobs may take its shutdown grace to finish or be handed back.
  const graceSeconds = Number(process.env.WORKER_SHUTDOWN_GRACE_SECONDS ?? 25) || 25;
  setTimeout(() => process.exit(code), (graceSeconds + 20) * 1_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on("exit", r))))).then(() =>
    process.exit(code),
  );
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

async function main() {
  const config = envOrExit();

  if (config.localMode) {
    const emulatorDb = process.env.EMULATOR_DB ?? ".data/emulator.db";
    if (!existsSync(emulatorDb)) {
      const products = process.env.EMULATOR_PRODUCTS ?? "300";
      const orders = process.env.EMULATOR_ORDERS ?? "20000";
      say(`seed: a local dev store with ${products} products and ${orders} orders into ${emulatorDb} (first run only)`);
      const seeding = tsx(
        "emulator/cli.ts",
        [
          "seed",
          "--db",
          emulatorDb,
          "--seed",
          process.env.EMULATOR_SEED ?? "1",
          "--products",
          products,
          "--orders",
          orders,
          "--end-date",
          yesterday(),
        ],
        {},
        ["inherit", "pipe", "inherit"],
      );
      // The seeder reports in JSON (for scripts); here a sentence.
      let report = "";
      seeding.stdout?.on("data", (chunk: Buffer) => (report += chunk.toString()));
      await runToEnd(seeding, "seeding");
      const stats = JSON.parse(report.trim().split("\n").at(-1) || "{}") as { customers?: number; ms?: number };
      say(`seed: done (${stats.customers ?? "?"} customers, ${((stats.ms ?? 0) / 1000).toFixed(1)} s)`);
    }
    const emulatorUrl = new URL(config.EMULATOR_URL);
    say(`local store: starting the Shopify Admin API emulator on ${emulatorUrl.origin}`);
    keep(
      tsx(
        "emulator/cli.ts",
        [
          "serve",
          "--db",
          emulatorDb,
          "--port",
          emulatorUrl.port || "80",
          "--host",
          emulatorUrl.hostname,
          "--token",
          config.EMULATOR_ACCESS_TOKEN,
          "--secret",
          config.appSecret,
          "--shop",
          config.LOCAL_SHOP,
          "--retry",
          "1000,5000,30000",
        ],
        {},
        "inherit",
        LONG_RUNNING_NODE_FLAGS,
      ),
      "emulator",
    );
    await waitFor(new URL("/healthz", emulatorUrl).toString(), 60);
    await runToEnd(tsx("scripts/local-bootstrap.ts"), "local bootstrap");
  }

  say("app: starting the web app and the agent worker");
  keep(appProcess("index"), "web");
  keep(appProcess("worker"), "worker");
  await waitFor(`http://${config.HOST}:${config.PORT}/healthz`, 120);
  say(
    `Royal Equips is running on http://${config.HOST === "127.0.0.1" ? "localhost" : config.HOST}:${config.PORT}${config.localMode ? " (local mode)" : ""}. Ctrl+C stops it.`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  stop(1);
});

// The seeded history ends yesterday so that "last 30 days" shows data on the day it is seeded.
function yesterday() {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}
