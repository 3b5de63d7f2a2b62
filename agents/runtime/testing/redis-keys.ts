// Test clean-up: every key under a test's random prefix.
import type { Redis } from "../../infra/redis";

export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== "0");
  return deleted;
}
