// Metafields on any HasMetafields owner, and the metafieldsSet mutation.
import { createHash } from "node:crypto";
import type { EmulatorStore, Row } from "../store/store";
import { listConnection } from "./connection";
import { CONNECTION_ARGS, gid, parseGid, rejectUnknownInput, type FieldDef, type UserError } from "./util";
import type { Loose } from "../loose";

/** Metafield owner GID type → MetafieldOwnerType and the table holding the owner. */
const OWNERS: Record<string, { ownerType: string; table: string }> = {
  Product: { ownerType: "PRODUCT", table: "products" },
  ProductVariant: { ownerType: "PRODUCTVARIANT", table: "variants" },
  Collection: { ownerType: "COLLECTION", table: "collections" },
  Customer: { ownerType: "CUSTOMER", table: "customers" },
  Order: { ownerType: "ORDER", table: "orders" },
  Location: { ownerType: "LOCATION", table: "locations" },
  Shop: { ownerType: "SHOP", table: "shop" },
};
const GID_TYPE_OF_OWNER = Object.fromEntries(Object.entries(OWNERS).map(([t, o]) => [o.ownerType, t]));

/** Namespace Shopify gives metafields set without one: the calling app's reserved namespace. */
export const APP_NAMESPACE = "$app";

export function metafieldView(row: Row) {
  return {
    __typename: "Metafield",
    _row: row,
    id: gid("Metafield", row.id),
    legacyResourceId: String(row.id),
    namespace: row.namespace,
    key: row.key,
    type: row.type,
    value: row.value,
    ownerType: row.owner_type,
    jsonValue: jsonValueOf(String(row.type), String(row.value)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    compareDigest: createHash("sha256").update(String(row.value)).digest("hex"),
    sizeInBytes: Buffer.byteLength(String(row.value)),
    definition: null,
    reference: null,
  };
}

function jsonValueOf(type: string, value: string): unknown {
  if (
    type === "json" ||
    type.startsWith("list.") ||
    type === "money" ||
    type === "rating" ||
    type === "dimension" ||
    type === "weight" ||
    type === "volume"
  )
    return JSON.parse(value);
  if (type === "number_integer") return Number(value);
  if (type === "number_decimal") return value;
  if (type === "boolean") return value === "true";
  return value;
}

/** The `metafield` and `metafields` fields of an owner type. */
export function metafieldFields(ownerType: string, ownerId: (parent: Loose) => number): Record<string, FieldDef> {
  return {
    metafield: {
      args: ["namespace", "key"],
      resolve: (p, a, ctx) => {
        const row = ctx.store.one(
          "SELECT * FROM metafields WHERE owner_type = ? AND owner_id = ? AND namespace = ? AND key = ?",
          ownerType,
          ownerId(p),
          a.namespace ?? APP_NAMESPACE,
          a.key,
        );
        return row ? metafieldView(row) : null;
      },
    },
    metafields: {
      args: [...CONNECTION_ARGS, "namespace", "keys"],
      resolve: (p, a, ctx) => {
        let rows = ctx.store.all(
          "SELECT * FROM metafields WHERE owner_type = ? AND owner_id = ? ORDER BY id",
          ownerType,
          ownerId(p),
        );
        if (a.namespace != null) rows = rows.filter((r) => r.namespace === a.namespace);
        if (a.keys != null) rows = rows.filter((r) => (a.keys as string[]).includes(`${r.namespace}.${r.key}`));
        return listConnection(ctx, rows, (r) => Number(r.id), a, metafieldView);
      },
    },
  };
}

export const METAFIELD_TYPES = [
  "single_line_text_field",
  "multi_line_text_field",
  "number_integer",
  "number_decimal",
  "boolean",
  "json",
  "date",
  "date_time",
  "url",
  "color",
  "money",
  "rating",
];

function valueProblem(type: string, value: string): string | null {
  switch (type) {
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "json":
    case "money":
    case "rating":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Value is invalid JSON.";
      }
    case "date":
      return /^\d{4}-\d\d-\d\d$/.test(value) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return Number.isNaN(Date.parse(value)) ? "Value must be in ISO 8601 date and time format." : null;
    case "url":
      return /^(https?|mailto|sms|tel):/.test(value) ? null : "Value must be a valid URL.";
    case "single_line_text_field":
      return value.includes("\n") ? "Value must be a single line text string." : null;
    default:
      return null;
  }
}

export function ownerExists(store: EmulatorStore, ownerGid: string): { ownerType: string; id: number } | null {
  const p = parseGid(ownerGid);
  const owner = p && OWNERS[p.type];
  if (!p || !owner) return null;
  const row = store.one(`SELECT 1 AS x FROM ${owner.table} WHERE id = ?`, p.id);
  return row ? { ownerType: owner.ownerType, id: p.id } : null;
}

export function ownerView(store: EmulatorStore, ownerType: string, id: number, load: (gidValue: string) => unknown) {
  return load(gid(GID_TYPE_OF_OWNER[ownerType], id));
}

/** metafieldsSet: all-or-nothing, like Shopify (no metafield is written when any input is invalid). */
export function metafieldsSet(store: EmulatorStore, inputs: Record<string, Loose>[]) {
  const userErrors: (UserError & { elementIndex: number | null })[] = [];
  const err = (i: number, field: string, message: string, code: string) =>
    userErrors.push({ field: ["metafields", String(i), field], message, code, elementIndex: i });
  if (inputs.length > 25) {
    userErrors.push({
      field: ["metafields"],
      message: "Exceeded the maximum metafields input limit of 25.",
      code: "LESS_THAN_OR_EQUAL_TO",
      elementIndex: null,
    });
    return { metafields: null, userErrors };
  }
  const resolved = inputs.map((m, i) => {
    rejectUnknownInput(m, "MetafieldsSetInput", ["ownerId", "namespace", "key", "type", "value", "compareDigest"]);
    const owner = ownerExists(store, m.ownerId);
    if (!owner) {
      err(i, "ownerId", "Owner does not exist.", "INVALID");
      return null;
    }
    const namespace = m.namespace ?? APP_NAMESPACE;
    if (String(m.key).length < 2) err(i, "key", "Key is too short (minimum is 2 characters)", "TOO_SHORT");
    const existing = store.one(
      "SELECT * FROM metafields WHERE owner_type = ? AND owner_id = ? AND namespace = ? AND key = ?",
      owner.ownerType,
      owner.id,
      namespace,
      m.key,
    );
    const type = m.type ?? existing?.type;
    if (!type) {
      err(i, "type", "Type can't be blank", "BLANK");
      return null;
    }
    if (!METAFIELD_TYPES.includes(type)) {
      err(
        i,
        "type",
        `Type '${type}' is not a metafield type the emulator knows; use one of ${METAFIELD_TYPES.join(", ")}`,
        "INVALID_TYPE",
      );
      return null;
    }
    const problem = valueProblem(type, String(m.value));
    if (problem) err(i, "value", problem, "INVALID_VALUE");
    if (m.compareDigest != null) {
      const current = existing ? createHash("sha256").update(String(existing.value)).digest("hex") : null;
      if (current !== m.compareDigest)
        err(i, "compareDigest", "The resource has been updated since it was loaded.", "STALE_OBJECT");
    }
    return { owner, namespace, key: String(m.key), type: String(type), value: String(m.value) };
  });
  if (userErrors.length) return { metafields: [], userErrors };
  const rows = store.transaction(() =>
    resolved.map((r) => store.setMetafield(r!.owner.ownerType, r!.owner.id, r!.namespace, r!.key, r!.type, r!.value)),
  );
  for (const r of resolved) {
    if (r!.owner.ownerType === "PRODUCT") store.announceProductUpdate(r!.owner.id);
  }
  return { metafields: rows.map(metafieldView), userErrors };
}
