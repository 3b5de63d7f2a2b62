// What the order-fulfillment agent records (ADR 0013): each order it would hold, with its fraud
// score and the risk factors that fired. Approving one proposes a fulfillment hold.
import { z } from "zod";
import type { ToolOutput } from "../core/registry";
import { findingKind } from "../findings/kind";
import type { FoundItem } from "../findings/store";
import { plural } from "../findings/words";
import type { scoreOrderRiskTool } from "./tools";

export const riskyOrder = findingKind(
  "risky_order",
  z.object({
    order: z.string(),
    score: z.number(),
    level: z.string(),
    reason: z.string(),
    factors: z.array(z.object({ id: z.string(), contribution: z.number(), evidence: z.string() })),
  }),
);

export function riskyOrderFinding(risk: ToolOutput<typeof scoreOrderRiskTool>): FoundItem {
  const fired = risk.factors.filter((f) => f.fired);
  return riskyOrder.item(
    `order:${risk.order}`,
    `Order ${risk.order} looks risky (${Math.round(risk.score)} out of 100): consider holding it`,
    {
      order: risk.order,
      score: risk.score,
      level: risk.level,
      reason: risk.recommendation.reason,
      factors: fired.map((f) => ({ id: f.id, contribution: f.contribution, evidence: f.evidence })),
    },
    risk.score,
  );
}

export function fulfillmentSummary(scored: number, risky: number) {
  return risky === 0
    ? `${plural(scored, "recent order")} checked; none looks risky`
    : `${plural(scored, "recent order")} checked; ${plural(risky, "order")} worth holding`;
}
