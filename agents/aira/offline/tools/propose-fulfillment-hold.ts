// propose_fulfillment_hold: hold one order's fulfilment (with a reason) or release it; without an order, the risky ones first.
import { always, clarify, ORDER_QUESTION, r, tool, type ProposalModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";
import { RISKY_ORDERS, riskyOrders } from "./risky-orders";

/** "let #6023 ship now", "ok to ship", "go ahead and send it": releasing a held order. */
const LETS_SHIP =
  /\blet\b[^.]{0,25}\b(?:ship|go out|go|be (?:shipped|fulfilled|sent))\b|\b(?:ok|okay|fine|cleared?|good) to (?:ship|go|fulfil\w*|send)\b|\bgo ahead (?:and )?(?:ship|fulfil\w*|send)\b/;

export const fulfillmentHold: ProposalModule = {
  name: "propose_fulfillment_hold",
  rules: [
    r("propose_fulfillment_hold", 3, /\b(hold|pause|halt)\b/),
    // "put that order on hold": a hold with no order named still asks which order.
    r("propose_fulfillment_hold", 3, /\border\b[^.]{0,15}\bon hold\b|\bhold (?:the|that|this|her|his|their) order\b/),
    r("propose_fulfillment_hold", 3, /\b(release|unhold|un-hold|lift|remove) (?:the )?hold\b/),
    r("propose_fulfillment_hold", 4, /\b(unhold|un-hold)\b/),
    r("propose_fulfillment_hold", 3, /\brelease\b/, (s) => s.orderName),
    r(
      "propose_fulfillment_hold",
      5,
      /\b(?:don'?t|do not|stop|hold off(?: on)?|wait (?:to|before))\s+(?:the\s+)?(?:ship(?:ping|ment)?|fulfil\w*|send(?:ing)?|dispatch\w*)\b|\b(?:stop|keep)\s+(?:it|them|this|that|this one|that one|the order|#?\d{3,10})\s+(?:from\s+)?(?:going out|shipping|being (?:sent|shipped|dispatched))\b/,
    ),
    // "let #6023 ship now", "ok to ship #6023": releasing a held order.
    r(
      "propose_fulfillment_hold",
      5,
      [/^(?!(?:is|are|can|could|should|would|will|do|does|was)\b)(?!.*\?\s*$)/, LETS_SHIP],
      (s) => s.orderName,
    ),
    r("propose_fulfillment_hold", 3, always, (s) => s.orderName),
  ],
  build(msg: Message): Understanding {
    // "which orders should I hold?", "hold the suspicious ones": the risky orders first; each hold is its own proposal.
    if (!msg.orderName && RISKY_ORDERS.test(msg.text)) return riskyOrders.build(msg);
    if (!msg.orderName) return clarify(ORDER_QUESTION);
    const t = msg.text;
    const release =
      /\b(release|lift|remove|cancel|end)\b[^.]{0,20}\bhold\b|\b(unhold|un-hold|resume|unpause|un-pause)\b/.test(t) ||
      (/\brelease\b/.test(t) && !/\bhold\b/.test(t)) ||
      (!/\bhold\b/.test(t) && LETS_SHIP.test(t));
    const reason = /\b(address|post ?code|zip(?: ?code)?|postal code)\b/.test(t)
      ? "INCORRECT_ADDRESS"
      : /\b(payment|paid|pays?|paying|unpaid)\b/.test(t)
        ? "AWAITING_PAYMENT"
        : /\b(out of stock|no stock|inventory|backorder\w*|sold out|stock ?out|none left|run out)\b/.test(t)
          ? "INVENTORY_OUT_OF_STOCK"
          : /\b(fraud|risk|risky|suspicious|scam|chargeback)\b/.test(t)
            ? "HIGH_RISK_OF_FRAUD"
            : undefined;
    const input: Record<string, unknown> = { orderName: msg.orderName.name, hold: !release };
    if (!release && reason) input.reason = reason;
    return tool("propose_fulfillment_hold", input);
  },
};
