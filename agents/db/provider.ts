// Which database a DATABASE_URL names. Shared by prisma.config.ts and the runtime client so both
// always agree on the provider and on where a SQLite file lives.
import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseProvider(url: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.slice(0, 20)}..."`,
  );
}

/** The embedded default: a SQLite file under .data/ in the working directory. */
export function defaultDatabaseUrl(): string {
  return "file:./.data/app.db";
}

/** An absolute file: URL for a SQLite DATABASE_URL, resolved against the working directory. */
export function sqliteFileUrl(url: string): string {
  const file = url.replace(/^file:/, "");
  return "file:" + path.resolve(file);
}
