// Shop, locations, products, variants, collections and inventory: views over rows plus resolvers.
import type { EmulatorStore, Row } from "../store/store";
import { compileSearch, type ResourceSearch } from "../store/search";
import { listConnection, rootConnection, type RootConnectionSpec } from "./connection";
import { metafieldFields } from "./metafields";
import { CONNECTION_ARGS, count, gid, idOf, money, notImplemented, parseGid, parseJson, type Resolvers } from "./util";

// ---- views: rows → objects whose plain properties are the schema's scalar fields --------------

export function shopView(row: Row) {
  return {
    __typename: "Shop",
    _row: row,
    id: gid("Shop", 1),
    name: row.name,
    email: row.email,
    contactEmail: row.email,
    myshopifyDomain: row.domain,
    url: `https://${row.domain}`,
    currencyCode: row.currency_code,
    ianaTimezone: row.iana_timezone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    enabledPresentmentCurrencies: [row.currency_code],
    taxesIncluded: false,
    taxShipping: false,
  };
}

export function locationView(row: Row) {
  return {
    __typename: "Location",
    _row: row,
    id: gid("Location", row.id),
    legacyResourceId: String(row.id),
    name: row.name,
    isActive: true,
    activatable: false,
    deactivatable: false,
    deletable: false,
    fulfillsOnlineOrders: true,
    shipsInventory: true,
    hasActiveInventory: true,
    isFulfillmentService: false,
    createdAt: row.created_at,
    updatedAt: row.created_at,
    deactivatedAt: null,
    address: {
      city: row.city,
      countryCode: row.country_code,
      country: row.country_code,
      formatted: [row.city, row.country_code],
      address1: null,
      address2: null,
      province: null,
      provinceCode: null,
      zip: null,
      phone: null,
      latitude: null,
      longitude: null,
    },
  };
}

export function productView(row: Row) {
  return {
    __typename: "Product",
    _row: row,
    id: gid("Product", row.id),
    legacyResourceId: String(row.id),
    title: row.title,
    handle: row.handle,
    descriptionHtml: row.description_html,
    vendor: row.vendor,
    productType: row.product_type,
    tags: parseJson<string[]>(row.tags, []),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.status === "ACTIVE" ? row.created_at : null,
    isGiftCard: false,
    tracksInventory: true,
    requiresSellingPlan: false,
    templateSuffix: null,
    seo: { title: row.seo_title, description: row.seo_description },
  };
}

export function variantView(row: Row, currency: string) {
  return {
    __typename: "ProductVariant",
    _row: row,
    id: gid("ProductVariant", row.id),
    legacyResourceId: String(row.id),
    title: row.title,
    sku: row.sku,
    price: (Number(row.price_cents) / 100).toFixed(2),
    compareAtPrice: row.compare_at_price_cents == null ? null : (Number(row.compare_at_price_cents) / 100).toFixed(2),
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    barcode: null,
    inventoryPolicy: "DENY",
    taxable: true,
    requiresComponents: false,
    showUnitPrice: false,
    selectedOptions: parseJson<{ name: string; value: string }[]>(row.options, []),
    _currency: currency,
  };
}

export function inventoryItemView(row: Row, currency: string) {
  return {
    __typename: "InventoryItem",
    _row: row,
    id: gid("InventoryItem", row.inventory_item_id),
    legacyResourceId: String(row.inventory_item_id),
    sku: row.sku,
    tracked: true,
    requiresShipping: true,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    unitCost: row.unit_cost_cents == null ? null : money(Number(row.unit_cost_cents), currency),
    harmonizedSystemCode: null,
    countryCodeOfOrigin: null,
    provinceCodeOfOrigin: null,
  };
}

export function inventoryLevelView(row: Row) {
  return {
    __typename: "InventoryLevel",
    _row: row,
    id: `gid://shopify/InventoryLevel/${row.location_id}?inventory_item_id=${row.inventory_item_id}`,
    isActive: true,
    canDeactivate: false,
    deactivationAlert: null,
    createdAt: row.updated_at,
    updatedAt: row.updated_at,
  };
}

export function collectionView(row: Row) {
  return {
    __typename: "Collection",
    _row: row,
    id: gid("Collection", row.id),
    legacyResourceId: String(row.id),
    handle: row.handle,
    title: row.title,
    updatedAt: row.updated_at,
    description: "",
    descriptionHtml: "",
    sortOrder: "MANUAL",
    templateSuffix: null,
    seo: { title: null, description: null },
  };
}

// ---- loaders ---------------------------------------------------------------------------------

const VARIANT_SQL = "SELECT * FROM variants WHERE id = ?";

export function loadProduct(store: EmulatorStore, id: number) {
  const row = store.one("SELECT * FROM products WHERE id = ?", id);
  return row ? productView(row) : null;
}
export function loadVariant(store: EmulatorStore, id: number) {
  const row = store.one(VARIANT_SQL, id);
  return row ? variantView(row, store.currency()) : null;
}
export function loadInventoryItem(store: EmulatorStore, itemId: number) {
  const row = store.one("SELECT * FROM variants WHERE inventory_item_id = ?", itemId);
  return row ? inventoryItemView(row, store.currency()) : null;
}
export function loadLocation(store: EmulatorStore, id: number) {
  const row = store.one("SELECT * FROM locations WHERE id = ?", id);
  return row ? locationView(row) : null;
}
export function loadCollection(store: EmulatorStore, id: number) {
  const row = store.one("SELECT * FROM collections WHERE id = ?", id);
  return row ? collectionView(row) : null;
}
export function loadInventoryLevelByGid(store: EmulatorStore, value: string) {
  const p = parseGid(value);
  const itemId = Number(p?.params.get("inventory_item_id"));
  if (!p || p.type !== "InventoryLevel" || !itemId) return null;
  const row = store.inventoryLevel(itemId, p.id);
  return row ? inventoryLevelView(row) : null;
}

// ---- search specs ----------------------------------------------------------------------------

const STATUS_VALUES = { active: "ACTIVE", draft: "DRAFT", archived: "ARCHIVED" };

export const productSearch: ResourceSearch = {
  resource: "products",
  defaultField: "title",
  fields: {
    id: { kind: "number", expr: "p.id" },
    title: { kind: "text", expr: "p.title" },
    handle: { kind: "exact", expr: "p.handle" },
    vendor: { kind: "exact", expr: "p.vendor" },
    product_type: { kind: "exact", expr: "p.product_type" },
    status: { kind: "enum", expr: "p.status", values: STATUS_VALUES },
    tag: { kind: "tag", expr: "p.tags" },
    created_at: { kind: "date", expr: "p.created_at" },
    updated_at: { kind: "date", expr: "p.updated_at" },
    sku: {
      kind: "exact",
      expr: "",
      compile: (op, v) => ({
        sql: `EXISTS (SELECT 1 FROM variants sv WHERE sv.product_id = p.id AND sv.sku ${op === "=" ? "=" : op} ?)`,
        params: [v],
      }),
    },
  },
};

const productSpec: RootConnectionSpec = {
  from: "products p",
  idExpr: "p.id",
  search: productSearch,
  sortKeys: {
    ID: "p.id",
    TITLE: "p.title",
    CREATED_AT: "p.created_at",
    UPDATED_AT: "p.updated_at",
    VENDOR: "p.vendor",
    PRODUCT_TYPE: "p.product_type",
  },
};

export const variantSearch: ResourceSearch = {
  resource: "productVariants",
  defaultField: "title",
  fields: {
    id: { kind: "number", expr: "v.id" },
    sku: { kind: "exact", expr: "v.sku" },
    title: { kind: "text", expr: "v.title" },
    product_id: { kind: "number", expr: "v.product_id" },
    inventory_item_id: { kind: "number", expr: "v.inventory_item_id" },
    created_at: { kind: "date", expr: "v.created_at" },
    updated_at: { kind: "date", expr: "v.updated_at" },
    product_status: {
      kind: "enum",
      expr: "(SELECT status FROM products WHERE id = v.product_id)",
      values: STATUS_VALUES,
    },
  },
};
const variantSpec: RootConnectionSpec = {
  from: "variants v",
  idExpr: "v.id",
  search: variantSearch,
  sortKeys: { ID: "v.id", SKU: "v.sku", TITLE: "v.title", POSITION: "v.position" },
};

const inventoryItemSpec: RootConnectionSpec = {
  from: "variants v",
  idExpr: "v.inventory_item_id",
  search: {
    resource: "inventoryItems",
    defaultField: "sku",
    fields: {
      id: { kind: "number", expr: "v.inventory_item_id" },
      sku: { kind: "exact", expr: "v.sku" },
      created_at: { kind: "date", expr: "v.created_at" },
      updated_at: { kind: "date", expr: "v.updated_at" },
    },
  },
  sortKeys: { ID: "v.inventory_item_id" },
};

const collectionSpec: RootConnectionSpec = {
  from: "collections c",
  idExpr: "c.id",
  search: {
    resource: "collections",
    defaultField: "title",
    fields: {
      id: { kind: "number", expr: "c.id" },
      title: { kind: "text", expr: "c.title" },
      handle: { kind: "exact", expr: "c.handle" },
      updated_at: { kind: "date", expr: "c.updated_at" },
    },
  },
  sortKeys: { ID: "c.id", TITLE: "c.title", UPDATED_AT: "c.updated_at" },
};

const locationSpec: RootConnectionSpec = {
  from: "locations l",
  idExpr: "l.id",
  search: {
    resource: "locations",
    defaultField: "name",
    fields: {
      id: { kind: "number", expr: "l.id" },
      name: { kind: "text", expr: "l.name" },
    },
  },
  sortKeys: { ID: "l.id", NAME: "l.name" },
};

const QUANTITY_NAMES = [
  "available",
  "on_hand",
  "committed",
  "incoming",
  "reserved",
  "damaged",
  "safety_stock",
  "quality_control",
];

function quantityOf(row: Row, name: string): number {
  switch (name) {
    case "available":
      return Number(row.available);
    case "on_hand":
      return Number(row.on_hand);
    case "committed":
      return Number(row.on_hand) - Number(row.available);
    default:
      return 0; // the emulator keeps no incoming/reserved/damaged/safety/quality stock
  }
}

function variantsOf(store: EmulatorStore, productId: number): Row[] {
  return store.all("SELECT * FROM variants WHERE product_id = ? ORDER BY position", productId);
}

function availableOfItem(store: EmulatorStore, itemId: number): number {
  return Number(
    store.one("SELECT COALESCE(SUM(available), 0) AS n FROM inventory_levels WHERE inventory_item_id = ?", itemId)!.n,
  );
}

const withConn = (extra: string[] = []) => [...CONNECTION_ARGS, ...extra];

export const catalogResolvers: Resolvers = {
  QueryRoot: {
    shop: (_p, _a, ctx) => shopView(ctx.store.shop()),
    products: {
      args: withConn(["query", "sortKey"]),
      resolve: (_p, a, ctx, info) => rootConnection(ctx, info, productSpec, a, productView),
    },
    productsCount: {
      args: ["query", "limit"],
      resolve: (_p, a, ctx) => countOf(ctx.store, productSpec, a.query, a.limit),
    },
    product: { args: ["id"], resolve: (_p, a, ctx) => withId(a.id, "Product", (id) => loadProduct(ctx.store, id)) },
    productByHandle: {
      args: ["handle"],
      resolve: (_p, a, ctx) => {
        const row = ctx.store.one("SELECT * FROM products WHERE handle = ?", a.handle);
        return row ? productView(row) : null;
      },
    },
    productVariants: {
      args: withConn(["query", "sortKey"]),
      resolve: (_p, a, ctx, info) =>
        rootConnection(ctx, info, variantSpec, a, (r) => variantView(r, ctx.store.currency())),
    },
    productVariantsCount: {
      args: ["query", "limit"],
      resolve: (_p, a, ctx) => countOf(ctx.store, variantSpec, a.query, a.limit),
    },
    productVariant: {
      args: ["id"],
      resolve: (_p, a, ctx) => withId(a.id, "ProductVariant", (id) => loadVariant(ctx.store, id)),
    },
    collections: {
      args: withConn(["query", "sortKey"]),
      resolve: (_p, a, ctx, info) => rootConnection(ctx, info, collectionSpec, a, collectionView),
    },
    collection: {
      args: ["id"],
      resolve: (_p, a, ctx) => withId(a.id, "Collection", (id) => loadCollection(ctx.store, id)),
    },
    locations: {
      args: withConn(["query", "sortKey"]),
      resolve: (_p, a, ctx, info) => rootConnection(ctx, info, locationSpec, a, locationView),
    },
    location: {
      args: ["id"],
      resolve: (_p, a, ctx) => {
        if (a.id == null) {
          const row = ctx.store.one("SELECT * FROM locations ORDER BY id LIMIT 1");
          return row ? locationView(row) : null;
        }
        return withId(a.id, "Location", (id) => loadLocation(ctx.store, id));
      },
    },
    inventoryItems: {
      args: withConn(["query"]),
      resolve: (_p, a, ctx, info) =>
        rootConnection(ctx, info, inventoryItemSpec, a, (r) => inventoryItemView(r, ctx.store.currency())),
    },
    inventoryItem: {
      args: ["id"],
      resolve: (_p, a, ctx) => withId(a.id, "InventoryItem", (id) => loadInventoryItem(ctx.store, id)),
    },
    inventoryLevel: { args: ["id"], resolve: (_p, a, ctx) => loadInventoryLevelByGid(ctx.store, a.id) },
  },
  Shop: {
    ...metafieldFields("SHOP", () => 1),
  },
  Location: {
    inventoryLevels: {
      args: withConn(["query"]),
      resolve: (loc, a, ctx) => {
        if (a.query) throw notImplemented("Argument 'query' on field 'Location.inventoryLevels'");
        const rows = ctx.store.all(
          "SELECT * FROM inventory_levels WHERE location_id = ? ORDER BY inventory_item_id",
          loc._row.id,
        );
        return listConnection(ctx, rows, (r) => Number(r.inventory_item_id), a, inventoryLevelView);
      },
    },
    inventoryLevel: {
      args: ["inventoryItemId"],
      resolve: (loc, a, ctx) => {
        const itemId = idOf(a.inventoryItemId, "InventoryItem");
        const row = itemId == null ? undefined : ctx.store.inventoryLevel(itemId, loc._row.id);
        return row ? inventoryLevelView(row) : null;
      },
    },
    ...metafieldFields("LOCATION", (l) => l._row.id),
  },
  Product: {
    description: {
      args: ["truncateAt"],
      resolve: (p, a) => {
        const text = String(p.descriptionHtml)
          .replace(/<[^>]*>/g, "")
          .replace(/\s+/g, " ")
          .trim();
        return a.truncateAt != null && text.length > a.truncateAt ? text.slice(0, a.truncateAt) + "…" : text;
      },
    },
    variants: {
      args: withConn(),
      resolve: (p, a, ctx) =>
        listConnection(
          ctx,
          variantsOf(ctx.store, p._row.id),
          (r) => Number(r.id),
          a,
          (r) => variantView(r, ctx.store.currency()),
        ),
    },
    variantsCount: (p, _a, ctx) =>
      count(Number(ctx.store.one("SELECT COUNT(*) AS n FROM variants WHERE product_id = ?", p._row.id)!.n)),
    hasOnlyDefaultVariant: (p, _a, ctx) => {
      const vs = variantsOf(ctx.store, p._row.id);
      return vs.length === 1 && vs[0].title === "Default Title";
    },
    totalInventory: (p, _a, ctx) =>
      Number(
        ctx.store.one(
          "SELECT COALESCE(SUM(il.available), 0) AS n FROM variants v " +
            "JOIN inventory_levels il ON il.inventory_item_id = v.inventory_item_id WHERE v.product_id = ?",
          p._row.id,
        )!.n,
      ),
    hasOutOfStockVariants: (p, _a, ctx) =>
      variantsOf(ctx.store, p._row.id).some((v) => availableOfItem(ctx.store, Number(v.inventory_item_id)) <= 0),
    priceRangeV2: (p, _a, ctx) => {
      const r = ctx.store.one(
        "SELECT MIN(price_cents) AS lo, MAX(price_cents) AS hi FROM variants WHERE product_id = ?",
        p._row.id,
      )!;
      const cur = ctx.store.currency();
      return { minVariantPrice: money(Number(r.lo ?? 0), cur), maxVariantPrice: money(Number(r.hi ?? 0), cur) };
    },
    options: {
      args: ["first"],
      resolve: (p, a, ctx) => {
        const names: string[] = [];
        const values = new Map<string, string[]>();
        for (const v of variantsOf(ctx.store, p._row.id)) {
          for (const o of parseJson<{ name: string; value: string }[]>(v.options, [])) {
            if (!values.has(o.name)) {
              names.push(o.name);
              values.set(o.name, []);
            }
            if (!values.get(o.name)!.includes(o.value)) values.get(o.name)!.push(o.value);
          }
        }
        if (names.length === 0) {
          names.push("Title");
          values.set("Title", ["Default Title"]);
        }
        return names.slice(0, a.first ?? names.length).map((name, i) => ({
          __typename: "ProductOption",
          id: gid("ProductOption", p._row.id * 10 + i + 1),
          name,
          position: i + 1,
          values: values.get(name),
        }));
      },
    },
    featuredMedia: (p) =>
      p._row.image_url == null
        ? null
        : {
            __typename: "MediaImage",
            id: gid("MediaImage", p._row.id),
            alt: p.title,
            mediaContentType: "IMAGE",
            status: "READY",
            image: {
              url: p._row.image_url,
              altText: p.title,
              width: null,
              height: null,
              id: gid("ImageSource", p._row.id),
            },
            preview: { image: { url: p._row.image_url, altText: p.title, width: null, height: null }, status: "READY" },
          },
    collections: {
      args: withConn(),
      resolve: (p, a, ctx) =>
        listConnection(
          ctx,
          ctx.store.all(
            "SELECT c.* FROM collections c JOIN collection_products cp ON cp.collection_id = c.id WHERE cp.product_id = ? ORDER BY c.id",
            p._row.id,
          ),
          (r) => Number(r.id),
          a,
          collectionView,
        ),
    },
    inCollection: {
      args: ["id"],
      resolve: (p, a, ctx) =>
        Boolean(
          ctx.store.one(
            "SELECT 1 AS x FROM collection_products WHERE collection_id = ? AND product_id = ?",
            idOf(a.id, "Collection") ?? -1,
            p._row.id,
          ),
        ),
    },
    ...metafieldFields("PRODUCT", (p) => p._row.id),
  },
  ProductVariant: {
    product: (v, _a, ctx) => loadProduct(ctx.store, v._row.product_id),
    displayName: (v, _a, ctx) =>
      `${ctx.store.one("SELECT title FROM products WHERE id = ?", v._row.product_id)?.title} - ${v.title}`,
    inventoryItem: (v) => inventoryItemView(v._row, v._currency),
    inventoryQuantity: (v, _a, ctx) => availableOfItem(ctx.store, v._row.inventory_item_id),
    sellableOnlineQuantity: (v, _a, ctx) => availableOfItem(ctx.store, v._row.inventory_item_id),
    availableForSale: (v, _a, ctx) => availableOfItem(ctx.store, v._row.inventory_item_id) > 0,
    ...metafieldFields("PRODUCTVARIANT", (v) => v._row.id),
  },
  InventoryItem: {
    variant: (it, _a, ctx) => variantView(it._row, ctx.store.currency()),
    variants: {
      args: withConn(),
      resolve: (it, a, ctx) =>
        listConnection(
          ctx,
          [it._row],
          (r) => Number(r.id),
          a,
          (r) => variantView(r, ctx.store.currency()),
        ),
    },
    duplicateSkuCount: (it, _a, ctx) =>
      Number(ctx.store.one("SELECT COUNT(*) - 1 AS n FROM variants WHERE sku = ?", it.sku)!.n),
    locationsCount: (it, _a, ctx) =>
      count(
        Number(
          ctx.store.one(
            "SELECT COUNT(*) AS n FROM inventory_levels WHERE inventory_item_id = ?",
            it._row.inventory_item_id,
          )!.n,
        ),
      ),
    inventoryLevels: {
      args: withConn(["query"]),
      resolve: (it, a, ctx) => {
        if (a.query) throw notImplemented("Argument 'query' on field 'InventoryItem.inventoryLevels'");
        const rows = ctx.store.all(
          "SELECT * FROM inventory_levels WHERE inventory_item_id = ? ORDER BY location_id",
          it._row.inventory_item_id,
        );
        return listConnection(ctx, rows, (r) => Number(r.location_id), a, inventoryLevelView);
      },
    },
    inventoryLevel: {
      args: ["locationId"],
      resolve: (it, a, ctx) => {
        const loc = idOf(a.locationId, "Location");
        const row = loc == null ? undefined : ctx.store.inventoryLevel(it._row.inventory_item_id, loc);
        return row ? inventoryLevelView(row) : null;
      },
    },
  },
  InventoryLevel: {
    item: (l, _a, ctx) => loadInventoryItem(ctx.store, l._row.inventory_item_id),
    location: (l, _a, ctx) => loadLocation(ctx.store, l._row.location_id),
    quantities: {
      args: ["names"],
      resolve: (l, a) =>
        (a.names as string[]).map((name) => {
          if (!QUANTITY_NAMES.includes(name)) {
            throw new Error(`Quantity name "${name}" is not valid; use one of ${QUANTITY_NAMES.join(", ")}`);
          }
          return {
            __typename: "InventoryQuantity",
            name,
            quantity: quantityOf(l._row, name),
            updatedAt: l._row.updated_at,
            id: `gid://shopify/InventoryQuantity/${l._row.location_id}?inventory_item_id=${l._row.inventory_item_id}&name=${name}`,
          };
        }),
    },
  },
  Collection: {
    products: {
      args: withConn(),
      resolve: (c, a, ctx) =>
        listConnection(
          ctx,
          ctx.store.all(
            "SELECT p.* FROM products p JOIN collection_products cp ON cp.product_id = p.id WHERE cp.collection_id = ? ORDER BY cp.position",
            c._row.id,
          ),
          (r) => Number(r.id),
          a,
          productView,
        ),
    },
    productsCount: (c, _a, ctx) =>
      count(
        Number(ctx.store.one("SELECT COUNT(*) AS n FROM collection_products WHERE collection_id = ?", c._row.id)!.n),
      ),
    hasProduct: {
      args: ["id"],
      resolve: (c, a, ctx) =>
        Boolean(
          ctx.store.one(
            "SELECT 1 AS x FROM collection_products WHERE collection_id = ? AND product_id = ?",
            c._row.id,
            idOf(a.id, "Product") ?? -1,
          ),
        ),
    },
    ...metafieldFields("COLLECTION", (c) => c._row.id),
  },
};

/** Looks up by GID; a GID of another type or a malformed one finds nothing, like Shopify. */
export function withId<T>(value: string, type: string, load: (id: number) => T | null): T | null {
  const id = idOf(value, type);
  return id == null ? null : load(id);
}

export function countOf(
  store: EmulatorStore,
  spec: RootConnectionSpec,
  query: string | null | undefined,
  limit?: number | null,
) {
  const where = [...(spec.where ?? [])];
  const s = compileSearch(query, spec.search);
  if (s) where.push(s);
  const clause = where.length ? `WHERE ${where.map((w) => `(${w.sql})`).join(" AND ")}` : "";
  const n = Number(store.one(`SELECT COUNT(*) AS n FROM ${spec.from} ${clause}`, ...where.flatMap((w) => w.params))!.n);
  if (limit != null && n > limit) return { count: limit, precision: "AT_LEAST" };
  return count(n);
}
