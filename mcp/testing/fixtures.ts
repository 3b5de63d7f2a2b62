// Shared by the MCP tests and the benchmark: a real database, the seeded emulator, tokens, and a
// store-changing tool (agents/tools has none yet) that goes through the real action path.
import { pino } from "pino";
import { z } from "zod";
import { proposeAction } from "../../agents/actions/actions";
import { flushQueuedAudits } from "../../agents/core/audit";
import { createRegistry } from "../../agents/core/registry";
import { ok } from "../../agents/core/result";
import { defineTool } from "../../agents/core/tool";
import { createDb, type Db } from "../../agents/db/client";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { allTools } from "../../agents/tools";
import { startSeeded, TEST_SHOP, TEST_TOKEN, type Harness } from "@royal-equips/emulator/testing";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createToken, type TokenScope } from "../auth";
import type { McpContextDeps } from "../context";

export { TEST_SHOP };
export const OTHER_SHOP = "other-store.myshopify.com";

export const testProposePrice = defineTool({
  name: "test_propose_price",
  title: "Propose a price change",
  description:
    "Proposes a new price for one variant. The change waits for the merchant's approval in the app; it is not applied by this call.",
  capability: "pricing",
  input: z.object({
    variantId: z.string().describe("Numeric variant id"),
    productId: z.string().describe("Numeric product id"),
    price: z.number().positive(),
  }),
  output: z.object({ actionId: z.string(), status: z.string(), changes: z.array(z.string()) }),
  annotations: { readOnly: false, destructive: false, idempotent: false },
  changesStore: true,
  async handler(ctx, input) {
    const proposed = await proposeAction(ctx, {
      kind: "price.update",
      tool: "test_propose_price",
      summary: `Set price to ${input.price}`,
      after: { variants: [input] },
    });
    if (!proposed.ok) return proposed;
    return ok({ actionId: proposed.data.id, status: proposed.data.status, changes: proposed.data.changes });
  },
});

/** Every real tool plus the store-changing one. */
export const registryWithWriteTool = () => createRegistry([...allTools, testProposePrice]);

export interface Fixture {
  db: Db;
  database: TestDatabase;
  emulator: Harness;
  deps: McpContextDeps;
  token(scope: TokenScope, options?: { shop?: string; autoApprove?: boolean }): Promise<{ token: string; id: string }>;
  variant(index: number): Promise<{ variantId: string; productId: string; price: number }>;
  priceOf(variantId: string): Promise<number>;
  close(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const [emulator, database] = await Promise.all([startSeeded({ products: 6, orders: 20 }), createTestDatabase()]);
  const db = createDb(database.url);
  const deps: McpContextDeps = {
    db,
    logger: pino({ level: "silent" }),
    adminFor: (shop) => {
      // The emulator serves one shop; any other shop has no store to reach.
      if (shop !== TEST_SHOP) throw new Error(`no Admin API for ${shop} in this test`);
      return createAdminClient({ shop, accessToken: TEST_TOKEN, endpoint: emulator.url });
    },
  };
  return {
    db,
    database,
    emulator,
    deps,
    async token(scope, options = {}) {
      const created = await createToken(
        db,
        options.shop ?? TEST_SHOP,
        { kind: "merchant", id: "owner" },
        { name: `${scope} token`, scope, autoApprove: options.autoApprove ?? false },
      );
      if (!created.ok) throw new Error(created.message);
      return { token: created.data.token, id: created.data.summary.id };
    },
    async variant(index) {
      const { body } = await emulator.gql(`{ productVariants(first: 20) { nodes { id price product { id } } } }`);
      const node = body.data.productVariants.nodes[index];
      return {
        variantId: String(node.id).split("/").pop()!,
        productId: String(node.product.id).split("/").pop()!,
        price: Number(node.price),
      };
    },
    async priceOf(variantId) {
      const { body } = await emulator.gql(`query($id: ID!) { productVariant(id: $id) { price } }`, {
        id: `gid://shopify/ProductVariant/${variantId}`,
      });
      return Number(body.data.productVariant.price);
    },
    async close() {
      // Queued audit rows of the last reads are written first: a write after the disconnect would
      // reconnect, and dropping the database then kills that connection under the test run.
      await flushQueuedAudits();
      await db.$disconnect();
      await database.drop();
      await emulator.close();
    },
  };
}
