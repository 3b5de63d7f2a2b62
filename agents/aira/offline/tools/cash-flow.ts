// get_cash_flow: money in and out over a period (sales, refunds, cost of goods, payment fees).
import { formatPercent, plural, storeText, type Format, type Input } from "../format";
import { capRange, lastDays, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

// The finance helper's output, kept local so a change of shape falls back to the generic answer.
interface CashLine {
  amount: number;
}
interface CashFlowResult {
  from: string;
  to: string;
  inflows: { sales: CashLine };
  outflows: {
    refunds: CashLine;
    costOfGoodsKnown: CashLine;
    costOfGoodsExtrapolated: CashLine | null;
    paymentFees: CashLine;
  };
  paymentFeeAssumption: { rate: number; fixedPerOrder: number };
  totals: { inflows: number; outflows: number; net: number; orders: number };
  costCoverage: number;
  notIncluded: string[];
}

export const cashFlow: ToolModule = {
  name: "get_cash_flow",
  rules: [
    r(
      "get_cash_flow",
      7,
      /\b(?:money|cash)\b[^.]{0,25}\b(?:come|came|coming) in\b[^.]{0,25}\b(?:gone|went|going) out\b|\bmoney in\b[^.]{0,15}\bmoney out\b|\bins and outs\b|\bin(?:flow)?s? (?:vs\.?|versus|and|&) out(?:flow)?s?\b|\bwhere(?:'s| is| does| did)? (?:our |my |the |all (?:our |my |the )?)?(?:cash|money) (?:go(?:ing)?|went|come from|coming from)\b|\bcash ?flows?\b|\bmoney (?:coming )?in and (?:going )?out\b|\bcash position\b|\binflows? and outflows?\b|\bcash (?:in|coming in)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const range = capRange(msg.period?.range ?? lastDays(msg, 30));
    return tool("get_cash_flow", { from: range.from, to: range.to });
  },
  write(d: CashFlowResult, _input: Input, f: Format): string[] {
    const o = d.outflows;
    const extrapolated = o.costOfGoodsExtrapolated;
    return [
      `**Cash flow ${d.from} to ${d.to}:** in ${f.money(d.totals.inflows)}, out ${f.money(d.totals.outflows)}, net ${f.money(d.totals.net)} (${plural(d.totals.orders, "order")}).`,
      `- Sales ${f.money(d.inflows.sales.amount)} (recorded); refunds ${f.money(o.refunds.amount)} (recorded)`,
      `- Cost of goods ${f.money(o.costOfGoodsKnown.amount)} (estimated from unit costs, known for ${formatPercent(d.costCoverage)} of sales)${extrapolated ? (extrapolated.amount > 0 ? `, plus ${f.money(extrapolated.amount)} estimated for items without a unit cost` : "; the rest has no unit cost, so net is overstated") : ""}`,
      `- Payment fees ${f.money(o.paymentFees.amount)} (estimated at ${formatPercent(d.paymentFeeAssumption.rate)} + ${f.money(d.paymentFeeAssumption.fixedPerOrder)} per order)`,
      ...(d.notIncluded.length
        ? [`- Not included (${plural(d.notIncluded.length, "item")}), e.g. ${storeText(d.notIncluded[0], 100)}`]
        : []),
    ];
  },
};
