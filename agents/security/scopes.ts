// Access scopes: what the app requests, what its Admin API documents need, and which granted
// scopes are more than that. The per-document needs are generated from Shopify's schema
// (scope-requirements.ts); this module is pure so that the tools, the scan and app/ can share it.
import { ADMIN_SCOPE_REQUIREMENTS } from "./scope-requirements";
import type { ScopeRequirement } from "./scope-types";

/** Access scopes requested from real shops (shopify.app.toml lists the same; a test checks). */
export const APP_SCOPES =
  "read_products,write_products,read_inventory,write_inventory,read_locations,read_orders,read_all_orders,read_customers,read_discounts,write_discounts,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders";

/** Needs no document shows: Shopify limits `orders` to the last 60 days without read_all_orders. */
export const DECLARED_SCOPE_REQUIREMENTS: readonly ScopeRequirement[] = [
  {
    anyOf: ["read_all_orders"],
    needs: ["orders older than 60 days"],
    usedBy: [
      "mirror sync of the full order history (forecasting, analytics and customer value need more than 60 days)",
    ],
  },
];

export const SCOPE_REQUIREMENTS: readonly ScopeRequirement[] = [
  ...ADMIN_SCOPE_REQUIREMENTS,
  ...DECLARED_SCOPE_REQUIREMENTS,
];

const SCOPE = /^(unauthenticated_)?(read|write)_[a-z_]+$/;

/** Splits a comma-separated scope list; throws on anything that is not a scope handle. */
export function parseScopes(list: string | null | undefined): string[] {
  const scopes = (list ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = scopes.filter((s) => !SCOPE.test(s));
  if (bad.length)
    throw new Error(`Not access scope handles: ${bad.join(", ")} (expected e.g. read_products,write_orders)`);
  return [...new Set(scopes)];
}

/** Shopify: "Any scope that writes a resource also grants read access to it." */
export function withImpliedReads(scopes: Iterable<string>): Set<string> {
  const all = new Set(scopes);
  for (const scope of [...all]) {
    const write = /^(unauthenticated_)?write_(.+)$/.exec(scope);
    if (write) all.add(`${write[1] ?? ""}read_${write[2]}`);
  }
  return all;
}

const satisfied = (requirement: ScopeRequirement, scopes: Iterable<string>) => {
  const effective = withImpliedReads(scopes);
  return requirement.anyOf.some((s) => effective.has(s));
};

export interface ScopeAnalysis {
  granted: string[];
  /** The smallest subset of the granted scopes that still meets every requirement it met. */
  minimal: string[];
  /** Granted scopes and what each is needed for (only scopes in `minimal`). */
  used: { scope: string; needs: string[]; usedBy: string[] }[];
  /** Granted but needed by nothing we call (or only by what another granted scope covers). */
  unneeded: { scope: string; reason: string }[];
  /** read_x listed beside write_x: harmless, write_x already grants it. */
  redundant: { scope: string; impliedBy: string }[];
  /** Requirements none of the granted scopes meet: those features fail with an access error. */
  missing: ScopeRequirement[];
}

export function analyseScopes(
  granted: string[],
  requirements: readonly ScopeRequirement[] = SCOPE_REQUIREMENTS,
): ScopeAnalysis {
  const met = requirements.filter((r) => satisfied(r, granted));
  const missing = requirements.filter((r) => !satisfied(r, granted));

  // Greedy removal, write scopes first (an unused write is the riskiest grant), then reads:
  // whatever survives is irreducible, so each scope it drops can really be dropped.
  let minimal = [...granted];
  const order = [...granted].sort(
    (a, b) => Number(b.includes("write_")) - Number(a.includes("write_")) || a.localeCompare(b),
  );
  for (const scope of order) {
    const without = minimal.filter((s) => s !== scope);
    if (met.every((r) => satisfied(r, without))) minimal = without;
  }

  const dropped = granted.filter((s) => !minimal.includes(s));
  const writeOf = (scope: string) => scope.replace(/read_/, "write_");
  const redundant = dropped
    .filter((s) => /^(unauthenticated_)?read_/.test(s) && minimal.includes(writeOf(s)))
    .map((scope) => ({ scope, impliedBy: writeOf(scope) }));
  const effectiveOf = (scope: string) => withImpliedReads([scope]);
  const used = minimal.map((scope) => {
    const covers = met.filter((r) => r.anyOf.some((s) => effectiveOf(scope).has(s)));
    return {
      scope,
      needs: [...new Set(covers.flatMap((r) => r.needs))],
      usedBy: [...new Set(covers.flatMap((r) => r.usedBy))],
    };
  });
  const unneeded = dropped
    .filter((s) => !redundant.some((r) => r.scope === s))
    .map((scope) => {
      const wanting = requirements.filter((r) => [...effectiveOf(scope)].some((s) => r.anyOf.includes(s)));
      if (wanting.length === 0) return { scope, reason: "nothing the app calls requires it" };
      const cover = wanting.map((r) => r.anyOf.find((s) => withImpliedReads(minimal).has(s))).filter(Boolean);
      return {
        scope,
        reason: `what could use it (${[...new Set(wanting.flatMap((r) => r.needs))].join(", ")}) is already allowed by ${[...new Set(cover)].join(", ")}`,
      };
    });
  return { granted, minimal, used, unneeded, redundant, missing };
}
