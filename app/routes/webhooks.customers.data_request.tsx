import { exportCustomerData } from "../../agents/compliance/privacy";
import db from "../db.server";
import { payloadList, webhookAction } from "../webhooks.server";

export { webhookLoader as loader } from "../webhooks.server";

// GDPR/CCPA access request: gather what we hold about the customer; the merchant reads and sends
// it from the Security page (Shopify expects the app to provide it within 30 days).
export const action = webhookAction("customers/data_request", async ({ shop, payload }) => {
  const { counts, exportId } = await exportCustomerData(
    db,
    shop,
    { id: payload.customer?.id, email: payload.customer?.email },
    payload.data_request?.id != null ? String(payload.data_request.id) : null,
    payloadList(payload.orders_requested, "orders_requested") as (string | number)[],
  );
  return { exportId, counts };
});
