// Starts an in-memory emulator seeded with a synthetic store, and a tiny GraphQL caller, for tests.
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../server";
import { loadSeedStore } from "../store/load";
import { syntheticSeedStore, type SyntheticOptions } from "./synthetic";
import type { Loose } from "../loose";

export const TEST_TOKEN = "shpat_test_token";
export const TEST_SECRET = "test_client_secret";
export const TEST_SHOP = "royal-equips-dev.myshopify.com";

export interface Harness extends RunningEmulator {
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ status: number; body: Loose }>;
}

export async function startSeeded(
  seed: SyntheticOptions = { products: 12, orders: 40 },
  extra: Partial<EmulatorOptions> = {},
): Promise<Harness> {
  const emu = await startEmulator({
    dbPath: ":memory:",
    shopDomain: TEST_SHOP,
    accessToken: TEST_TOKEN,
    clientSecret: TEST_SECRET,
    ...extra,
  });
  loadSeedStore(emu.store.db, syntheticSeedStore(seed));
  return {
    ...emu,
    async gql(query, variables = {}, token = TEST_TOKEN) {
      const res = await fetch(emu.graphqlUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: await res.json() };
    },
  };
}
