// Supplier connectors (dropshipping catalogues). The interface is what research tools call; the AutoDS and
// Spocket classes are honest placeholders: neither vendor publishes a public product/pricing API, so
//   - without credentials they answer { ok: false, reason: "not_configured", message } naming the env vars;
//   - with credentials they answer { ok: false, reason: "not_implemented", message } until a client for the
//     vendor's partner API is written against its real documentation.
// They never return invented products, prices or shipping quotes.

export interface SupplierSearchQuery {
  /** Free-text keywords, e.g. "magnetic phone mount". */
  keywords: string;
  /** ISO 3166-1 alpha-2 destination, for shipping-aware results. */
  shipTo?: string;
  maxResults?: number;
}

export interface SupplierProduct {
  supplier: string;
  supplierProductId: string;
  title: string;
  /** Supplier's unit price to us, in `currency`. */
  unitCost: number;
  currency: string;
  url?: string;
}

export interface SupplierOffer {
  supplier: string;
  supplierProductId: string;
  unitCost: number;
  shippingCost: number;
  currency: string;
  /** Delivery estimate in days, [min, max]. */
  shippingDays: [number, number] | null;
  shipTo: string;
}

export type SupplierResult<T> =
  | { ok: true; data: T }
  | { ok: false; reason: "not_configured" | "not_implemented" | "provider_error"; message: string };

export interface SupplierConnector {
  readonly name: string;
  /** Environment variables this connector reads. */
  readonly envVars: readonly string[];
  isConfigured(): boolean;
  searchProducts(query: SupplierSearchQuery): Promise<SupplierResult<SupplierProduct[]>>;
  getSupplierOffer(supplierProductId: string, shipTo: string): Promise<SupplierResult<SupplierOffer>>;
}

type Env = Record<string, string | undefined>;

abstract class UnimplementedVendorConnector implements SupplierConnector {
  abstract readonly name: string;
  abstract readonly envVars: readonly string[];
  protected abstract readonly signupHint: string;
  constructor(private readonly env: Env = process.env) {}

  isConfigured(): boolean {
    return this.envVars.every((v) => Boolean(this.env[v]));
  }

  private unavailable<T>(): SupplierResult<T> {
    if (!this.isConfigured()) {
      const missing = this.envVars.filter((v) => !this.env[v]);
      return {
        ok: false,
        reason: "not_configured",
        message: `${this.name} is not configured: set ${missing.join(" and ")} (${this.signupHint})`,
      };
    }
    return {
      ok: false,
      reason: "not_implemented",
      message: `${this.name} credentials are set, but no API client exists yet: ${this.name} has no public product API; implement this connector against its partner API documentation`,
    };
  }

  async searchProducts(query: SupplierSearchQuery): Promise<SupplierResult<SupplierProduct[]>> {
    if (typeof query?.keywords !== "string" || query.keywords.trim() === "")
      throw new Error("searchProducts: query.keywords must be a non-empty string");
    return this.unavailable();
  }

  async getSupplierOffer(supplierProductId: string, shipTo: string): Promise<SupplierResult<SupplierOffer>> {
    if (typeof supplierProductId !== "string" || supplierProductId === "")
      throw new Error("getSupplierOffer: supplierProductId must be a non-empty string");
    if (typeof shipTo !== "string" || !/^[A-Z]{2}$/.test(shipTo))
      throw new Error(`getSupplierOffer: shipTo must be an ISO country code like "US", got ${JSON.stringify(shipTo)}`);
    return this.unavailable();
  }
}

/** AutoDS. Env: AUTODS_API_KEY (partner API key issued by AutoDS). */
export class AutoDsConnector extends UnimplementedVendorConnector {
  readonly name = "AutoDS";
  readonly envVars = ["AUTODS_API_KEY"] as const;
  protected readonly signupHint = "an API key from AutoDS partner support";
}

/** Spocket. Env: SPOCKET_API_KEY (partner API key issued by Spocket). */
export class SpocketConnector extends UnimplementedVendorConnector {
  readonly name = "Spocket";
  readonly envVars = ["SPOCKET_API_KEY"] as const;
  protected readonly signupHint = "an API key from Spocket partner support";
}

export function supplierConnectors(env: Env = process.env): SupplierConnector[] {
  return [new AutoDsConnector(env), new SpocketConnector(env)];
}
