// The shops of the scale-out run (bench/scale-out.ts): one emulator per shop, all in this child
// process, behind one router port that stands in for Shopify's hosts. The app's processes reach
// `https://<shop>/...` through it (bench/scale-out/shopify-dns.mjs rewrites the origin to
// `<router>/<shop>/...`); the router counts the Admin mutations each shop received, which is how the
// run counts store changes applied twice. Each emulator sends its signed webhooks to the load
// balancer and retries failed deliveries on a short schedule.
// Driven over IPC by the bench: "simulate" (new orders: webhooks fire), "stats", "close".
import { createServer, type IncomingMessage } from "node:http";
import { loadSeedStore, simulate, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore } from "@royal-equips/emulator/seed";

export interface EmulatorHostConfig {
  shops: string[];
  /** Access token of shop i: tokenPrefix + i. */
  tokenPrefix: string;
  clientSecret: string;
  /** The app's public base (the load balancer): webhooks go to <webhookBase>/webhooks/<topic>. */
  webhookBase: string;
  webhookTopics: string[];
  products: number;
  orders: number;
  retrySchedule: number[];
}

export interface ShopStats {
  shop: string;
  /** Admin mutations received, by mutation field name. */
  mutations: Record<string, number>;
  orders: number;
  webhooks: { sent: number; delivered: number; attempts: number; failedAttempts: number };
  /** Failed delivery attempts by answer ("503", "ECONNREFUSED", ...). */
  failures: Record<string, number>;
  /** available of the shop's probe variant at its location. */
  level: number | null;
}

/** A variant of the shop whose stock the bench's corrections change. */
export interface Probe {
  shop: string;
  sku: string;
  inventoryItemId: number;
  locationId: number;
}

type Message =
  | { type: "simulate"; shop: string; orders: number; seed: number }
  | { type: "stats" }
  | { type: "idle" }
  | { type: "close" };

const config = JSON.parse(process.env.SCALEOUT_EMULATORS!) as EmulatorHostConfig;
const emulators = new Map<string, RunningEmulator>();
const mutations = new Map<string, Record<string, number>>();
const probes: Probe[] = [];

for (const [i, shop] of config.shops.entries()) {
  const emulator = await startEmulator({
    port: 0,
    dbPath: ":memory:",
    shopDomain: shop,
    accessToken: config.tokenPrefix + i,
    clientSecret: config.clientSecret,
    // Shopify's real bucket, so the app's pacing (the shared bucket in Redis) is exercised.
    bucket: { max: 2000, restoreRate: 100 },
    retrySchedule: config.retrySchedule,
  });
  // A small shop with recent history (120 days ending yesterday), different per shop.
  const seed = generateStore({
    seed: i + 1,
    products: config.products,
    orders: config.orders,
    days: 120,
    customers: Math.ceil(config.orders / 3),
    endDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    sampleCsvDir: null,
  });
  loadSeedStore(emulator.store.db, seed);
  // The variant whose stock the run's corrections change: the first one stocked somewhere.
  const variant = seed.products.flatMap((p) => p.variants).find((v) => v.sku && Object.keys(v.inventory).length > 0);
  if (!variant) throw new Error(`${shop}: no stocked variant`);
  probes.push({
    shop,
    sku: variant.sku,
    inventoryItemId: variant.inventoryItemId,
    locationId: Number(Object.keys(variant.inventory)[0]),
  });
  const now = new Date().toISOString();
  const subscribe = emulator.store.db.prepare(
    "INSERT INTO webhook_subscriptions (topic, uri, format, include_fields, created_at, updated_at) VALUES (?, ?, 'JSON', '[]', ?, ?)",
  );
  for (const topic of config.webhookTopics)
    subscribe.run(topic.toUpperCase().replace("/", "_"), `${config.webhookBase}/webhooks/${topic}`, now, now);
  emulators.set(shop, emulator);
  mutations.set(shop, {});
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

// The router: /<shop>/<path> -> that shop's emulator. Counting happens when the request arrived,
// whatever becomes of its answer (a process killed mid-request still counts its mutation).
const router = createServer((req, res) => {
  void (async () => {
    const match = /^\/([^/]+)(\/.*)$/.exec(req.url ?? "");
    const emulator = match ? emulators.get(match[1]) : undefined;
    if (!match || !emulator) {
      res.writeHead(404).end("unknown shop");
      return;
    }
    const body = await readBody(req);
    if (body.length) {
      const text = body.toString("utf8");
      const mutation = /^\s*mutation\b[^{]*\{\s*(\w+)/.exec(
        (() => {
          try {
            return String((JSON.parse(text) as { query?: unknown }).query ?? "");
          } catch {
            return text;
          }
        })(),
      );
      if (mutation) {
        const counts = mutations.get(match[1])!;
        counts[mutation[1]] = (counts[mutation[1]] ?? 0) + 1;
      }
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string" && !["host", "connection", "content-length"].includes(name)) headers[name] = value;
    const answer = await fetch(emulator.url + match[2], {
      method: req.method,
      headers,
      body: body.length ? body : undefined,
    });
    const out = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(out);
  })().catch((error: Error) => {
    if (!res.headersSent) res.writeHead(502);
    res.end(String(error.message));
  });
});
await new Promise<void>((resolve) => router.listen(0, "127.0.0.1", resolve));
const { port } = router.address() as { port: number };

function stats(): ShopStats[] {
  return [...emulators].map(([shop, emulator]) => {
    const db = emulator.store.db;
    const row = <T>(sql: string, ...args: (string | number)[]) => db.prepare(sql).get(...args) as T;
    const deliveries = row<{ sent: number; delivered: number; attempts: number; failed: number }>(
      "SELECT COUNT(DISTINCT webhook_id) AS sent, COUNT(DISTINCT CASE WHEN ok = 1 THEN webhook_id END) AS delivered, " +
        "COUNT(*) AS attempts, SUM(CASE WHEN ok = 1 THEN 0 ELSE 1 END) AS failed FROM webhook_deliveries",
    );
    const failures: Record<string, number> = {};
    for (const failure of db
      .prepare(
        "SELECT COALESCE(CAST(status_code AS TEXT), error, 'unknown') AS answer, COUNT(*) AS n FROM webhook_deliveries WHERE ok = 0 GROUP BY 1",
      )
      .all() as { answer: string; n: number }[])
      failures[failure.answer.slice(0, 60)] = failure.n;
    const probe = probes.find((p) => p.shop === shop)!;
    const level = row<{ available: number } | undefined>(
      "SELECT available FROM inventory_levels WHERE inventory_item_id = ? AND location_id = ?",
      probe.inventoryItemId,
      probe.locationId,
    );
    return {
      shop,
      mutations: mutations.get(shop)!,
      orders: row<{ n: number }>("SELECT COUNT(*) AS n FROM orders").n,
      webhooks: {
        sent: deliveries.sent,
        delivered: deliveries.delivered,
        attempts: deliveries.attempts,
        failedAttempts: deliveries.failed ?? 0,
      },
      failures,
      level: level?.available ?? null,
    };
  });
}

process.on("message", (message: Message) => {
  void (async () => {
    if (message.type === "simulate") {
      const result = simulate(emulators.get(message.shop)!.store, { orders: message.orders, seed: message.seed });
      process.send!({ type: "simulated", orders: result.orderIds.length });
    } else if (message.type === "stats") {
      process.send!({ type: "stats", stats: stats() });
    } else if (message.type === "idle") {
      await Promise.all([...emulators.values()].map((e) => e.webhooks.idle()));
      process.send!({ type: "idle" });
    } else if (message.type === "close") {
      router.close();
      await Promise.all([...emulators.values()].map((e) => e.close()));
      process.exit(0);
    }
  })();
});
process.send!({ type: "ready", router: `http://127.0.0.1:${port}`, probes });
