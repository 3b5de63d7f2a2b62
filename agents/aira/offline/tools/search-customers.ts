// search_customers: one customer's record by name or e-mail: orders, total spent, latest order.
import type { searchCustomers } from "../../../lookup/tools";
import { formatDay, more, plural, quote, storeText, type Format, type Input, type Out } from "../format";
import { clarify, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const customerSearch: ToolModule = {
  name: "search_customers",
  rules: [
    r(
      "search_customers",
      6,
      /\b(?:find|look ?up|search(?: for)?|who is|who'?s|details? (?:of|for|on|about)|info(?:rmation)? (?:on|about))\s+(?:the\s+|a\s+|our\s+|my\s+)?(?:customer|client|buyer|shopper)\b|\bcustomer (?:called|named)\b(?!\s+(?:to|and|us|me|back|in|earlier|yesterday|today|this|again|about)\b)|\bwho is [\w.+-]+@/,
    ),
    // "jo@example.com, how much has she spent with us", "has Hannah Berg ever bought from us": one customer's record.
    r("search_customers", 7, [
      /@/,
      /\b(?:spent|spend|ordered before|bought before|ever (?:bought|ordered|purchased|shopped))\b/,
    ]),
    r(
      "search_customers",
      7,
      /\b(?:has|did|have)\s+[a-z][\w'-]+(?:\s+[a-z][\w'-]+)?\s+ever\s+(?:bought|ordered|purchased|shopped|buy|order|purchase|shop)\b|\bhow much has (?:she|he|they|this customer|that customer) spent\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const email = /[\w.+-]+@[\w-]+\.[\w.-]+/.exec(msg.raw)?.[0];
    if (email) return tool("search_customers", { query: email.toLowerCase() });
    const named =
      /\b(?:customer|client|buyer|shopper)\s+(?:called|named)?\s*([A-Za-z][\w'-]+(?:\s+[A-Za-z][\w'-]+)?)/i.exec(
        msg.raw,
      ) ??
      /\bwho is\s+([A-Za-z][\w'-]+(?:\s+[A-Za-z][\w'-]+)?)/i.exec(msg.raw) ??
      /\b(?:has|did|have)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s+ever\s+(?:bought|ordered|purchased|shopped|buy|order|purchase|shop)\b/.exec(
        msg.raw,
      );
    const query = named?.[1]?.replace(/\s+(?:please|pls|now)$/i, "").trim();
    if (!query || query.length < 2) return clarify("Which customer? Give me a name or an email address.");
    return tool("search_customers", { query });
  },
  write(d: Out<typeof searchCustomers>, _input: Input, f: Format): string[] {
    if (d.customers.length === 0) return ["I found no customer with that name or email."];
    return [
      `**${plural(d.customers.length, "customer")} found:**`,
      ...d.customers
        .slice(0, 4)
        .map(
          (c) =>
            `- ${quote(c.name ?? c.email ?? "A customer", 40)}${c.name && c.email ? ` (${storeText(c.email, 50)})` : ""}: ${plural(c.orders, "order")}, ${f.money(c.totalSpent)} spent${c.latestOrder ? `, latest order ${storeText(c.latestOrder.name, 20)} on ${formatDay(c.latestOrder.createdAt)}` : ""}`,
        ),
      ...more(d.customers.length, 4, "more customers"),
    ];
  },
};
