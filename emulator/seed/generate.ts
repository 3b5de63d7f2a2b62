// generateStore: a believable, fully deterministic Shopify store for the emulator.
//
// Pipeline (each phase draws from its own seed-derived generator, so tuning one phase does not
// reshuffle the others):
//   calendar (trend, weekly, yearly, promotions) -> catalog (sample CSVs + generated products)
//   -> price paths -> per-variant demand + inventory simulation (sales events, stockouts, final
//   stock) -> order plan (baskets, channels, times, customers) -> customers, collections
//   -> orders streamed lazily from the plan.
// Only the plan (typed arrays, ~25 bytes per order) is held; SeedOrder objects are built on demand.

import { existsSync, statSync } from "node:fs";
import { buildCalendar, demandDaysOf, discountCodesOf, localToUtcMs, type DemandCalendar } from "./calendar";
import { buildCatalog, slugify, type Catalog } from "./catalog";
import { DAY_MS, parseIsoDate } from "./dates";
import { IdAllocator } from "./ids";
import { orderStream, pickCity, type CustomerDirectory } from "./orders";
import { MEAN_BASKET, planOrders, type OrderPlan } from "./plan";
import { buildPricePaths, priceHistoryOf } from "./pricing";
import { readProductsCsvDir } from "./products-csv";
import { deriveSeed, Rng } from "./random";
import { simulateSales, type SimulationResult } from "./simulate";
import type {
  SeedCollection,
  SeedCustomer,
  SeedLocation,
  SeedOptions,
  SeedProduct,
  SeedStockout,
  SeedStore,
} from "./types";
import { CITIES, FIRST_NAMES, LAST_NAMES } from "./vocab";

export const DEFAULT_DAYS = 730;
export const DEFAULT_END_DATE = "2026-10-31";
export const SHOP_TIMEZONE = "America/New_York";

/** Demand lost to stockouts is made up for in the target, so the order count lands near opts.orders. */
const EXPECTED_LOST_SHARE = 0.015;

const PHASE = { calendar: 1, catalog: 2, pricing: 3, simulate: 4, plan: 5, customers: 6, stream: 7 } as const;

const LOCATIONS: (Omit<SeedLocation, "id"> & { stockShare: number; cityIndex: number })[] = [
  {
    name: "Main Warehouse",
    city: "Newark",
    countryCode: "US",
    stockShare: 0.6,
    cityIndex: CITIES.findIndex((c) => c.city === "Newark"),
  },
  {
    name: "West Coast Fulfillment",
    city: "Sacramento",
    countryCode: "US",
    stockShare: 0.3,
    cityIndex: CITIES.findIndex((c) => c.city === "Sacramento"),
  },
  {
    name: "Flagship Store",
    city: "Lexington",
    countryCode: "US",
    stockShare: 0.1,
    cityIndex: CITIES.findIndex((c) => c.city === "Lexington"),
  },
];

export function generateStore(opts: SeedOptions): SeedStore {
  const options = validateOptions(opts);
  const { seed, days } = options;
  const rngFor = (phase: number) => new Rng(deriveSeed(seed, phase));
  const ids = new IdAllocator();

  const endMs = parseIsoDate(options.endDate, "endDate");
  const startMs = endMs - (days - 1) * DAY_MS;
  const calendar = buildCalendar(rngFor(PHASE.calendar), startMs, days, SHOP_TIMEZONE);
  const dayToIso = (day: number, second: number) => new Date(localToUtcMs(calendar, day, second)).toISOString();

  const catalogRng = rngFor(PHASE.catalog);
  const locationCount = catalogRng.bernoulli(0.5) ? 3 : 2;
  const locations: SeedLocation[] = LOCATIONS.slice(0, locationCount).map(({ name, city, countryCode }) => ({
    id: ids.next("location"),
    name,
    city,
    countryCode,
  }));
  const hasStore = locationCount === 3;

  let csvProducts: SeedProduct[] = [];
  if (options.sampleCsvDir && existsSync(options.sampleCsvDir) && statSync(options.sampleCsvDir).isDirectory()) {
    csvProducts = readProductsCsvDir(options.sampleCsvDir, {
      ids,
      locationId: locations[0].id,
      createdAt: dayToIso(0, 0),
    }).slice(0, options.products);
  }
  const catalog = buildCatalog({
    rng: catalogRng,
    ids,
    days,
    csvProducts,
    generatedCount: options.products - csvProducts.length,
    dayToIso,
  });

  const paths = buildPricePaths(rngFor(PHASE.pricing), catalog, calendar);
  const targetEvents = (options.orders * MEAN_BASKET) / (1 - EXPECTED_LOST_SHARE);
  const sim = simulateSales(rngFor(PHASE.simulate), catalog, calendar, paths, targetEvents);
  applySimulation(catalog, sim, locations);

  const plan = planOrders(rngFor(PHASE.plan), sim.events, calendar, { hasStore, customers: options.customers });
  const { customers, directory } = buildCustomers(rngFor(PHASE.customers), plan, calendar, ids, options.customers);

  const shop = {
    domain: "royal-equips-dev.myshopify.com",
    name: "Royal Equips (dev)",
    email: "owner@royal-equips.test",
    currencyCode: "USD",
    ianaTimezone: SHOP_TIMEZONE,
    createdAt: dayToIso(
      Math.min(
        0,
        catalog.productCreatedDay.reduce((a, b) => Math.min(a, b), 0),
      ) - 14,
      32400,
    ),
  };

  return {
    shop,
    locations,
    products: catalog.products,
    collections: buildCollections(catalog, sim, calendar, ids),
    customers,
    discountCodes: discountCodesOf(calendar, ids, (day) => dayToIso(day, 0)),
    priceHistory: priceHistoryOf(paths, catalog, calendar),
    stockouts: stockoutsOf(sim, catalog, calendar),
    demandCalendar: demandDaysOf(calendar),
    orderCount: plan.orderCount,
    orders: orderStream({
      seed: deriveSeed(seed, PHASE.stream),
      plan,
      catalog,
      paths,
      calendar,
      customers: directory,
      currencyCode: shop.currencyCode,
      storeCity: LOCATIONS[2].cityIndex,
    }),
  };
}

interface ValidOptions {
  seed: number;
  products: number;
  orders: number;
  days: number;
  customers?: number;
  endDate: string;
  sampleCsvDir: string | null;
}

function validateOptions(opts: SeedOptions): ValidOptions {
  const need = (ok: boolean, message: string) => {
    if (!ok) throw new Error(`generateStore: ${message}`);
  };
  need(Number.isSafeInteger(opts.seed), `seed must be an integer, got ${opts.seed}`);
  need(
    Number.isSafeInteger(opts.products) && opts.products >= 1,
    `products must be a whole number >= 1, got ${opts.products}`,
  );
  need(Number.isFinite(opts.orders) && opts.orders >= 0, `orders must be a number >= 0, got ${opts.orders}`);
  const days = opts.days ?? DEFAULT_DAYS;
  need(
    Number.isSafeInteger(days) && days >= 1 && days <= 20_000,
    `days must be a whole number from 1 to 20000, got ${opts.days}`,
  );
  if (opts.customers !== undefined)
    need(
      Number.isSafeInteger(opts.customers) && opts.customers >= 0,
      `customers must be a whole number >= 0, got ${opts.customers}`,
    );
  return {
    seed: opts.seed,
    products: opts.products,
    orders: opts.orders,
    days,
    customers: opts.customers,
    endDate: opts.endDate ?? DEFAULT_END_DATE,
    sampleCsvDir: opts.sampleCsvDir ?? null,
  };
}

/** Writes the simulation's ground truth and final stock onto the variants. */
function applySimulation(catalog: Catalog, sim: SimulationResult, locations: SeedLocation[]): void {
  const shares = LOCATIONS.slice(0, locations.length).map((l) => l.stockShare);
  const shareSum = shares.reduce((a, b) => a + b, 0);
  const { model } = catalog;
  for (let v = 0; v < model.count; v++) {
    const variant = model.variants[v];
    variant.baseDailyDemand = Number(sim.base[v].toPrecision(6));
    // Split the final stock across locations; the remainder of the rounding goes to the main warehouse.
    const total = sim.finalStock[v];
    const inventory: Record<number, number> = {};
    inventory[locations[0].id] = total;
    for (let i = 1; i < locations.length; i++) {
      const q = Math.floor((total * shares[i]) / shareSum);
      inventory[locations[i].id] = q;
      inventory[locations[0].id] -= q;
    }
    variant.inventory = inventory;
  }
}

function buildCustomers(
  rng: Rng,
  plan: OrderPlan,
  calendar: DemandCalendar,
  ids: IdAllocator,
  requested?: number,
): { customers: SeedCustomer[]; directory: CustomerDirectory } {
  const buyers = plan.buyerCount;
  const subscribers = Math.max(0, (requested ?? 0) - buyers);
  const total = buyers + subscribers;
  const customers: SeedCustomer[] = new Array(total);
  const directory: CustomerDirectory = {
    id: new Float64Array(buyers),
    email: new Array(buyers),
    city: new Uint8Array(buyers),
    wholesale: new Uint8Array(buyers),
  };
  // Day of every order, to date each customer's account just before their first order.
  const orderDay = new Int32Array(plan.orderCount);
  for (let d = 0; d < calendar.days; d++) orderDay.fill(d, plan.dayOrderStart[d], plan.dayOrderStart[d + 1]);

  const firstSlugs = FIRST_NAMES.map(slugify);
  const lastSlugs = LAST_NAMES.map(slugify);
  for (let c = 0; c < total; c++) {
    const first = Math.floor(rng.next() * FIRST_NAMES.length);
    const last = Math.floor(rng.next() * LAST_NAMES.length);
    const firstName = FIRST_NAMES[first];
    const lastName = LAST_NAMES[last];
    const cityIndex = pickCity(rng);
    const city = CITIES[cityIndex];
    const email = `${firstSlugs[first]}.${lastSlugs[last]}${c + 1}@example.com`;
    const id = ids.next("customer");
    let createdMs: number;
    const tags: string[] = [];
    let acceptsMarketing = rng.next() < 0.55;
    if (c < buyers) {
      const firstOrder = plan.customerFirstOrder[c];
      createdMs =
        localToUtcMs(calendar, orderDay[firstOrder], plan.orderSecond[firstOrder]) -
        Math.floor(60_000 + rng.next() * 45 * 60_000);
      const orders = plan.customerOrderCount[c];
      const wholesale = orders >= 6 && rng.next() < 0.2;
      if (orders >= 8) tags.push("VIP");
      if (wholesale) tags.push("wholesale");
      directory.id[c] = id;
      directory.email[c] = email;
      directory.city[c] = cityIndex;
      directory.wholesale[c] = wholesale ? 1 : 0;
    } else {
      createdMs = localToUtcMs(calendar, Math.floor(rng.next() * calendar.days), Math.floor(rng.next() * 86_400));
      acceptsMarketing = true;
      tags.push("newsletter");
    }
    customers[c] = {
      id,
      email,
      firstName,
      lastName,
      phone: rng.next() < 0.4 ? `+1555${String(Math.floor(rng.next() * 10_000_000)).padStart(7, "0")}` : null,
      city: city.city,
      province: city.province,
      countryCode: city.countryCode,
      createdAt: new Date(createdMs).toISOString(),
      acceptsMarketing,
      tags,
      note: tags.includes("wholesale") ? "Trade account: invoice monthly" : null,
    };
  }
  return { customers, directory };
}

function buildCollections(
  catalog: Catalog,
  sim: SimulationResult,
  calendar: DemandCalendar,
  ids: IdAllocator,
): SeedCollection[] {
  const { products, model } = catalog;
  const byType = new Map<string, number[]>();
  products.forEach((p) => {
    if (!p.productType) return;
    const list = byType.get(p.productType) ?? [];
    list.push(p.id);
    byType.set(p.productType, list);
  });
  const collections: SeedCollection[] = [...byType.keys()]
    .sort()
    .map((type) => ({ id: ids.next("collection"), handle: slugify(type), title: type, productIds: byType.get(type)! }));

  const productDemand = new Float64Array(products.length);
  for (let v = 0; v < model.count; v++) productDemand[model.productIndex[v]] += sim.base[v];
  const active = products.map((p, i) => i).filter((i) => products[i].status === "ACTIVE");
  const best = [...active].sort((a, b) => productDemand[b] - productDemand[a]).slice(0, 24);
  const newArrivals = active.filter((i) => catalog.productCreatedDay[i] >= calendar.days - 60);
  const onSale = active.filter((i) =>
    products[i].variants.some((v) => v.compareAtPrice !== null && v.compareAtPrice > v.price),
  );
  const taken = new Set(collections.map((c) => c.handle));
  for (const [handle, title, members] of [
    ["best-sellers", "Best Sellers", best],
    ["new-arrivals", "New Arrivals", newArrivals],
    ["sale", "Sale", onSale],
  ] as const) {
    collections.push({
      id: ids.next("collection"),
      handle: taken.has(handle) ? `${handle}-collection` : handle,
      title,
      productIds: members.map((i) => products[i].id),
    });
  }
  return collections;
}

function stockoutsOf(sim: SimulationResult, catalog: Catalog, calendar: DemandCalendar): SeedStockout[] {
  const out: SeedStockout[] = [];
  for (let i = 0; i < sim.stockouts.length; i += 3) {
    const until = sim.stockouts[i + 2];
    out.push({
      variantId: catalog.model.variants[sim.stockouts[i]].id,
      from: calendar.dates[sim.stockouts[i + 1]],
      until: until >= 0 && until < calendar.days ? calendar.dates[until] : null,
    });
  }
  return out;
}
