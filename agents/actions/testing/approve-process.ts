// A process that approves one action, as the web process does, for the fault tests: the test
// SIGKILLs it while the change is on its way to the store.
// Env: DATABASE_URL, ADMIN_ENDPOINT, SHOP, TOKEN, ACTION_ID.
import { pino } from "pino";
import { createDb, prepareDatabase } from "../../db/client";
import { createAdminClient } from "../../shopify/graphql-client";
import { approveAction } from "../actions";

const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const db = createDb(need("DATABASE_URL"));
await prepareDatabase(db, need("DATABASE_URL"));
const shop = need("SHOP");
const result = await approveAction(
  {
    shop,
    db,
    admin: createAdminClient({ shop, accessToken: need("TOKEN"), endpoint: need("ADMIN_ENDPOINT") }),
    logger: pino({ level: "silent" }),
    actor: { kind: "merchant", id: "owner" },
    now: () => new Date(),
  },
  need("ACTION_ID"),
);
process.exitCode = result.ok ? 0 : 1;
await db.$disconnect();
