// One PrismaClient per process, over the driver adapter that the DATABASE_URL scheme names.
// The generated client is provider-specific: `npm run setup` generates it for DATABASE_URL
// (ADR 0003), and a mismatch is reported here rather than as an obscure query error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseProvider, sqliteFileUrl } from "./provider";

export type Db = PrismaClient;

export function createDb(databaseUrl: string): Db {
  const provider = databaseProvider(databaseUrl);
  const generatedFor = generatedProvider();
  if (generatedFor && generatedFor !== provider) {
    throw new Error(
      `The Prisma client was generated for ${generatedFor} but DATABASE_URL names ${provider}. ` +
        `Run \`DATABASE_URL=${provider === "sqlite" ? "file:..." : "postgresql://..."} npm run setup\` to regenerate it.`,
    );
  }
  const adapter = provider === "postgresql" ? new PrismaPg({ connectionString: databaseUrl }) : new PrismaLibSQL({ url: sqliteFileUrl(databaseUrl) });
  return new PrismaClient({ adapter });
}

/** The provider the installed client was generated for, read from the schema copy it ships. */
export function generatedProvider(): "sqlite" | "postgresql" | null {
  try {
    const require = createRequire(import.meta.url);
    const clientDir = path.dirname(require.resolve(".prisma/client/index.js"));
    const schema = readFileSync(path.join(clientDir, "schema.prisma"), "utf8");
    const match = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(schema);
    return (match?.[1] as "sqlite" | "postgresql" | undefined) ?? null;
  } catch {
    return null;
  }
}
