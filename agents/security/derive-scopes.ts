// Development-time only (the CLI and a test use it, the app never does): which access scopes our
// Admin API documents need, read from Shopify's own Admin schema. The introspection shipped with
// @shopify/dev-mcp carries `requiredAccess` on types and fields ("`read_orders` access scope or
// `read_marketplace_orders` access scope"); walking each document with graphql's TypeInfo collects
// every requirement the document touches. The result is written to scope-requirements.ts.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  getNamedType,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type IntrospectionQuery,
} from "graphql";
import { BULK_QUERIES, PAGED_SPECS } from "../mirror/queries";
import { ADMIN_API_VERSION } from "../shopify/api-version";
import type { ScopeRequirement } from "./scope-types";

export interface AdminDocument {
  /** Operation name (or a description for the mirror's unnamed documents) and where it lives. */
  label: string;
  text: string;
}

/** Files that call the Admin API without #graphql documents of their own, and why that is fine. */
export const CALLERS_WITHOUT_DOCUMENTS: Record<string, string> = {
  "agents/shopify/graphql-client.ts": "the client itself; callers pass the documents",
  "agents/mirror/bulk.ts":
    "bulk-operation bookkeeping (BulkOperation needs no scope); the bulk queries are agents/mirror/queries.ts",
  "mcp/context.ts": "an adapter that forwards the tools' own documents",
};

const SOURCE_DIRS = ["agents", "app", "mcp", "server"];
const isSource = (file: string) =>
  /\.(ts|tsx)$/.test(file) &&
  !/\.test\.tsx?$/.test(file) &&
  !/\.tmp\.ts$/.test(file) &&
  !file.split(path.sep).includes("testing");

function sourceFiles(root: string): string[] {
  return SOURCE_DIRS.flatMap((dir) =>
    existsSync(path.join(root, dir))
      ? readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
          .map((f) => path.join(dir, f))
          .filter(isSource)
      : [],
  );
}

const GRAPHQL_LITERAL = /`\s*#graphql\s([\s\S]*?)`/g;
const ADMIN_CALL = /\.graphql\s*(<|\()/;

/** Every Admin API document of the app: the #graphql literals in source files plus the mirror's built documents. */
export function collectDocuments(root: string): AdminDocument[] {
  const documents: AdminDocument[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(path.join(root, file), "utf8");
    for (const match of text.matchAll(GRAPHQL_LITERAL)) {
      if (match[1].includes("${"))
        throw new Error(
          `${file}: a #graphql document interpolates \${...}; write it out in full so its scopes can be derived`,
        );
      const name = /\b(?:query|mutation)\s+(\w+)/.exec(match[1])?.[1] ?? "anonymous";
      documents.push({ label: `${name} (${file.split(path.sep).join("/")})`, text: match[1] });
    }
  }
  for (const [phase, query] of Object.entries(BULK_QUERIES))
    documents.push({ label: `mirror bulk ${phase} (agents/mirror/queries.ts)`, text: query });
  for (const specs of Object.values(PAGED_SPECS)) {
    for (const spec of specs) {
      documents.push({ label: `mirror paged ${spec.root} (agents/mirror/queries.ts)`, text: spec.query });
      if (spec.child)
        documents.push({
          label: `mirror paged ${spec.root} ${spec.child.field} (agents/mirror/queries.ts)`,
          text: spec.child.query,
        });
    }
  }
  return documents;
}

/** Source files that call the Admin API but hold no #graphql document and are not known adapters. */
export function uncoveredCallers(root: string): string[] {
  return sourceFiles(root)
    .map((file) => file.split(path.sep).join("/"))
    .filter((file) => {
      const text = readFileSync(path.join(root, file), "utf8");
      return ADMIN_CALL.test(text) && !text.includes("#graphql") && !(file in CALLERS_WITHOUT_DOCUMENTS);
    });
}

interface RawField {
  name: string;
  requiredAccess?: string | null;
}
interface RawType {
  name: string;
  requiredAccess?: string | null;
  fields?: RawField[] | null;
}

export function loadAdminSchema(root: string, version: string = ADMIN_API_VERSION) {
  const file = path.join(root, "node_modules/@shopify/dev-mcp/dist/data", `admin_${version}.json.gz`);
  if (!existsSync(file))
    throw new Error(`No Admin schema for ${version} at ${file}; @shopify/dev-mcp must ship the app's API version`);
  const introspection = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as { data: IntrospectionQuery };
  // Shopify's introspection adds requiredAccess to types and fields; graphql's types do not know it.
  const raw = new Map((introspection.data.__schema.types as unknown as RawType[]).map((t) => [t.name, t]));
  return { schema: buildClientSchema(introspection.data), raw };
}

/**
 * The scopes a `requiredAccess` text accepts (any one of them suffices); [] when it names none
 * (e.g. "Only accessible by supported access tokens"). Texts that need several scopes at once are
 * not used by our documents yet and are refused rather than misread.
 */
export function parseRequiredAccess(text: string): string[] {
  const scopePart = text.split(/Also:/)[0];
  const scopes = [...scopePart.matchAll(/`((?:read|write|unauthenticated_read|unauthenticated_write)_[a-z_]+)`/g)].map(
    (m) => m[1],
  );
  if (scopes.length > 1 && /\b(and|both|as well as)\b/.test(scopePart))
    throw new Error(`requiredAccess needs several scopes at once, which this reader does not handle: "${text}"`);
  return [...new Set(scopes)];
}

/** Every requirement one document touches: "Type" or "Type.field" -> the scopes it accepts. */
export function documentRequirements(
  text: string,
  admin: ReturnType<typeof loadAdminSchema>,
  label = "document",
): Map<string, string[]> {
  let document;
  try {
    document = parse(text);
  } catch (error) {
    throw new Error(`${label} is not a GraphQL document: ${error instanceof Error ? error.message : String(error)}`);
  }
  const errors = validate(admin.schema, document);
  if (errors.length)
    throw new Error(
      `${label} is not valid against the Admin schema ${ADMIN_API_VERSION}: ${errors.map((e) => e.message).join("; ")}`,
    );
  const found = new Map<string, string[]>();
  const note = (key: string, requiredAccess: string | null | undefined) => {
    if (!requiredAccess) return;
    const scopes = parseRequiredAccess(requiredAccess);
    if (scopes.length) found.set(key, scopes);
  };
  const typeInfo = new TypeInfo(admin.schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        note(
          `${parent.name}.${field.name}`,
          admin.raw.get(parent.name)?.fields?.find((f) => f.name === field.name)?.requiredAccess,
        );
        const returned = getNamedType(typeInfo.getType());
        if (returned) note(returned.name, admin.raw.get(returned.name)?.requiredAccess);
      },
      InlineFragment(node) {
        const type = node.typeCondition?.name.value;
        if (type) note(type, admin.raw.get(type)?.requiredAccess);
      },
    }),
  );
  return found;
}

/** The requirements of all our documents, grouped by the set of scopes that satisfies them. */
export function deriveScopeRequirements(root: string): ScopeRequirement[] {
  const admin = loadAdminSchema(root);
  const groups = new Map<string, { anyOf: string[]; needs: Set<string>; usedBy: Set<string> }>();
  for (const doc of collectDocuments(root)) {
    for (const [what, scopes] of documentRequirements(doc.text, admin, doc.label)) {
      const anyOf = [...scopes].sort();
      const key = anyOf.join("|");
      const group = groups.get(key) ?? { anyOf, needs: new Set<string>(), usedBy: new Set<string>() };
      group.needs.add(what);
      group.usedBy.add(doc.label);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .map((g) => ({ anyOf: g.anyOf, needs: [...g.needs].sort(), usedBy: [...g.usedBy].sort() }))
    .sort((a, b) => a.anyOf.join("|").localeCompare(b.anyOf.join("|")));
}

/** The checked-in module's text for a set of requirements. */
export function renderRequirementsModule(requirements: ScopeRequirement[]): string {
  return [
    "// Generated by `npx tsx agents/security/cli.ts scopes` from Shopify's Admin schema (requiredAccess on",
    `// types and fields, API ${ADMIN_API_VERSION}) and every Admin API document of the app. Do not edit by hand:`,
    "// agents/security/scopes.test.ts fails when a document changes and this file was not regenerated.",
    'import type { ScopeRequirement } from "./scope-types";',
    "",
    `export const ADMIN_SCOPE_REQUIREMENTS: readonly ScopeRequirement[] = ${JSON.stringify(requirements, null, 2)};`,
    "",
  ].join("\n");
}
