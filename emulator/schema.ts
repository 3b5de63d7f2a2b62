// Loads Shopify's real Admin GraphQL schema from the introspection dumps that @shopify/dev-mcp ships,
// so that queries are validated exactly as Shopify would validate them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { EMULATOR_API_VERSION } from "./version";

/** node_modules/@shopify/dev-mcp/dist/data, found walking up from this file (the package exports no data path). */
function schemaDataDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "node_modules", "@shopify", "dev-mcp", "dist", "data");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error("@shopify/dev-mcp is not installed: it ships the Admin schema the emulator needs");
    dir = parent;
  }
}

/** Admin API versions for which a schema dump is installed (e.g. "2026-10", "unstable"). */
export function supportedAdminVersions(): string[] {
  return readdirSync(schemaDataDir())
    .map((f) => /^admin_(.+)\.json\.gz$/.exec(f)?.[1])
    .filter((v): v is string => Boolean(v))
    .sort();
}

const cache = new Map<string, GraphQLSchema>();

/** The Admin schema of `version` (default: the emulated EMULATOR_API_VERSION), built once per process. */
export function loadAdminSchema(version: string = EMULATOR_API_VERSION): GraphQLSchema {
  const cached = cache.get(version);
  if (cached) return cached;
  const file = path.join(schemaDataDir(), `admin_${version}.json.gz`);
  if (!existsSync(file)) {
    throw new Error(
      `No Admin schema for API version "${version}"; installed versions: ${supportedAdminVersions().join(", ")}`,
    );
  }
  const json = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as { data: IntrospectionQuery };
  const schema = buildClientSchema(json.data, { assumeValid: true });
  cache.set(version, schema);
  return schema;
}
