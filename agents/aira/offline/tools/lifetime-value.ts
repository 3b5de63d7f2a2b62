// get_customer_lifetime_value: each customer's expected spend over the next year (BG/NBD and Gamma-Gamma).
import type { getCustomerLifetimeValue } from "../../../marketing/tools";
import { formatNumber, more, plural, quote, type Format, type Input, type Out } from "../format";
import { clamp, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const lifetimeValue: ToolModule = {
  name: "get_customer_lifetime_value",
  rules: [
    r(
      "get_customer_lifetime_value",
      7,
      /\b(lifetime value|clv|ltv|cltv|customer value)\b|\bcustomers?\b[^.]{0,30}\bworth\b[^.]{0,30}\blifetime\b|\bworth of (?:a|each|our|my) customers?\b|\b(?:a|each|the average|an average|per|typical) customer (?:is )?worth\b/,
    ),
    // Who will be worth most: a forward-looking question about customers is lifetime value, not past spend.
    r("get_customer_lifetime_value", 8, [
      /\b(?:most valuable|best|top|biggest|highest[- ]value)\b[^.]{0,20}\bcustomers?\b/,
      /\b(?:going forward|in future|in the future|from now on|will be|long[- ]term|over time|next year|(?:will|they'?ll|theyll|going to|likely to|expected to|set to) spend)\b/,
    ]),
  ],
  build(msg: Message): Understanding {
    return tool("get_customer_lifetime_value", msg.limit ? { limit: clamp(msg.limit, 1, 100) } : {});
  },
  write(d: Out<typeof getCustomerLifetimeValue>, _input: Input, f: Format): string[] {
    if (d.status !== "ok")
      return [
        `Not enough order history to predict customer value yet: ${plural(d.customers, "customer")}, ${plural(d.repeatCustomers, "repeat customer")} (at least ${formatNumber(d.minCustomers)} and ${formatNumber(d.minRepeatCustomers)} are needed).`,
      ];
    return [
      `**Expected spend over the next ${plural(d.horizonDays, "day")}: ${f.money(d.totalExpectedValueNextYear)}** from ${plural(d.customersScored, "customer")} (${formatNumber(d.repeatCustomers)} have bought more than once).`,
      `At high risk of not coming back: ${plural(d.churn.high, "customer")}, worth ${f.money(d.churn.expectedValueAtHighRisk)}.`,
      ...d.customers
        .slice(0, 3)
        .map(
          (c) =>
            `- ${quote(c.name ?? c.email ?? "a customer", 40)}: ${f.money(c.expectedValueNextYear)} expected, ${f.money(c.spentSoFar)} so far, ${c.churnRiskLevel} churn risk`,
        ),
      ...more(d.customers.length, 3, "more customers"),
    ];
  },
};
