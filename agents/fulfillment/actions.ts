// The fulfillment.hold store change: holding (or releasing) a fulfillment order through approval.
import { z } from "zod";
import { ActionFailed, checkUserErrors, gid, settle, sides, type ActionKind } from "../actions/kind";

const holdValues = z.object({
  fulfillmentOrderId: z.string(),
  orderName: z.string().optional(),
  held: z.boolean(),
  reason: z
    .enum(["HIGH_RISK_OF_FRAUD", "AWAITING_PAYMENT", "INCORRECT_ADDRESS", "INVENTORY_OUT_OF_STOCK", "OTHER"])
    .default("HIGH_RISK_OF_FRAUD"),
  reasonNotes: z.string().optional(),
});
type HoldValues = z.infer<typeof holdValues>;

const FULFILLMENT_ORDER_STATUS = /* GraphQL */ `#graphql
  query ActionFulfillmentOrderStatus($id: ID!) {
    fulfillmentOrder(id: $id) { id status }
  }
`;

const HOLD = /* GraphQL */ `#graphql
  mutation ActionHoldFulfillmentOrder($id: ID!, $hold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
      fulfillmentHold { id }
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;

const RELEASE = /* GraphQL */ `#graphql
  mutation ActionReleaseFulfillmentOrder($id: ID!) {
    fulfillmentOrderReleaseHold(id: $id) {
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;

export const fulfillmentHold: ActionKind<HoldValues> = {
  kind: "fulfillment.hold",
  values: holdValues,
  async readCurrent(ctx, after) {
    const data = await ctx.admin.graphql(FULFILLMENT_ORDER_STATUS, {
      id: gid("FulfillmentOrder", after.fulfillmentOrderId),
    });
    if (!data.fulfillmentOrder) throw new ActionFailed(`Fulfillment order ${after.fulfillmentOrderId} does not exist`);
    return { ...after, held: data.fulfillmentOrder.status === "ON_HOLD" };
  },
  async apply(ctx, values) {
    const id = gid("FulfillmentOrder", values.fulfillmentOrderId);
    if (values.held) {
      const data = await ctx.admin.graphql(HOLD, {
        id,
        hold: {
          reason: values.reason,
          reasonNotes: values.reasonNotes ?? "Held by Royal Equips after merchant approval",
          notifyMerchant: false,
        },
      });
      checkUserErrors("fulfillmentOrderHold", data.fulfillmentOrderHold);
    } else {
      const data = await ctx.admin.graphql(RELEASE, { id });
      checkUserErrors("fulfillmentOrderReleaseHold", data.fulfillmentOrderReleaseHold);
    }
    return null;
  },
  async check(ctx, change, direction) {
    const { target, other } = sides(change, direction);
    const { held } = await fulfillmentHold.readCurrent(ctx, target);
    return { state: settle([{ target: held === target.held, other: held === other.held }]) };
  },
  describe: (before, after) => [
    `fulfillment of ${after.orderName ?? after.fulfillmentOrderId}: ${before.held ? "on hold" : "open"} -> ${after.held ? "on hold" : "released"}`,
  ],
};
