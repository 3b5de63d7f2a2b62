// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma: the models are shared, only the
// datasource provider and the generated client's location differ. Run after editing the schema,
// then create migrations for both providers (see docs/decisions/0003-prisma-offline.md).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function postgresSchemaFrom(sqliteSchema: string): string {
  const header =
    "// GENERATED from prisma/schema.prisma by scripts/sync-schemas.ts. Do not edit.\n" +
    "// `prisma generate` builds the client for the provider that DATABASE_URL names (prisma.config.ts).\n";
  const body = sqliteSchema
    .replace(/^\/\/ Source of truth[\s\S]*?\n\n/, "")
    .replace('provider = "sqlite"', 'provider = "postgresql"');
  return header + "\n" + body;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const source = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
  mkdirSync(path.join(root, "prisma/postgresql"), { recursive: true });
  writeFileSync(path.join(root, "prisma/postgresql/schema.prisma"), postgresSchemaFrom(source));
  console.log("wrote prisma/postgresql/schema.prisma");
}
