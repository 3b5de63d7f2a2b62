// Aggregate reads of a SQLite database in a worker thread (ADR 0029).
// libsql runs every statement synchronously on the calling thread, so one GROUP BY over a million
// orders (hundreds of milliseconds) stalled every other request of the process. The raw aggregate
// reads (selectRows, forEachPackedRow) of a process's own client go to one thread with a read-only
// connection of its own instead; in WAL mode it reads beside the main connection's writes and sees
// every committed change. Prisma's queries and anything inside a transaction stay on the client.
import { Worker } from "node:worker_threads";

/**
 * The thread's code, as CommonJS source (a string, so the compiled server, tsx and vitest run it
 * alike without a separate bundle entry). Columns declared DATETIME come back as Date objects, as
 * Prisma's raw queries return them; everything else as libsql reads it (numbers, text, null).
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.libsql);
const db = new Database(workerData.file, { readonly: true });
db.prepare("PRAGMA busy_timeout = " + workerData.busyTimeoutMs).get();
db.prepare("PRAGMA temp_store = FILE").run();
parentPort.on("message", ({ id, sql }) => {
  try {
    const statement = db.prepare(sql);
    const dates = statement.columns().filter((c) => /^DATETIME$/i.test(c.type || "")).map((c) => c.name);
    const rows = statement.all();
    if (dates.length)
      for (const row of rows) for (const name of dates) if (typeof row[name] === "string") row[name] = new Date(row[name]);
    parentPort.postMessage({ id, rows });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

/** A thread that has had nothing to do for this long ends (tests open many databases). */
const IDLE_MS = 30_000;

interface Pending {
  /** The thread the read was sent to: a thread that ends fails its own reads only. */
  worker: Worker;
  resolve(rows: Record<string, unknown>[]): void;
  reject(error: Error): void;
}

export class SqliteReader {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    /** The database file's absolute path. */
    private readonly file: string,
    /** The resolved path of the libsql package (the thread requires it by path). */
    private readonly libsql: string,
    private readonly busyTimeoutMs: number,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Runs one SELECT in the thread and resolves with its rows. */
  query(sql: string): Promise<Record<string, unknown>[]> {
    const worker = this.thread();
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.ref(); // a read in flight keeps the process alive until it answers
      worker.postMessage({ id, sql });
    });
  }

  /** Ends the thread now (a closing client); later reads start a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { file: this.file, libsql: this.libsql, busyTimeoutMs: this.busyTimeoutMs },
    });
    worker.unref();
    worker.on("message", (message: { id: number; rows?: Record<string, unknown>[]; error?: { message: string } }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`SQLite read failed: ${message.error.message}`));
      else waiting.resolve(message.rows!);
      if (this.pending.size === 0) this.idle(worker);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      // Only this thread's reads: a thread ended for being idle may exit after a new one started.
      for (const [id, waiting] of this.pending)
        if (waiting.worker === worker) {
          this.pending.delete(id);
          waiting.reject(error);
        }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the SQLite reader thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private idle(worker: Worker) {
    worker.unref();
    this.idleTimer = setTimeout(() => {
      if (this.pending.size === 0 && this.worker === worker) void this.close();
    }, this.idleMs);
    this.idleTimer.unref();
  }
}
