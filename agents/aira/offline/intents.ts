// Which tool a command asks for: weighted phrase rules summed per tool, plus what the message
// contains (a date, a product, an amount, an order name...). The highest total wins; a near tie
// between tools a merchant could both mean becomes a clarifying question.

import { always, r, type Rule, type Signals } from "./kit";
import { revenueForecast } from "./tools/revenue-forecast";
import { campaignResults } from "./tools/campaign-results";
import { supportMetrics } from "./tools/support-metrics";
import { deadStock } from "./tools/dead-stock";
import { cashFlow } from "./tools/cash-flow";
import { riskyOrders } from "./tools/risky-orders";
import { trending } from "./tools/find-trending";
import { bundles } from "./tools/product-bundles";
import { categoryGaps } from "./tools/category-gaps";
import { anomalies } from "./tools/revenue-anomalies";
import { segments } from "./tools/customer-segments";
import { lifetimeValue } from "./tools/lifetime-value";
import { agentFindings } from "./tools/agent-findings";
import { agentStatus } from "./tools/agent-status";
import { changeOutcomes } from "./tools/change-outcomes";
import { pendingActions } from "./tools/pending-actions";
import { orderRisk } from "./tools/order-risk";
import { orderRouting } from "./tools/order-routing";
import { analyticsQuery } from "./tools/analytics-query";
import { securityScan } from "./tools/security-scan";
import { complianceStatus } from "./tools/compliance-status";
import { auditLog } from "./tools/audit-log";
import { alertList } from "./tools/alerts";
import { alertExplanation } from "./tools/explain-alert";
import { salesSummary } from "./tools/sales-summary";
import { compareSales } from "./tools/compare-sales-periods";
import { shopOverview } from "./tools/shop-overview";
import { demandForecast } from "./tools/demand-forecast";
import { stockoutRisks } from "./tools/stockout-risks";
import { purchaseOrder } from "./tools/purchase-order";
import { priceSuggestions } from "./tools/price-suggestions";

export type { Signals } from "./kit";

/** "let #6023 ship now", "ok to ship", "go ahead and send it": releasing a held order. */
export const LETS_SHIP =
  /\blet\b[^.]{0,25}\b(?:ship|go out|go|be (?:shipped|fulfilled|sent))\b|\b(?:ok|okay|fine|cleared?|good) to (?:ship|go|fulfil\w*|send)\b|\bgo ahead (?:and )?(?:ship|fulfil\w*|send)\b/;
/** A first response given outside the app: "note that she's had a response", "I've replied by phone". */
export const RESPONDED =
  /\b(?:had|got|received|given)\s+(?:a\s+|her\s+|his\s+|their\s+|our\s+)?(?:first\s+)?(?:response|reply|answer)\b|\b(?:replied|responded|answered)\s+(?:to\s+(?:her|him|them)\s+)?(?:by|on|over)\s+(?:phone|e-?mail|whatsapp|text)\b|\bmark (?:it )?as responded\b/;

const RULES: Rule[] = [
  // Sales figures for a period.
  ...salesSummary.rules,

  // Two periods side by side.
  ...compareSales.rules,

  // Demand and revenue forecasts.
  ...demandForecast.rules,
  ...revenueForecast.rules,

  // Stock running out.
  ...stockoutRisks.rules,
  ...purchaseOrder.rules,

  // Purchase orders.

  // Setting on-hand stock.
  r(
    "propose_inventory_adjustment",
    5,
    /\b(set|update|change|adjust|correct|fix|make)\b[^.]{0,50}\b(stock|inventory|on[- ]hand|quantity|qty|count)\b/,
  ),
  r("propose_inventory_adjustment", 3, /\b(stock|inventory|on[- ]hand|quantity|qty)\b[^.]{0,40}\bto\s+\d+\b/),
  // "reduce the stock of X to 5", "bring the hoof oil stock down to 12": the stock is what changes.
  r(
    "propose_inventory_adjustment",
    5,
    /\b(?:reduce|lower|increase|raise|drop|bring|bump)\s+(?:the\s+|our\s+|my\s+)?(?:stock|inventory|on[- ]hand|quantity|qty|count)\b|\b(?:reduce|lower|increase|raise|drop|bring|bump|take|put)\b[^.]{0,40}\b(?:stock|inventory|qty|quantity)\s+(?:(?:up|down)\s+)?(?:to|by)\s+\d/,
  ),
  r("propose_inventory_adjustment", 4, /\b(counted|recount(?:ed)?|re-count(?:ed)?|stocktake|stock take|cycle count)\b/),
  // "i count the black hoody, we have really 11 not 8": a count in the present tense, a figure that corrects another.
  r("propose_inventory_adjustment", 4, /\b(?:i|we)\s+(?:just\s+|have\s+)?count\b/, (s) => s.product),
  r(
    "propose_inventory_adjustment",
    5,
    /\b(?:have|has|got|is|are)\s+(?:really|actually|in fact|in reality)\s+\d+\b|\b(?:really|in reality|in fact)\s+(?:have|has|got|is|are)?\s*\d+\b|\b\d+\s*,?\s+not\s+\d+\b(?!\s*(?:%|percent|days?|weeks?))/,
    (s) => s.product && !s.percent,
  ),
  // "add 5 bracelets", "add them to stock", "put 3 back on the shelf": units added at a location.
  r(
    "propose_inventory_adjustment",
    4,
    /\badd(?:ed|ing)?\s+(?:another\s+)?\d+\b|\badd (?:(?:them|these|those|it|that) )?(?:to|into|onto|in) (?:the\s+|our\s+|my\s+)?(?:stock|inventory|count|shelf|shelves)\b|\bput\s+\d+\b[^.]{0,30}\bback\b/,
    (s) => s.product,
  ),
  r(
    "propose_inventory_adjustment",
    5,
    /\b(?:sort|fix|correct|update)\b[^.]{0,10}\bcount\b|\bcount\b[^.]{0,10}\b(?:wrong|off|out)\b|\bshrink(?:age)?\b/,
    (s) => s.amount,
  ),
  r(
    "propose_inventory_adjustment",
    4,
    /\b(received|receive|receiving|got in|arrived?|arrives|arriving|delivered|came in|come in|comes in)\b|\bgot \d+ (?:more|units|pcs|pieces)\b|\b\d+ more (?:arrived?|came|come)\b|\b(?:got|had|took)\s+(?:in\s+)?\d+\b[^.,]{0,40}\s+in(?:\s+(?:today|yesterday|this morning|this week))?\s*[.!]*$/,
    (s) => s.amount,
  ),
  r(
    "propose_inventory_adjustment",
    5,
    /\b(?:inventory|stock)\s+(?:correction|adjustment|recount|fix)\b|\bactually (?:have|has|is|are|at)?\s*\d+\b/,
  ),
  r(
    "propose_inventory_adjustment",
    4,
    /\b(damaged|broken|broke|smashed|cracked|dented|leaked|leaking|ruined|torn|ripped|faulty|defective|unsellable|written off|write off|writing off|wrote off|lost|stolen|spoiled|expired|shrinkage)\b/,
    (s) => s.amount,
  ),
  r(
    "propose_inventory_adjustment",
    5,
    /\b(?:stock|inventory|on[- ]hand|qty|quantity|count)\s+(?:should|must|needs? to|ought to)\s+(?:be|read|say)\s+(?:at\s+)?\d/,
  ),
  r(
    "propose_inventory_adjustment",
    4,
    /\b(?:stock|inventory) count\b|\b(?:stock|inventory|on[- ]hand|count)\b[^.]{0,40}\b(?:is|are|=)\s+\d+\b/,
  ),
  r(
    "propose_inventory_adjustment",
    4,
    /\bhas\s+\d+\s+(?:on[- ]hand|in stock|left)|\b\d+\s+(?:on[- ]hand|in stock|left)\b/,
  ),
  // "cap stock 30", "halter qty: 12": a terse new count next to a named product.
  r(
    "propose_inventory_adjustment",
    5,
    /\b(?:stock|inventory|on[- ]hand|qty|quantity)\s*[:=]?\s*\d+\b(?!\s*(?:%|percent|days?|weeks?|months?|\.\d))/,
    (s) => s.product && !s.percent,
  ),
  // Returns and write-offs named by where the units go: "put them back in stock", "add it back into stock",
  // "take 1 out of stock as damaged" (not a question about running out).
  r(
    "propose_inventory_adjustment",
    7,
    /\bback\s+(?:in|into|on|onto|to)\s+(?:the\s+|our\s+)?(?:stock|inventory|shel(?:f|ves))\b|\b(?:take|took|taking)\b[^.]{0,40}?\b(?:out of|off)\s+(?:the\s+)?(?:stock|inventory)\b/,
    (s) => s.product,
  ),
  // A question about how many there are is not a stock change.
  r("propose_inventory_adjustment", -4, /^(?:\w+,?\s+)?how (?:many|much)\b/),

  // Price suggestions (read-only) and price changes (proposals).
  ...priceSuggestions.rules,
  r(
    "propose_price_change",
    1,
    /\b(set|change|update|make|raise|increase|lower|reduce|decrease|drop|cut|bump|hike|put|adjust|mark ?(?:down|up)|discount|knock|reprice|re-price)\b/,
  ),
  r("propose_price_change", 2, /\b(price|prices|priced|pric|cost|costs)\b/),
  r(
    "propose_price_change",
    2,
    /\bon sale\b|\bmark ?down\b|\bshould (?:be|cost|go (?:up |down )?to|sell (?:at|for))\b|\bto cost\b/,
  ),
  // "white dressage pad -> 69.95": a named product and an amount in cents reads as its new price.
  r("propose_price_change", 2, /\b(?:to|at|for)\s+[$£€]?\d+\.\d{2}\b/, (s) => s.product),
  // "Turnout rug 6'9" -> 134", "gloves to 30": a product and "to" an amount ending the first clause.
  r(
    "propose_price_change",
    3,
    [
      /^[^.?!]*\bto\s+[$£€]?\d+(?:\.\d{1,2})?\s*(?:[$£€]|dollars?|pounds?|euros?|quid|bucks)?\s*(?:[.!,;]|$)/,
      /^(?!.*\b(?:stock|inventory|on[- ]hand|units?|pcs|pieces|qty|quantity|count|limit|uses|days?|weeks?|months?|re-?order\w*|orders?|forecast\w*|restock\w*|top up|buy|purchase|demand|sell\w*|sold|agents?|run)\b)/,
    ],
    (s) => s.product && !s.code && !s.percent,
  ),
  // "rubber reins 20% cheaper", "paddock boots down to 119".
  r(
    "propose_price_change",
    3,
    /\d\s*(?:%|percent|per cent|dollars?|quid|pounds?|bucks)\s*(?:cheaper|dearer|more expensive|less|more|higher|lower)\b|\d\s*(?:cheaper|dearer|more expensive)\b|\b(?:up|down)\s+to\s+[$£€]?\d/,
    (s) => s.product && !s.code,
  ),
  r("propose_price_change", 2, /\b(?:at|to|be|for)\s+(?:\$|£|€)\s?\d/),
  r("propose_price_change", 2, always, (s) => s.amount || s.percent),
  r("propose_price_change", 2, always, (s) => s.product),
  // "put it up 12%", "knock the gloves down a fiver": an instruction to move a named product's price.
  r(
    "propose_price_change",
    3,
    [
      /^(?!.*\b(?:stock|inventory|on[- ]hand|units|qty|quantity)\b)/,
      /\b(?:put|bump|push|take|bring|knock|mark|move|nudge|jack|hike|whack|stick|shove)\b(?:\s+\S+){0,5}?\s+(?:up|down)\b|\b(?:raise|increase|lower|reduce|decrease|drop|cut|hike|bump|change|set|make)\b(?:\s+\S+){0,6}?\s+(?:(?:to|by)\s+)?[$£€]?\d|\bknock\b[^.]{0,20}\boff\b/,
    ],
    (s) => (s.amount || s.percent) && s.product,
  ),
  // "10% off the cap": a cut to a named product's price (a code is named as one).
  r(
    "propose_price_change",
    2,
    /\d\s*%\s*off\b|(?:\$|£|€)\s?\d+(?:\.\d+)?\s*off\b|\b\d+(?:\.\d+)?\s*(?:percent|dollars?|pounds?|quid|bucks)\s+off\b/,
    (s) => s.product && !s.code,
  ),
  // "I'd like to try it at 139", "let's sell them for 20": a named product at a new amount.
  r(
    "propose_price_change",
    4,
    /\b(?:try|sell|list|have|put|offer|price)\s+(?:it|them|this|that|these|those)\s+(?:at|for)\s+[$£€]?\d/,
    (s) => s.product && !s.code,
  ),
  r("propose_price_change", -3, /\b(codes?|coupons?|vouchers?|promo)\b/),
  // "stock should be 93" is a count, not a price.
  r(
    "propose_price_change",
    -3,
    /\b(?:stock|inventory|on[- ]hand|qty|quantity|count)\s+(?:should|must|needs? to|ought to)\s+(?:be|read|say)\b/,
  ),

  // Discount codes and campaigns.
  r("propose_discount_code", 5, /\b(discount|promo|coupon|voucher)\s*codes?\b|\bcoupons?\b|\bvouchers?\b|\bpromo\b/),
  r("propose_discount_code", 2, /\bcodes?\b/),
  // "15% code for our VIP customers": a code with an amount off, whoever it is meant for.
  r("propose_discount_code", 4, /\b(?:codes?|coupons?|vouchers?)\b/, (s) => s.percent || s.amount),
  r("propose_discount_code", 4, /\b(?:discount|promo|promotion)\b/, (s) => s.code && (s.percent || s.amount)),
  // "create OLYMPIA20 for 20% off": a code typed with an amount off.
  r("propose_discount_code", 4, /\boff\b/, (s) => s.code && (s.percent || s.amount)),
  r(
    "propose_discount_code",
    4,
    /\b(create|make|new|set up|setup|generate|add|issue)\b[^.]{0,30}\bdiscount\b/,
    (s) => s.code || s.percent || s.amount,
  ),
  r("propose_discount_code", 1, /\b(create|make|new|set up|setup|generate|add|issue|give)\b/),
  r("propose_discount_code", 2, /\d\s*%\s*off\b|\$\s?\d+(?:\.\d+)?\s*off\b|\b\d+\s*(?:percent|dollars?)\s+off\b/),
  r("propose_discount_code", -2, always, (s) => s.product),
  ...campaignResults.rules,
  r("propose_campaigns", 3, /\bcampaigns?\b/),
  r("propose_campaigns", 2, [
    /\bcampaigns?\b/,
    /\b(ideas?|suggest(?:ions?)?|propose|plan|create|run|launch|new|some)\b/,
  ]),
  r("propose_campaigns", 5, /\bwin[- ]?back\b|\bre-?engage\b|\bbring (?:back|them back)\b/),
  r("propose_campaigns", 2, /\bclear (?:out )?(?:slow movers|stock|dead stock|inventory)\b/),
  r(
    "propose_campaigns",
    5,
    /\bvips?\b[^.]{0,25}\b(?:rewards?|offers?|perks?|treats?|thank[- ]yous?)\b|\b(?:reward|thank|treat|look after)\b[^.]{0,20}\b(?:best|loyal|top|vip|biggest)\s+customers\b/,
  ),
  r(
    "propose_campaigns",
    4,
    /\b(?:promo(?:tion)?|marketing|sale)s?\s+(?:ideas?|suggestions?|plans?)\b|\bideas? for (?:a |some )?(?:promo(?:tion)?|sale|marketing)s?\b/,
  ),
  r(
    "propose_campaigns",
    5,
    /\b(?:ideas?|ways?|how (?:do|can|could|should) (?:we|i)|help me)\b[^.]{0,20}\b(?:clear|shift|move|get rid of|sell off|offload)\b/,
  ),

  // Agents.
  r("run_agent", 3, /\b(?:agents?|bots?)\b/),
  r(
    "run_agent",
    2,
    /^(?:please |pls |can you |could you |now )?(?:run|start|launch|trigger|kick off|kickoff|execute|fire off|fire up|spin up|boot up|rerun|re-run)\b/,
  ),
  r("run_agent", 4, always, (s) => s.agentNamed, true),
  r(
    "run_agent",
    5,
    /\b(sync|re-?sync|synchroni[sz]e)\b|\b(?:refresh|reload|re-?import|pull|import)\b[^.]{0,20}\b(?:data|mirror|catalog(?:ue)?|products|orders)\b[^.]{0,20}\bshopify\b|\brefresh (?:the )?(?:data|mirror)\b/,
  ),

  // Support.
  r(
    "list_support_tickets",
    3,
    /\btickets?\b|\bsupport (?:queue|inbox)\b|\b(?:help ?desk|customer service) (?:queue|inbox)\b|\bsupport requests?\b|\bcustomer (?:messages|emails|questions|inquiries|enquiries|complaints)\b|\binquiries\b|\benquiries\b/,
  ),
  r("list_support_tickets", 1, [/\btickets?\b/, /\b(list|show|any|open|pending|solved|closed|all|see|view|waiting)\b/]),
  r(
    "draft_support_reply",
    5,
    /\b(draft|write|compose|prepare|suggest\w*)\b[^.]{0,40}\b(reply|response|answer|email back)\b/,
  ),
  r("draft_support_reply", 5, /\b(?:reply|response|answer)\s+(?:suggestions?|ideas?|drafts?|templates?)\b/),
  r("draft_support_reply", 4, /\b(draft|write|compose|prepare|suggest\w*|propose)\b/, (s) => s.ticketId),
  r("draft_support_reply", 4, /\b(reply|respond|answer)\s+to\b/),
  r("draft_support_reply", 5, /\b(write back|get back to|respond|reply)\b/, (s) => s.ticketId),
  r(
    "draft_support_reply",
    5,
    /\b(answer|handle|reply to|respond to)\s+(?:this\s+|the\s+|that\s+)?(?:ticket|customer|email|message|complaint)\b/,
  ),
  r(
    "update_support_ticket",
    5,
    /\b(close|solve|resolve|reopen|re-open|escalate|de-?escalate|assign|mark|prioriti[sz]e)\b[^.]{0,40}\btickets?\b/,
  ),
  r(
    "update_support_ticket",
    5,
    /\btickets?\b[^.]{0,60}\b(?:as )?(solved|closed|resolved|urgent|escalated)\b/,
    (s) => s.ticketId,
  ),
  r("update_support_ticket", 1, always, (s) => s.ticketId),
  r(
    "update_support_ticket",
    5,
    /\b(assign|reassign|mark|flag|set|prioriti[sz]e|close|solve|resolve|hand(?:ed)? (?:\S+ )?over|pass(?:ed)? (?:\S+ )?(?:on|over)|give)\b/,
    (s) => s.ticketId,
  ),
  r("update_support_ticket", 5, /\b(escalate|de-?escalate|reopen|re-open)\b/, (s) => s.ticketId),
  // "I rang her, note that she's had a response": a first response given outside the app, recorded.
  r("update_support_ticket", 6, RESPONDED, (s) => s.ticketId),
  // "cm4x... -> urgent": a ticket and a priority or status word alone.
  r("update_support_ticket", 5, /\b(?:low|normal|high|urgent|pending|solved|closed)\b/, (s) => s.ticketId),
  r(
    "update_support_ticket",
    5,
    /\b(?:low|normal|high|urgent)\s+priority\b|\bpriority\b[^.]{0,15}\b(?:low|normal|high|urgent)\b|\b(?:bump|raise|lower|upgrade|downgrade|switch|move)\b/,
    (s) => s.ticketId,
  ),
  ...supportMetrics.rules,
  r("create_support_ticket", 6, /\b(open|create|log|raise|file|new|make)\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}?ticket\b/),

  // Alerts.
  ...alertList.rules,
  ...agentFindings.rules,
  ...alertExplanation.rules,
  // "snooze alert cm5... for a week", "resolve alert cm5...: reordered": a decision needs the id.
  // "snooze that alert for a week" without its id: the builder asks which alert.
  r("decide_alert", 8, [/\b(acknowledge|ack|snooze|mute|resolve|reopen|re-open|dismiss|close)\b/, /\balerts?\b/]),
  r(
    "decide_alert",
    8,
    /\b(acknowledge|ack|snooze|mute|resolve|reopen|re-open|mark(?:ed)?\b.{0,20}\b(?:resolved|done|handled))\b/,
    (s) => s.alertId,
  ),

  // Research.
  ...trending.rules,
  ...bundles.rules,
  ...deadStock.rules,
  ...categoryGaps.rules,

  // Customers.
  ...segments.rules,
  ...lifetimeValue.rules,

  // Analytics queries.
  ...analyticsQuery.rules,

  // Cash flow.
  ...cashFlow.rules,

  // Security.
  ...securityScan.rules,
  ...complianceStatus.rules,
  ...auditLog.rules,
  ...pendingActions.rules,
  r(
    "propose_price_change",
    -3,
    /\bdidn'?t (?:seem to )?(?:stick|go through|apply|take)\b|\b(?:fail|failed) to (?:go through|apply|stick)\b/,
  ),

  // How applied changes did: "how did the price change do?", "did raising the price work?".
  ...changeOutcomes.rules,

  // Orders.
  ...orderRisk.rules,
  r("propose_fulfillment_hold", 3, /\b(hold|pause|halt)\b/),
  // "put that order on hold": a hold with no order named still asks which order.
  r("propose_fulfillment_hold", 3, /\border\b[^.]{0,15}\bon hold\b|\bhold (?:the|that|this|her|his|their) order\b/),
  r("propose_fulfillment_hold", 3, /\b(release|unhold|un-hold|lift|remove) (?:the )?hold\b/),
  r("propose_fulfillment_hold", 4, /\b(unhold|un-hold)\b/),
  r("propose_fulfillment_hold", 3, /\brelease\b/, (s) => s.orderName),
  r(
    "propose_fulfillment_hold",
    5,
    /\b(?:don'?t|do not|stop|hold off(?: on)?|wait (?:to|before))\s+(?:ship(?:ping)?|fulfil\w*|send(?:ing)?|dispatch\w*)\b|\b(?:stop|keep)\s+(?:it|them|this|that|this one|that one|the order|#?\d{3,10})\s+(?:from\s+)?(?:going out|shipping|being (?:sent|shipped|dispatched))\b/,
  ),
  // "let #6023 ship now", "ok to ship #6023": releasing a held order.
  r(
    "propose_fulfillment_hold",
    5,
    [/^(?!(?:is|are|can|could|should|would|will|do|does|was)\b)(?!.*\?\s*$)/, LETS_SHIP],
    (s) => s.orderName,
  ),
  r("propose_fulfillment_hold", 3, always, (s) => s.orderName),
  ...orderRouting.rules,

  // Store overview and anomalies.
  ...shopOverview.rules,
  ...anomalies.rules,

  // Lookups: a product, an order or a customer by what the merchant calls it; risky orders; an agent's last run.
  r(
    "search_products",
    4,
    /\b(?:find|look ?up|search(?: for)?|pull up|show me|details? (?:of|for|on|about)|info(?:rmation)? (?:on|about|for)|tell me about|what do (?:we|i) (?:have|know) (?:on|about|for))\b/,
    (s) => s.product && !s.orderName,
  ),
  r(
    "search_products",
    5,
    /\b(?:products?|items?|skus?)\s+(?:by|from|made by|supplied by)\s+(?!(?:revenue|sales|units|profit|margin)\b)[a-z]|\b(?:products?|items?)\s+(?:under|below|over|above|cheaper than|priced (?:under|over|below|above|at))\s+\$?\d/,
  ),
  // "what's under 5 in stock", "items with fewer than 3 left": a search by stock on hand.
  r(
    "search_products",
    7,
    /\b(?:under|below|fewer than|less than|at most|no more than)\s+\d+\s+(?:units?\s+)?(?:in stock|left|on hand|on the shelf)\b|\b\d+\s+(?:units?\s+)?or\s+(?:fewer|less|under|below)\s+(?:units?\s+)?(?:in stock|left|on hand|on the shelf)\b|\b(?:in stock|stock|on hand)\s+(?:under|below|of less than|less than|fewer than)\s+\d+\b/,
    (s) => !s.product,
  ),
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
    /\b(?:unfulfilled|unshipped|not (?:yet )?shipped|fulfilled|partially fulfilled)\s+orders?\b|\borders?\b[^.?]{0,40}\b(?:not (?:yet )?(?:shipped|gone out|been sent)|unfulfilled|waiting to ship|(?:still\s+)?(?:haven'?t|hasn'?t|have not|has not)\s+(?:yet\s+)?(?:shipped|gone out|been (?:sent|shipped)))\b/,
  ),
  r(
    "get_order",
    5,
    /\b(?:show|look ?up|find|pull up|open|details?|what'?s in|what is in|what was in|contents? of|items? (?:in|on)|status of|tell me about)\b/,
    (s) => s.orderName,
  ),
  // "order 1199?", "#1203": an order named with nothing else asked is a look-up.
  r("get_order", 3, /^\W*(?:order\s*(?:number|no\.?)?\s*)?#?\s?\d{3,10}\W*$/, (s) => s.orderName),
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
  ...riskyOrders.rules,
  ...agentStatus.rules,

  // Product copy.
  r(
    "draft_product_copy",
    5,
    /\b(product descriptions?|descriptions?|copy|copywriting|blurb|listing text|seo (?:title|description|text)|write up|writeup)\b/,
  ),
  r("draft_product_copy", 1, /\b(write|draft|rewrite|improve)\b/),
  // "make me a text for the rope halter": second-language English for copy.
  r("draft_product_copy", 5, /\b(?:a|some|new|nice|better)\s+texts?\s+(?:for|about|on)\b/, (s) => s.product),
  r(
    "propose_product_copy",
    7,
    /\b(?:rename|retitle)\b|\b(change|update|set)\b[^.]{0,30}\b(title|name)\b[^.]{0,60}\b(?:to|into|in)\b/,
  ),
];

/**
 * The text without what the merchant sets aside ("forget the demand forecast", "don't need bundle
 * stuff right now"): those words must not choose the tool.
 */
export function withoutDismissed(text: string): string {
  return text.replace(
    /\b(?:forget(?: about)?|never ?mind|skip|don'?t (?:need|want|care about|bother with)|not (?:interested in|after)|no need for)\s+(?:the\s+|any\s+|about\s+)?[a-z' -]{1,40}?(?=\s*[,.;!?]|\s+(?:right now|for now|today|just|i|and|but|please|pls)\b|$)/g,
    (m) => " ".repeat(m.length),
  );
}

/** Tools in order of preference when two score the same: the order of their first rule above. */
const PRIORITY = [...new Set(RULES.map((rule) => rule.tool))];

export interface IntentScore {
  tool: string;
  score: number;
}

/** Every tool with a positive score, best first. */
export function scoreIntents(text: string, signals: Signals): IntentScore[] {
  const totals = new Map<string, number>();
  const worded = new Set<string>();
  for (const rule of RULES) {
    if (rule.when && !rule.when(signals)) continue;
    if (!rule.all.every((re) => re.test(text))) continue;
    totals.set(rule.tool, (totals.get(rule.tool) ?? 0) + rule.weight);
    if (rule.textual && rule.weight > 0) worded.add(rule.tool);
  }
  return [...totals]
    .filter(([tool, score]) => score > 0 && worded.has(tool))
    .map(([tool, score]) => ({ tool, score }))
    .sort((a, b) => b.score - a.score || PRIORITY.indexOf(a.tool) - PRIORITY.indexOf(b.tool));
}

/** Tool pairs a merchant could both mean; a tie between them is asked about rather than guessed. */
export const CONFUSABLE: [string, string, string][] = [
  ["forecast_demand", "forecast_revenue", "Do you want a revenue forecast, or a demand forecast for a product?"],
];
