// How long the Admin client takes to get through (or give up on) transient failures: a faulty
// proxy in front of the emulator injects 503s, 429s with Retry-After, connection resets and a 503
// storm, and each scenario is timed with the client's default options (what the app uses).
// Usage: npm run bench bench/admin-faults.ts
import { startSeeded, TEST_SHOP, TEST_TOKEN } from "@royal-equips/emulator/testing";
import { breakerState, createAdminClient, resetShopClientState } from "../agents/shopify/graphql-client";
import { startFaultyProxy, type FaultRule } from "../tests/support/faults";

const emulator = await startSeeded({ products: 3, orders: 2 });
const proxy = await startFaultyProxy(emulator.url);
const QUERY = "{ shop { name } }";

async function scenario(name: string, rules: FaultRule[], calls = 1) {
  resetShopClientState(TEST_SHOP);
  proxy.clear();
  const client = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_TOKEN, endpoint: proxy.url });
  // As in the app: the shop's bucket is known from earlier requests, and this document is new to the client.
  await client.graphql("{ shop { id } }");
  proxy.clear();
  proxy.inject(...rules);
  const outcomes: string[] = [];
  const started = Date.now();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = Date.now();
    try {
      await client.graphql(QUERY);
      outcomes.push("ok");
    } catch (error) {
      outcomes.push(`error (${(error as { details?: { code?: string } }).details?.code ?? (error as Error).message})`);
    }
    times.push(Date.now() - t);
  }
  console.log(
    `${name.padEnd(48)} ${String(Date.now() - started).padStart(6)} ms  [${times.join(", ")}]  ${outcomes.join(", ")}  circuit ${breakerState(TEST_SHOP)}`,
  );
}

try {
  await scenario("three 503s, then the answer", [{ fault: { kind: "503" }, times: 3 }]);
  await scenario("three 503s with Retry-After: 2, then the answer", [
    { fault: { kind: "503", retryAfterSeconds: 2 }, times: 3 },
  ]);
  await scenario("two 429s with Retry-After: 1, then the answer", [
    { fault: { kind: "429", retryAfterSeconds: 1 }, times: 2 },
  ]);
  await scenario("two connection resets, then the answer", [{ fault: { kind: "reset" }, times: 2 }]);
  await scenario("503 storm: time to fail", [{ fault: { kind: "503" }, times: Infinity }]);
  await scenario("503 storm with Retry-After: 30: time to fail", [
    { fault: { kind: "503", retryAfterSeconds: 30 }, times: Infinity },
  ]);
  await scenario("503 storm, 3 calls (the circuit opens)", [{ fault: { kind: "503" }, times: Infinity }], 3);
} finally {
  await proxy.close();
  await emulator.close();
  resetShopClientState(TEST_SHOP);
}
