// Plain JavaScript: the built web app and worker run without a TypeScript loader.
// Loaded into each node process by bench/idle-rss.ts --breakdown (NODE_OPTIONS=--import): after
// IDLE_RSS_PROBE_AFTER_MS it writes what the process's memory is made of, as V8 and Node see it,
// to IDLE_RSS_PROBE_DIR/probe-<pid>.json. Not part of the app.
import { writeFileSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";

const dir = process.env.IDLE_RSS_PROBE_DIR;
const mb = (bytes) => Math.round(bytes / 2 ** 20);
if (dir)
  setTimeout(
    () => {
      const usage = process.memoryUsage();
      const spaces = Object.fromEntries(
        v8
          .getHeapSpaceStatistics()
          .filter((space) => space.space_size > 2 ** 20)
          .map((space) => [space.space_name, `${mb(space.space_used_size)}/${mb(space.space_size)}`]),
      );
      const heap = v8.getHeapStatistics();
      const report = {
        rss: mb(usage.rss),
        heapUsed: mb(usage.heapUsed),
        heapTotal: mb(usage.heapTotal),
        external: mb(usage.external),
        arrayBuffers: mb(usage.arrayBuffers),
        mallocedMemory: mb(heap.malloced_memory),
        spaces,
      };
      writeFileSync(path.join(dir, `probe-${process.pid}.json`), JSON.stringify(report));
    },
    Number(process.env.IDLE_RSS_PROBE_AFTER_MS ?? 20_000),
  ).unref();
