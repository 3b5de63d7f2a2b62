// PostgreSQL's data version is the cluster's snapshot (agents/db/data-version.ts): writes to other
// databases of the shared test server move it too (a reuse missed, never a stale read). Tests of
// "nothing changed, so reused" run their steps again until no commit anywhere interleaved.
import { dataVersionOf } from "../../agents/db/client";

export async function whileUnchanged<T>(db: unknown, steps: () => Promise<T>, attempts = 10): Promise<T> {
  const source = dataVersionOf(db);
  if (!source) throw new Error("whileUnchanged: this client has no data version");
  for (let i = 0; i < attempts; i++) {
    const before = await source.current();
    const result = await steps();
    if ((await source.current()) === before) return result;
  }
  throw new Error(`the database changed during each of ${attempts} attempts`);
}
