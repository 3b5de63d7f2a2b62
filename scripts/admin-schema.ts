// Writes the Admin schema that GraphQL codegen reads (agents/shopify/types/admin-<version>.schema.json)
// from the introspection dump @shopify/dev-mcp ships, so codegen never downloads it:
// @shopify/api-codegen-preset only fetches the schema from shopify.dev when that file is missing.
// The file is generated (git-ignored); .graphqlrc.ts calls this before every codegen run.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { ADMIN_API_VERSION } from "../agents/shopify/api-version";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Where generated Admin GraphQL types live (the preset's outputDir), relative to the repository root. */
export const GRAPHQL_TYPES_DIR = "agents/shopify/types";

/** Writes `<outputDir>/admin-<version>.schema.json` unless it is already current; returns its path. */
export function writeAdminSchemaFile(outputDir: string = path.join(root, GRAPHQL_TYPES_DIR)): string {
  const dump = path.join(root, "node_modules/@shopify/dev-mcp/dist/data", `admin_${ADMIN_API_VERSION}.json.gz`);
  if (!existsSync(dump))
    throw new Error(
      `No Admin schema for ${ADMIN_API_VERSION} at ${dump}; @shopify/dev-mcp must ship the app's API version`,
    );
  // The dump is an introspection result, {"data":{"__schema":...}}, which codegen's schema loader reads as is.
  const json = gunzipSync(readFileSync(dump)).toString("utf8");
  const file = path.join(outputDir, `admin-${ADMIN_API_VERSION}.schema.json`);
  if (!existsSync(file) || readFileSync(file, "utf8") !== json) {
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(file, json);
  }
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${path.relative(root, writeAdminSchemaFile(process.argv[2]))}`);
}
