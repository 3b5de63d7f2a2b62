// score_order_risk: one order's fraud risk score and the factors behind it (no order named: the risky ones).
import type { scoreOrderRiskTool } from "../../../fulfillment/tools";
import { formatNumber, more, storeText, type Out } from "../format";
import { always, clarify, tool, r, ORDER_QUESTION, type ToolModule } from "../kit";
import { RISKY_ORDERS, riskyOrders } from "./risky-orders";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const orderRisk: ToolModule = {
  name: "score_order_risk",
  rules: [
    r(
      "score_order_risk",
      2,
      /\b(fraud(?:ulent)?|risk(?:y)?|suspicious|legit(?:imate)?|scam|chargeback|safe to (?:ship|send|dispatch|fulfil\w*)|trustworthy|dodgy|sketchy|worried|worry|concern(?:ed|ing)?|trust)\b/,
    ),
    r("score_order_risk", 3, always, (s) => s.orderName),
    r(
      "score_order_risk",
      5,
      /\bcheck\b[^.?]{0,25}\bfor (?:fraud|risk|anything (?:dodgy|suspicious))\b|\b(?:fraud|risk) (?:check|score|scan)\b/,
      (s) => s.orderName,
    ),
    // "check if 1244 is fraud, if yes hold it": the hold waits on the check, so the check is the request.
    r(
      "score_order_risk",
      7,
      [
        /\b(?:check|see|find out|tell me|look)\b[^.?]{0,40}\b(?:if|whether)\b/,
        /\bif\s+(?:yes|so|it is|it's|its|bad|fraud\w*|risky|suspicious|dodgy|true|needed|necessary)\b[^.?]{0,20}\b(?:hold|stop|pause|block|don'?t (?:ship|send))\b/,
      ],
      (s) => s.orderName,
    ),
  ],
  build(msg: Message): Understanding {
    return msg.orderName
      ? tool("score_order_risk", { orderName: msg.orderName.name })
      : RISKY_ORDERS.test(msg.text)
        ? riskyOrders.build(msg)
        : clarify(ORDER_QUESTION);
  },
  write(d: Out<typeof scoreOrderRiskTool>): string[] {
    const fired = d.factors
      .filter((x) => x.fired && x.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution);
    return [
      `**Order ${storeText(d.order, 40)}: risk ${formatNumber(d.score, 0)}/100 (${storeText(d.level, 20)}).** Recommendation: ${storeText(d.recommendation.action, 20)}.`,
      ...(fired.length === 0
        ? ["No risk factor fired."]
        : fired
            .slice(0, 4)
            .map(
              (x) => `- ${storeText(x.id, 40)}: +${formatNumber(x.contribution, 1)} points (${storeText(x.evidence)})`,
            )),
      ...more(fired.length, 4),
    ];
  },
};
