// Shared shapes of the offline model (re-exported by understand.ts, its public entry point).
import type { IntentModel } from "./learned";

export interface CatalogEntry {
  productId: string;
  variantId: string;
  sku: string | null;
  /** The product's title. */
  title: string;
  variantTitle: string | null;
  price: number;
  inventory: number | null;
  /** Units available per location, by the location's name, when the variant is stocked at several. */
  locations?: { id: string; name: string; available: number }[];
}

export interface UnderstandContext {
  now: Date;
  /** The shop's IANA timezone (Shop.ianaTimezone): "today" and "the last 30 days" are its local days. */
  timeZone?: string;
  catalog: CatalogEntry[];
  /** The shop's currency (Shop.currencyCode): amounts in clarifying questions carry it. */
  currency?: string | null;
  /** Names of the agents the merchant may run. */
  agents: string[];
  /**
   * The learned intent model consulted when the rules find no intent (learned.ts): default, the one
   * trained from the evaluation commands; null, rules only (to measure what it adds).
   */
  intentModel?: IntentModel | null;
}

export type Understanding =
  | {
      kind: "tool";
      tool: string;
      input: Record<string, unknown>;
      /**
       * A second call that needs what the first one finds: "draft a reply to the latest ticket"
       * lists the newest ticket, then drafts a reply to it (model.ts takes the id from the result).
       */
      then?:
        | { tool: string; takes: "latestTicket" }
        /**
         * "find my slow movers and put them 20% off": a price change for exactly the variants the
         * first call found, `percent` up (+) or down (-) from each variant's current price.
         */
        | { tool: "propose_price_change"; takes: "foundVariants"; percent: number };
    }
  | { kind: "clarify"; question: string; options?: string[] }
  | { kind: "refuse"; reason: string }
  | { kind: "help"; text: string };
