// A cheap token that changes whenever anything is committed to the database (by this process, the
// worker, another web process or anyone else), so a read that depends only on the database can be
// reused while the token is unchanged (app/loader-memo.server.ts, ADR 0039). One call costs a
// fraction of the reads it spares.
//
// - SQLite: `PRAGMA data_version` on a read-only connection of its own that never writes. SQLite
//   changes that connection's value whenever another connection, in any process, commits to the
//   file (WAL included); it is one synchronous statement (~10 µs). Every writer (Prisma's
//   connections, the worker, the reader thread's never) is "another connection" for it.
// - PostgreSQL: the current snapshot (`pg_current_snapshot()`: xmin, xmax and the transactions in
//   progress). Two equal snapshots see exactly the same committed transactions, hence the same
//   data; any write transaction that ends moves it. It is cluster-wide, so unrelated writes also
//   move it (a reuse missed, never a stale read).
//
// Why the token is read before the reads it guards: data read after it is at least as new as what
// the token stands for, so a later request with the same token gets data no older than its start.
import { createRequire } from "node:module";
import type { Db } from "./client";

export interface DataVersionSource {
  /** The token now; null when it cannot be read (then nothing may be reused). */
  current(): Promise<string | null>;
  close(): void;
}

const require = createRequire(import.meta.url);

interface Statement {
  get(): Record<string, unknown> | undefined;
}
interface Connection {
  prepare(sql: string): Statement;
  close(): void;
}

/** SQLite: `PRAGMA data_version` on a dedicated read-only connection, opened on first use. */
export function sqliteDataVersion(file: string, libsql = require.resolve("libsql")): DataVersionSource {
  let connection: Connection | null = null;
  let statement: Statement | null = null;
  return {
    async current() {
      try {
        if (!statement) {
          const Database = require(libsql) as new (path: string, options: { readonly: boolean }) => Connection;
          connection = new Database(file, { readonly: true });
          connection.prepare("PRAGMA busy_timeout = 5000").get();
          statement = connection.prepare("PRAGMA data_version");
        }
        const row = statement.get();
        return row ? `sqlite:${String(row.data_version)}` : null;
      } catch {
        // E.g. the file is being replaced: reopen next time, reuse nothing now.
        connection?.close();
        connection = statement = null;
        return null;
      }
    },
    close() {
      connection?.close();
      connection = statement = null;
    },
  };
}

/** PostgreSQL: the current snapshot, read through the client. */
export function postgresDataVersion(db: Db): DataVersionSource {
  return {
    async current() {
      try {
        const [row] = await db.$queryRawUnsafe<{ v: string }[]>("SELECT pg_current_snapshot()::text AS v");
        return row ? `pg:${row.v}` : null;
      } catch {
        return null;
      }
    },
    close() {},
  };
}
