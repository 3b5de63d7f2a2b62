// Command line of the Shopify Admin API emulator.
//   npx tsx emulator/cli.ts serve --port 4100 --db .emulator/shop.db --token shpat_dev --secret dev_secret [--shop x.myshopify.com]
//        [--webhook-url http://localhost:3000/webhooks --webhook-topics orders/create,refunds/create] [--retry 1000,5000]
//   npx tsx emulator/cli.ts simulate --url http://127.0.0.1:4100 --token shpat_dev --orders 20 --refunds 3 --stock-moves 10 --seed 1
//   npx tsx emulator/cli.ts simulate --db .emulator/shop.db --orders 20      (offline: no webhooks are sent)
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateStore, importOlist } from "./seed";
import { seedInto } from "./store/load";
import { startEmulator } from "./server";
import { simulate, type SimulateOptions } from "./simulate";
import { EmulatorStore } from "./store/store";

const USAGE = `usage:
  npx tsx emulator/cli.ts serve --db <file> --token <access token> --secret <client secret> [--port 4100] [--host 127.0.0.1]
      [--shop <domain>.myshopify.com] [--webhook-url <url> --webhook-topics orders/create,products/update] [--retry <ms,ms,...>]
  npx tsx emulator/cli.ts seed --db <file> [--seed 1] [--products 300] [--orders 20000] [--days 730] [--end-date YYYY-MM-DD]
      [--sample-csv <dir of Shopify product CSVs>]   (default: ../shared/data/shopify-sample-products when present)
  npx tsx emulator/cli.ts import-olist --db <file> --dir <Olist CSV folder>
  npx tsx emulator/cli.ts simulate (--url <emulator url> --token <token> | --db <file>) [--orders N] [--refunds N]
      [--stock-moves N] [--customers N] [--products N] [--seed N]`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const int = (v: string | undefined, name: string, fallback: number) => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
};

/** Shopify's sample product CSVs beside the repository (../shared/data), when they are there. */
function defaultSampleCsvDir(): string | null {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/data/shopify-sample-products");
  return existsSync(dir) ? dir : null;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      db: { type: "string" },
      token: { type: "string" },
      secret: { type: "string" },
      shop: { type: "string" },
      "webhook-url": { type: "string" },
      "webhook-topics": { type: "string" },
      retry: { type: "string" },
      url: { type: "string" },
      orders: { type: "string" },
      refunds: { type: "string" },
      "stock-moves": { type: "string" },
      customers: { type: "string" },
      products: { type: "string" },
      seed: { type: "string" },
      days: { type: "string" },
      "end-date": { type: "string" },
      "sample-csv": { type: "string" },
      dir: { type: "string" },
    },
  });
  if (command === "seed") {
    if (!values.db) fail("seed needs --db");
    const sampleCsvDir = values["sample-csv"] ?? defaultSampleCsvDir();
    const started = Date.now();
    const store = generateStore({
      seed: int(values.seed, "seed", 1),
      products: int(values.products, "products", 300),
      orders: int(values.orders, "orders", 20_000),
      days: int(values.days, "days", 730),
      endDate: values["end-date"],
      customers: values.customers ? int(values.customers, "customers", 0) : undefined,
      sampleCsvDir: sampleCsvDir && existsSync(sampleCsvDir) ? sampleCsvDir : null,
    });
    const stats = seedInto(values.db, store);
    console.log(JSON.stringify({ seeded: values.db, ...stats, ms: Date.now() - started }));
    return;
  }
  if (command === "import-olist") {
    if (!values.db || !values.dir) fail("import-olist needs --db and --dir (the Olist CSV folder)");
    const store = importOlist(values.dir);
    const stats = seedInto(values.db, store);
    console.log(JSON.stringify({ imported: values.dir, ...stats, report: store.report }));
    return;
  }
  if (command === "serve") {
    if (!values.db || !values.token || !values.secret) fail("serve needs --db, --token and --secret");
    if (values["webhook-url"] && !values["webhook-topics"]) fail("--webhook-url needs --webhook-topics");
    const emu = await startEmulator({
      port: int(values.port, "port", 4100),
      host: values.host ?? "127.0.0.1",
      dbPath: values.db,
      shopDomain: values.shop ?? "royal-equips-dev.myshopify.com",
      accessToken: values.token,
      clientSecret: values.secret,
      webhooks: values["webhook-url"]
        ? { url: values["webhook-url"], topics: values["webhook-topics"]!.split(",") }
        : undefined,
      retrySchedule: values.retry ? values.retry.split(",").map((v) => int(v, "retry", 0)) : undefined,
    });
    console.log(`Shopify Admin API emulator on ${emu.graphqlUrl} (shop ${emu.store.shop().domain})`);
    const stop = async () => {
      await emu.close();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    return;
  }
  if (command === "simulate") {
    const opts: SimulateOptions = {
      orders: int(values.orders, "orders", 10),
      refunds: int(values.refunds, "refunds", 0),
      stockMoves: int(values["stock-moves"], "stock-moves", 0),
      customers: int(values.customers, "customers", 0),
      products: int(values.products, "products", 0),
      seed: int(values.seed, "seed", Date.now() % 1_000_000),
    };
    if (values.url) {
      if (!values.token) fail("simulate --url needs --token");
      const res = await fetch(new URL("/emulator/simulate", values.url), {
        method: "POST",
        body: JSON.stringify(opts),
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": values.token },
      });
      if (!res.ok) fail(`emulator answered ${res.status}: ${await res.text()}`);
      console.log(JSON.stringify(await res.json()));
      return;
    }
    if (!values.db) fail("simulate needs --url (running emulator, webhooks fire) or --db (offline)");
    const store = EmulatorStore.open(values.db);
    try {
      console.log(JSON.stringify(simulate(store, opts)));
    } finally {
      store.close();
    }
    return;
  }
  fail(command ? `unknown command "${command}"` : "missing command");
}

await main();
