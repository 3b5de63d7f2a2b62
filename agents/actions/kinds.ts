// The store changes agents may make: each kind lives with its capability (agents/<capability>/actions.ts);
// this is the one list the approval path (actions.ts) looks kinds up in.
import { fulfillmentHold } from "../fulfillment/actions";
import { inventoryAdjust, inventorySet } from "../inventory/actions";
import { discountCreate, productUpdate } from "../marketing/actions";
import { priceUpdate } from "../pricing/actions";
import type { ActionKind } from "./kind";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ACTION_KINDS: Record<string, ActionKind<any>> = Object.fromEntries(
  [priceUpdate, inventorySet, inventoryAdjust, productUpdate, discountCreate, fulfillmentHold].map((k) => [k.kind, k]),
);
