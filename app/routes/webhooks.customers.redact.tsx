import { redactCustomer } from "../../agents/compliance/privacy";
import db from "../db.server";
import { payloadList, webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// Erase one customer's personal data (their mirror rows, orders named in the request, tickets).
export const action = webhookAction("customers/redact", async ({ shop, payload }) =>
  redactCustomer(
    db,
    shop,
    { id: payload.customer?.id, email: payload.customer?.email },
    payloadList(payload.orders_to_redact, "orders_to_redact") as (string | number)[],
  ),
);
