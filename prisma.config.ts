// Prisma CLI configuration. Offline, Prisma 6.19 runs its schema engine as Wasm ("js" engine)
// over a driver adapter; the classic native engines would be downloaded, which fails here (ADR 0003).
// The provider cannot come from the environment, so SQLite and PostgreSQL each have their own
// schema and migrations folder, chosen by the DATABASE_URL scheme.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseProvider, defaultDatabaseUrl, sqliteFileUrl } from "./agents/db/provider";

process.env.DATABASE_URL ??= defaultDatabaseUrl();
const url = process.env.DATABASE_URL;
const provider = databaseProvider(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema:
    provider === "postgresql"
      ? path.join("prisma", "postgresql", "schema.prisma")
      : path.join("prisma", "schema.prisma"),
  migrations: {
    path:
      provider === "postgresql" ? path.join("prisma", "postgresql", "migrations") : path.join("prisma", "migrations"),
  },
  async adapter() {
    if (provider === "postgresql") {
      const { default: pg } = await import("pg");
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg(new pg.Pool({ connectionString: url, Client: catalogTextClient(pg) }));
    }
    const { PrismaLibSQL } = await import("@prisma/adapter-libsql");
    return new PrismaLibSQL({ url: sqliteFileUrl(url) });
  },
});

type Pg = typeof import("pg").default;

// The schema engine reads catalog columns of type "char" (oid 18) and name (oid 19), which
// adapter-pg 6.19 cannot map (prisma/orm#27403): report them as text (oid 25). CLI only.
function catalogTextClient(pg: Pg): Pg["Client"] {
  const asText = (result: unknown) => {
    for (const r of Array.isArray(result) ? result : [result]) {
      for (const field of (r as { fields?: { dataTypeID: number }[] })?.fields ?? []) {
        if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
      }
    }
    return result;
  };
  return class extends pg.Client {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: any[]): any {
      const callback = args.at(-1);
      if (typeof callback === "function") {
        args[args.length - 1] = (error: unknown, result: unknown) => callback(error, error ? result : asText(result));
      }
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const pending = (super.query as any)(...args);
      return pending && typeof pending.then === "function" ? pending.then(asText) : pending;
    }
  } as Pg["Client"];
}
