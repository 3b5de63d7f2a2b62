// Fulfillment routing: which location(s) should ship an order's line items.

export interface RoutingLine {
  sku: string;
  quantity: number;
}

export interface StockLocation {
  id: string;
  name?: string;
  /** Available units per SKU; negative values (oversold) count as zero. */
  stock: Record<string, number>;
  /** Distance (or cost) to the customer; lower is better. Missing = ranked after every location that has one. */
  distance?: number;
  /** Tie-breaker after distance; lower is preferred. */
  priority?: number;
}

export interface Assignment {
  locationId: string;
  locationName?: string;
  items: RoutingLine[];
}

export interface Shortfall {
  sku: string;
  requested: number;
  /** Units available across all locations. */
  available: number;
  missing: number;
}

export interface RoutingPlan {
  /** True when every unit is assigned. */
  complete: boolean;
  strategy: "single_location" | "split" | "partial" | "nothing_available";
  assignments: Assignment[];
  /** Number of extra shipments beyond one (locations used - 1, never below 0). */
  splits: number;
  shortfall: Shortfall[];
  reason: string;
}

export interface RoutingOptions {
  /** Above this many candidate locations the exact search gives way to a greedy one (default 16). */
  maxExactLocations?: number;
}

const describe = (l: StockLocation) => (l.name ? `${l.name} (${l.id})` : l.id);
const available = (l: StockLocation, sku: string) => Math.max(0, l.stock[sku] ?? 0);

function compareLocations(x: StockLocation, y: StockLocation): number {
  return (
    (x.distance ?? Infinity) - (y.distance ?? Infinity) ||
    (x.priority ?? Infinity) - (y.priority ?? Infinity) ||
    (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  );
}

/** Lexicographic cost of a set of locations: fewer locations, then shorter total distance, then lower total priority. */
function setCost(set: readonly StockLocation[]): [number, number, number] {
  const distance = set.reduce((s, l) => s + (l.distance ?? 1e12), 0);
  const priority = set.reduce((s, l) => s + (l.priority ?? 1e6), 0);
  return [set.length, distance, priority];
}

function lessCost(x: [number, number, number], y: [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
}

/**
 * Chooses locations for an order: one location that holds everything if any (the closest such), otherwise the
 * fewest locations that together hold everything (closest set among those), splitting a line across locations
 * when needed. When even all locations together are short, it still assigns what exists, with the fewest
 * locations, and lists the shortfall per SKU.
 */
export function routeOrder(
  lines: readonly RoutingLine[],
  locations: readonly StockLocation[],
  options: RoutingOptions = {},
): RoutingPlan {
  const { maxExactLocations = 16 } = options;
  if (!Array.isArray(lines) || lines.length === 0)
    throw new Error("lines must be a non-empty array of { sku, quantity }");
  if (!Array.isArray(locations)) throw new Error("locations must be an array of { id, stock, distance?, priority? }");
  const requested = new Map<string, number>();
  lines.forEach((line, i) => {
    if (typeof line.sku !== "string" || line.sku.length === 0)
      throw new Error(`lines[${i}].sku must be a non-empty string`);
    if (!(Number.isInteger(line.quantity) && line.quantity > 0))
      throw new Error(`lines[${i}].quantity must be a positive integer`);
    requested.set(line.sku, (requested.get(line.sku) ?? 0) + line.quantity);
  });
  const ids = new Set<string>();
  for (const l of locations) {
    if (ids.has(l.id)) throw new Error(`location id ${l.id} appears twice; send each location once`);
    ids.add(l.id);
    if (l.distance !== undefined && !Number.isFinite(l.distance))
      throw new Error(`location ${l.id}: distance must be a finite number when given`);
  }

  const skus = [...requested.keys()];
  // What can be shipped at best: all stock everywhere, capped at the request.
  const target = new Map(
    skus.map((sku) => [
      sku,
      Math.min(
        requested.get(sku)!,
        locations.reduce((s, l) => s + available(l, sku), 0),
      ),
    ]),
  );
  const shortfall: Shortfall[] = skus
    .filter((sku) => target.get(sku)! < requested.get(sku)!)
    .map((sku) => ({
      sku,
      requested: requested.get(sku)!,
      available: target.get(sku)!,
      missing: requested.get(sku)! - target.get(sku)!,
    }));
  const candidates = locations.filter((l) => skus.some((sku) => available(l, sku) > 0)).sort(compareLocations);
  if (candidates.length === 0) {
    return {
      complete: false,
      strategy: "nothing_available",
      assignments: [],
      splits: 0,
      shortfall,
      reason: "No location has any of the requested SKUs in stock.",
    };
  }

  const covers = (set: readonly StockLocation[]) =>
    skus.every((sku) => set.reduce((s, l) => s + available(l, sku), 0) >= target.get(sku)!);
  let chosen: StockLocation[] | null = null;
  let searched = "exact search over location sets";
  if (candidates.length <= maxExactLocations) {
    // Enumerate subsets by size; the first size with any covering subset is the minimum, then pick its cheapest.
    const n = candidates.length;
    for (let size = 1; size <= n && !chosen; size++) {
      let best: StockLocation[] | null = null;
      for (let mask = 1; mask < 1 << n; mask++) {
        if (popcount(mask) !== size) continue;
        const set = candidates.filter((_, i) => mask & (1 << i));
        if (covers(set) && (!best || lessCost(setCost(set), setCost(best)))) best = set;
      }
      chosen = best;
    }
  } else {
    searched = `greedy search (${candidates.length} locations > ${maxExactLocations}; split count may not be minimal)`;
    chosen = [];
    const remaining = new Map(target);
    while (skus.some((sku) => remaining.get(sku)! > 0)) {
      const pool = candidates.filter((l) => !chosen!.includes(l));
      const gain = (l: StockLocation) =>
        skus.reduce((s, sku) => s + Math.min(remaining.get(sku)!, available(l, sku)), 0);
      const next = pool.reduce((best, l) =>
        gain(l) > gain(best) || (gain(l) === gain(best) && compareLocations(l, best) < 0) ? l : best,
      );
      chosen.push(next);
      for (const sku of skus) remaining.set(sku, Math.max(0, remaining.get(sku)! - available(next, sku)));
    }
  }
  if (!chosen) throw new Error("internal: no covering set found although all locations together cover the target");

  // Within the chosen set, take each SKU from the closest location first.
  const ordered = [...chosen].sort(compareLocations);
  const assignments: Assignment[] = ordered.map((l) => ({
    locationId: l.id,
    ...(l.name ? { locationName: l.name } : {}),
    items: [],
  }));
  for (const sku of skus) {
    let left = target.get(sku)!;
    ordered.forEach((l, i) => {
      const take = Math.min(left, available(l, sku));
      if (take > 0) {
        assignments[i].items.push({ sku, quantity: take });
        left -= take;
      }
    });
  }
  const used = assignments.filter((a) => a.items.length > 0);
  const complete = shortfall.length === 0;
  const strategy = !complete ? "partial" : used.length === 1 ? "single_location" : "split";
  const where = ordered
    .map((l) => `${describe(l)}${l.distance !== undefined ? ` at distance ${l.distance}` : ""}`)
    .join(", ");
  const shortText = shortfall.map((s) => `${s.sku}: ${s.missing} of ${s.requested} unavailable anywhere`).join("; ");
  const reason =
    strategy === "single_location"
      ? `${where} holds every item; it is the closest location that does.`
      : strategy === "split"
        ? `No single location holds every item; ${used.length} locations is the fewest that do (${searched}), closest such set: ${where}.`
        : `Stock is short everywhere (${shortText}); shipping what exists from the fewest locations: ${where}.`;
  return { complete, strategy, assignments: used, splits: Math.max(0, used.length - 1), shortfall, reason };
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  return count;
}
