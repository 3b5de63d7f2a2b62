// Natural batching: calls made while a flush is in flight are collected and flushed together
// when it completes. An idle caller is flushed at once (no added latency); under load, many
// concurrent jobs' run-state writes share one statement or transaction.
export interface Batcher<T, R> {
  add(item: T): Promise<R>;
}

export function createBatcher<T, R>(flush: (items: T[]) => Promise<R[]>, maxBatch = 100): Batcher<T, R> {
  let pending: { item: T; resolve: (value: R) => void; reject: (error: unknown) => void }[] = [];
  let flushing = false;

  const run = async () => {
    if (flushing || pending.length === 0) return;
    flushing = true;
    const batch = pending.slice(0, maxBatch);
    pending = pending.slice(batch.length);
    try {
      const results = await flush(batch.map((entry) => entry.item));
      if (results.length !== batch.length)
        throw new Error(`batch flush returned ${results.length} results for ${batch.length} items`);
      batch.forEach((entry, i) => entry.resolve(results[i]));
    } catch (error) {
      batch.forEach((entry) => entry.reject(error));
    } finally {
      flushing = false;
      void run();
    }
  };

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        // A microtask later, so the calls of one tick land in the same batch.
        queueMicrotask(() => void run());
      });
    },
  };
}
