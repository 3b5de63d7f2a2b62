// Shopify's search syntax (the `query:` argument) compiled to SQL for the fields the emulator knows.
// Supported: `field:value`, comparisons `field:>=v` `:>` `:<` `:<=`, negation `-field:v` / `NOT`,
// `OR` between terms (AND binds tighter, as in Shopify), implicit AND, quoted values, comma lists
// `status:active,draft`, prefix `value*`, backslash escapes inside quotes (`"a \"b\""`), and bare
// words searched in the resource's default field.
// An unknown field is an error naming it rather than Shopify's silent "ignored" warning.

export type FieldKind = "text" | "exact" | "number" | "date" | "tag" | "enum";

export interface FieldSpec {
  kind: FieldKind;
  /** SQL expression compared with the value. */
  expr: string;
  /** For enum: maps the lower-cased search value to the stored value (or an SQL condition). */
  values?: Record<string, string | { sql: string }>;
  /** Custom compilation (e.g. `sku:` on products looks into variants). */
  compile?: (op: Op, value: string) => SqlPart;
}

export interface ResourceSearch {
  resource: string;
  fields: Record<string, FieldSpec>;
  /** Field searched by bare words. */
  defaultField: string;
}

export type Op = "=" | ">" | ">=" | "<" | "<=";
export interface SqlPart {
  sql: string;
  params: (string | number)[];
}

export class SearchSyntaxError extends Error {}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let cur = "";
  let quote: string | null = null;
  let escaped = false;
  for (const ch of query) {
    if (quote) {
      // Inside quotes a backslash escapes the next character (\" and \\), as in Shopify's syntax.
      if (escaped) {
        cur += ch;
        escaped = false;
      } else if (ch === "\\") escaped = true;
      else if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (/\s/.test(ch)) {
      if (cur) tokens.push(cur);
      cur = "";
    } else {
      cur += ch;
    }
  }
  if (quote) throw new SearchSyntaxError(`Unterminated quote in query "${query}"`);
  if (cur) tokens.push(cur);
  return tokens;
}

const ID_FROM_GID = /^gid:\/\/shopify\/\w+\/(\d+)/;

function normaliseDate(value: string): string {
  if (/^\d{4}-\d\d-\d\d$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw new SearchSyntaxError(
      `Date "${value}" in query is not ISO-8601 (send e.g. 2026-01-31 or 2026-01-31T12:00:00Z)`,
    );
  }
  return d.toISOString().slice(0, 19) + "Z";
}

function compileTerm(spec: FieldSpec, field: string, op: Op, raw: string, resource: string): SqlPart {
  if (spec.compile) return spec.compile(op, raw);
  const alternatives = raw.split(",").filter(Boolean);
  if (alternatives.length > 1) {
    if (op !== "=") throw new SearchSyntaxError(`Comparison ${op} cannot take a list in "${field}:${raw}"`);
    const parts = alternatives.map((v) => compileTerm(spec, field, op, v, resource));
    return { sql: `(${parts.map((p) => p.sql).join(" OR ")})`, params: parts.flatMap((p) => p.params) };
  }
  const prefix = raw.endsWith("*");
  const value = prefix ? raw.slice(0, -1) : raw;
  switch (spec.kind) {
    case "text":
    case "exact": {
      if (op !== "=") return { sql: `${spec.expr} ${op} ?`, params: [value] };
      if (prefix) return { sql: `${spec.expr} LIKE ? ESCAPE '\\'`, params: [likeEscape(value) + "%"] };
      if (spec.kind === "text")
        return { sql: `${spec.expr} LIKE ? ESCAPE '\\'`, params: ["%" + likeEscape(value) + "%"] };
      return { sql: `${spec.expr} = ? COLLATE NOCASE`, params: [value] };
    }
    case "number": {
      const n = Number(ID_FROM_GID.exec(value)?.[1] ?? value);
      if (!Number.isFinite(n)) throw new SearchSyntaxError(`"${field}" takes a number, got "${value}"`);
      return { sql: `${spec.expr} ${op} ?`, params: [n] };
    }
    case "date":
      return { sql: `${spec.expr} ${op} ?`, params: [normaliseDate(value)] };
    case "tag":
      return {
        sql: `EXISTS (SELECT 1 FROM json_each(${spec.expr}) WHERE json_each.value = ? COLLATE NOCASE)`,
        params: [value],
      };
    case "enum": {
      const mapped = spec.values?.[value.toLowerCase()];
      if (mapped === undefined) {
        throw new SearchSyntaxError(
          `"${field}:${value}" is not a value the emulator knows for ${resource}; use one of ${Object.keys(spec.values ?? {}).join(", ")}`,
        );
      }
      if (typeof mapped === "object") return { sql: mapped.sql, params: [] };
      return { sql: `${spec.expr} = ?`, params: [mapped] };
    }
  }
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => "\\" + c);
}

/** Compiles a Shopify search string to a SQL condition (or null when the query is blank). */
export function compileSearch(query: string | null | undefined, search: ResourceSearch): SqlPart | null {
  if (query == null || !query.trim()) return null;
  const tokens = tokenize(query);
  const groups: SqlPart[][] = [[]];
  let negateNext = false;
  for (const token of tokens) {
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "AND") continue;
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    if (token.startsWith("(") || token.endsWith(")")) {
      throw new SearchSyntaxError(`Parenthesised search groups are not implemented by the emulator (query "${query}")`);
    }
    let negate = negateNext;
    negateNext = false;
    let t = token;
    if (t.startsWith("-") && t.length > 1) {
      negate = true;
      t = t.slice(1);
    }
    const colon = t.indexOf(":");
    let field: string;
    let rest: string;
    if (colon > 0) {
      field = t.slice(0, colon).toLowerCase();
      rest = t.slice(colon + 1);
    } else {
      field = search.defaultField;
      rest = t;
    }
    const spec = search.fields[field];
    if (!spec) {
      throw new SearchSyntaxError(
        `Search field '${field}' on ${search.resource} is not implemented by the emulator; known fields: ${Object.keys(search.fields).join(", ")}`,
      );
    }
    const m = /^(>=|<=|>|<)?(.*)$/.exec(rest)!;
    const op = (m[1] ?? "=") as Op;
    if (m[2] === "") throw new SearchSyntaxError(`Search term "${token}" has no value`);
    const part = compileTerm(spec, field, op, m[2], search.resource);
    groups[groups.length - 1].push(negate ? { sql: `NOT (${part.sql})`, params: part.params } : part);
  }
  const ors = groups
    .filter((g) => g.length > 0)
    .map((g) => ({
      sql: g.map((p) => `(${p.sql})`).join(" AND "),
      params: g.flatMap((p) => p.params),
    }));
  if (ors.length === 0) return null;
  return { sql: ors.map((o) => `(${o.sql})`).join(" OR "), params: ors.flatMap((o) => o.params) };
}
