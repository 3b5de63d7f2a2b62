// search_orders: orders by customer (name or e-mail), fulfilment and period, newest first.
import type { searchOrdersTool } from "../../../lookup/tools";
import { formatDay, formatNumber, more, plural, quote, storeText, type Format, type Input, type Out } from "../format";
import { clamp, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

const orderLine = (o: Out<typeof searchOrdersTool>["orders"][number], f: Format) =>
  `- Order ${storeText(o.name, 20)}${o.customer ? ` from ${quote(o.customer, 40)}` : ""}, ${formatDay(o.createdAt)}: ${f.money(o.total)}${o.cancelled ? ", cancelled" : o.fulfillmentStatus && /^fulfilled$/i.test(o.fulfillmentStatus) ? ", shipped" : ", not shipped yet"}${o.refunded > 0 ? `, ${f.money(o.refunded)} refunded` : ""}`;

export function searchOrders(msg: Message): Understanding {
  const input: Record<string, unknown> = {};
  const email = /[\w.+-]+@[\w-]+\.[\w.-]+/.exec(msg.raw)?.[0];
  const from =
    /\b(?:orders?|purchases?)\s+(?:from|by|placed by|for)\s+(?:customer\s+)?([A-Za-z][\w'-]*(?:\s+[A-Z][\w'-]*)?)/.exec(
      msg.raw,
    ) ?? /\b([A-Za-z][\w-]*(?:\s+[A-Z][\w-]*)?)'s\s+(?:latest\s+|last\s+|recent\s+)?orders?\b/.exec(msg.raw);
  const STOP =
    /^(?:the|this|last|past|previous|yesterday|today|week|month|year|black|my|our|me|us|all|every|customers?)$/i;
  // "orders from Thanksgiving to Black Friday": a period, not a customer.
  const dated = (name: string) => msg.dates.some((d) => msg.text.slice(d.start, d.end).startsWith(name.toLowerCase()));
  if (email) input.customer = email.toLowerCase();
  else if (from && !STOP.test(from[1].split(/\s+/)[0]) && !dated(from[1].split(/\s+/)[0]))
    input.customer = from[1].trim();
  if (
    /\b(?:unfulfilled|unshipped|not (?:yet )?(?:shipped|fulfilled|dispatched)|waiting to ship)\b|\b(?:haven'?t|hasn'?t|have not|has not)\s+(?:yet\s+)?(?:shipped|gone out|been (?:sent|shipped|fulfilled|dispatched))\b/.test(
      msg.text,
    )
  )
    input.fulfillment = "unfulfilled";
  else if (/\bpartially fulfilled\b/.test(msg.text)) input.fulfillment = "partial";
  else if (/\bfulfilled|shipped\b/.test(msg.text)) input.fulfillment = "fulfilled";
  const period = msg.period;
  if (period) {
    // "orders from last week": placed in that week, not since it.
    const placedIn =
      period.role === "since" && /\b(?:orders?|purchases?)\s+from\s+$/.test(msg.text.slice(0, period.start));
    const range = placedIn ? period.anchor : period.range;
    input.from = range.from;
    input.to = range.to;
  }
  if (/\b(?:latest|last|newest|most recent)\s+order\b(?!s)/.test(msg.text)) input.limit = 1;
  else if (msg.limit) input.limit = clamp(msg.limit, 1, 50);
  return tool("search_orders", input);
}

export const orderSearch: ToolModule = {
  name: "search_orders",
  rules: [
    r(
      "search_orders",
      5,
      /\b(?:orders?|purchases?)\s+(?:from|by|placed by)\s+(?!(?:the\s+)?(?:last|this|past|previous|yesterday|today|week|month|year|black)\b)[a-z0-9@.]+/,
    ),
    // "what has sophie@example.com ordered", "what did Anna buy recently": a customer's orders.
    r(
      "search_orders",
      6,
      /[\w.+-]+@[\w-]+\.[\w.-]+[^?]{0,25}\b(?:ordered|bought|purchased|buy|order)\b|\b(?:orders?|purchases?) (?:of|from|by) [\w.+-]+@/,
    ),
    r("search_orders", 1, /\b[a-z]+'s orders?\b/),
    r(
      "search_orders",
      5,
      /\b[a-z]+'s orders?\b|\b(?:latest|last|newest|most recent|recent) orders?\b(?!\s+(?:value|count|volume|total))/,
    ),
    r(
      "search_orders",
      5,
      /\b(?:unfulfilled|unshipped|not (?:yet )?shipped|fulfilled|partially fulfilled)\s+orders?\b|\borders?\b[^.?]{0,60}\b(?:not (?:yet )?(?:shipped|gone out|been sent|fulfilled|dispatched)|unfulfilled|waiting to ship|(?:still\s+)?(?:haven'?t|hasn'?t|have not|has not)\s+(?:yet\s+)?(?:shipped|gone out|been (?:sent|shipped|fulfilled|dispatched)))\b/,
    ),
  ],
  build: searchOrders,
  write(d: Out<typeof searchOrdersTool>, _input: Input, f: Format): string[] {
    if (d.orders.length === 0) return ["No orders match that."];
    if (d.orders.length === 1) return [orderLine(d.orders[0], f).slice(2) + "."];
    return [
      `**${d.more ? `The latest ${formatNumber(d.orders.length, 0)} orders that match` : plural(d.orders.length, "order")}:**`,
      ...d.orders.slice(0, 5).map((o) => orderLine(o, f)),
      ...more(d.orders.length, 5, "more orders"),
    ];
  },
};
