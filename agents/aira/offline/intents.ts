// Which tool a command asks for: weighted phrase rules summed per tool, plus what the message
// contains (a date, a product, an amount, an order name...). The highest total wins; a near tie
// between tools a merchant could both mean becomes a clarifying question.

import { always, FORECAST, r, type Rule, type Signals } from "./kit";
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
import { productSearch } from "./tools/search-products";
import { orderSearch } from "./tools/search-orders";
import { orderDetails } from "./tools/get-order";
import { customerSearch } from "./tools/search-customers";
import { agentRun } from "./tools/run-agent";
import { ticketList } from "./tools/list-support-tickets";
import { replyDraft } from "./tools/draft-support-reply";
import { ticketUpdate } from "./tools/update-support-ticket";
import { newTicket } from "./tools/create-support-ticket";
import { alertDecision } from "./tools/decide-alert";
import { campaigns } from "./tools/propose-campaigns";
import { copyDraft } from "./tools/draft-product-copy";
import { copyChange } from "./tools/propose-product-copy";
import { inventoryAdjustment } from "./tools/propose-inventory-adjustment";
import { priceChange } from "./tools/propose-price-change";
import { discountCode } from "./tools/propose-discount-code";
import { fulfillmentHold } from "./tools/propose-fulfillment-hold";

export type { Signals } from "./kit";

const SALES = /\b(sales|revenue|turnover|turn(?:ed|s)? over|takings|income|gmv)\b/;
/** Buying more than once: "order more than once", "buy from us again", "purchased twice". */
const BUYS_AGAIN =
  /\b(?:order(?:ed|s|ing)?|buy(?:s|ing)?|bought|purchas(?:e|es|ed|ing)|shop(?:s|ped|ping)?)\s+(?:from us\s+|with us\s+)?(?:more than once|again|twice|a second time|multiple times|repeatedly)\b/;
/** Customers buying more than once: "repeat customers", "returning customers", "buy again". */
export const REPEAT_BUYERS = new RegExp(
  String.raw`\brepeat\b|\breturning customers?\b|\bcome back\b|\bre-?purchase\b|${BUYS_AGAIN.source}`,
);
/** Words that name an agent or a sync, for questions about their runs. */
const AGENT_WORD =
  /\b(?:agents?|bots?|sync(?:ed|ing|s)?|forecast(?:ing|er)?|optimi[sz]er|monitor|research(?:er)?|fulfil?ment agent)\b/;

const RULES: Rule[] = [
  // Sales figures for a period.
  r("get_sales_summary", 2, SALES),
  r("get_sales_summary", 1, /\b(sold|sell|made|earn(?:ed)?|brought in|bring in|shift(?:ed)?|flog(?:ged)?)\b/),
  r("get_sales_summary", 1, /\borders?\b/, (s) => !s.orderName),
  r("get_sales_summary", 3, /\b(aov|average order value|average basket|basket size)\b/),
  r("get_sales_summary", 2, /\b(gross margin|margins?|net sales|refund(?:s|ed)?|cogs|cost of goods|profit)\b/),
  r("get_sales_summary", 3, /\bdiscounts?\b[^.]{0,30}\b(cost|given|gave|total|spent)\b/),
  r(
    "get_sales_summary",
    3,
    /\b(?:how much|what) (?:did|do|have|has|are) (?:we|i|you) (?:make|made|earn|earned|sell|sold|bring in|brought in|take|took|taken|take in|taken in|turn over|doing)\b/,
  ),
  r("get_sales_summary", 1.5, /\b(numbers|figures|takings|performance|results|kpis?)\b/, (s) => s.pastDate),
  r(
    "get_sales_summary",
    1.5,
    /\bhow (?:did|was|were|is|are)\b[^.]{0,40}\b(?:go|do|perform|went|look|doing)\b|\bhow (?:was|were)\b|\bhow(?:'ve| have|'d| had) (?:we|things|sales|you|i)\s+(?:gone|done|been|going|doing|performed|fared)\b/,
    (s) => s.pastDate,
  ),
  r("get_sales_summary", 1.5, always, (s) => s.pastDate),
  r(
    "get_sales_summary",
    1,
    /\b(by|per|each|for every|for each) (day|week|month)\b|\b(daily|weekly|monthly)\b|\bbroken down\b/,
  ),

  // Two periods side by side.
  r(
    "compare_sales_periods",
    4,
    /\b(compare|compared|comparing|comparison|versus|vs\.?|against|side[- ]by[- ]side|head[- ]to[- ]head|next to|relative to|alongside)\b/,
  ),
  r(
    "compare_sales_periods",
    5,
    /\b(month over month|year over year|week over week|year on year|month on month|yoy|mom|wow)\b/,
  ),
  r("compare_sales_periods", 2, /\b(up or down|growth|grew|grown)\b/),
  // "are we up on last month?", "sales down on last year".
  r(
    "compare_sales_periods",
    4,
    /\b(?:are|were|is|was) (?:we|sales|revenue|takings|orders|things)\s+(?:up|down)\b(?!\s+(?:to|for|and)\b)|\b(?:up|down) on (?:the\s+|a\s+)?(?:\d+\s+)?(?:last|same|this time|year|previous|prior|week|weeks|month|months|fortnight|period|day|days|quarter)\b/,
  ),
  r(
    "compare_sales_periods",
    5,
    /\bsame (?:period|time|month|week|day|days|weekend|quarter) (?:last|a) year\b|\bthis time (?:last|a) year\b|\ba year (?:ago|earlier)\b/,
  ),
  r(
    "compare_sales_periods",
    4,
    /\b(beat|beaten|outperform(?:ed)?|outsold|ahead of|behind|stack up|measure up)\b/,
    (s) => s.pastDate,
  ),
  r(
    "compare_sales_periods",
    3,
    /\b(more|less|better|worse|higher|lower|fewer)\b[^.]{0,40}\bthan\b(?!\s+(?:once|twice|one|\d+\s*(?:times|uses|%|percent)))/,
  ),
  r("compare_sales_periods", 2, always, (s) => s.dateCount >= 2),

  // Demand and revenue forecasts.
  r("forecast_demand", 2, FORECAST),
  r("forecast_demand", 3, /\bdemand\b/),
  r(
    "forecast_demand",
    3,
    /\bhow (?:many|much)\b[^.]{0,60}\b(?:will|we'll|i'll|going to|gonna|likely to|expect(?:ed|ing)? to|set to|on track to)\b[^.]{0,30}\b(sell|need|move|shift|flog|go through|get through)\b/,
  ),
  r(
    "forecast_demand",
    3,
    /\bhow (?:will|would|is|are|'ll)\b[^.]{0,50}\b(sell|selling|move|moving|shift|shifting|do|doing|perform|go|going)\b/,
    (s) => s.product && s.futureDate,
  ),
  // "we're doing 25% off the kit, so tell me how many we'll sell": the question is the request, the sale its context.
  r(
    "forecast_demand",
    8,
    /\bhow (?:many|much)\b[^.?]{0,30}\b(?:will we|we'll|we will|are we going to|we're going to|would we|could we|can we expect to)\s+sell\b/,
    (s) => s.product,
  ),
  r("forecast_demand", 2, always, (s) => s.product),
  ...revenueForecast.rules,

  // Stock running out.
  r(
    "get_stockout_risks",
    4,
    /\bstock(?:ing|s)? ?-?out\b|\b(low (?:on |in )?stock|stock (?:is |running )?low|(?:we|we're|are|i'm|am i|getting|get|go(?:ing)?)\s+(?:\w+\s+)?low on|low inventory|running low|run(?:s|ning)? (?:low|out)|sell(?:s|ing)? out|sold out|stock ?-?outs?|out of stock|about to (?:go|run) out|go(?:ing)? out of stock)\b/,
  ),
  r("get_stockout_risks", 5, /\bneeds? (?:restocking|restock|replenishing|replenishment|topping up)\b/),
  // "are we low?", "nearly gone", "what'll be gone in 5 weeks if we don't reorder".
  r(
    "get_stockout_risks",
    5,
    /\b(?:are|is|am|getting|running)\s+(?:we|it|they|i|those|these|stocks?)\s+(?:\w+\s+)?low\b|\b(?:nearly|almost|all but|practically|about)\s+(?:gone|out|sold through)\b|\b(?:will|'ll|going to|gonna)\s+be\s+(?:gone|out)\b|\bgone in\s+\d/,
  ),
  r(
    "get_stockout_risks",
    3,
    /\b(?:if|unless)\s+(?:we|i)\s+(?:don'?t|do not|never)\s+(?:re-?order|restock|buy|replenish|top up)\b/,
  ),
  r(
    "suggest_purchase_order",
    -3,
    /\b(?:if|unless)\s+(?:we|i)\s+(?:don'?t|do not|never)\s+(?:re-?order|restock|buy|replenish|top up)\b/,
  ),
  r(
    "get_stockout_risks",
    5,
    /\bhow long (?:will|until|till|before|does|do|would|can|is)\b[^.]{0,40}\b(?:last|run(?:s)? out|sell(?:s)? out|hold out)\b/,
  ),
  r("get_stockout_risks", 2, /\b(inventory|stock) levels?\b/),
  // "is something finishing soon?": second-language English for running out (not an agent run finishing).
  r(
    "get_stockout_risks",
    4,
    [
      /\b(?:finish(?:ing|es)?|going to finish|run(?:ning)? dry|empty soon)\b/,
      /^(?!.*\b(?:agents?|runs?|reports?|sync|jobs?|scans?|forecasts?|campaigns?|codes?|sales?)\b)/,
    ],
    (s) => !s.orderName && !s.ticketId,
  ),
  r(
    "get_stockout_risks",
    4,
    /\b(?:last|hold out|have enough|enough (?:stock|inventory))\b[^.]{0,30}\b(?:until|till|through|for)\b/,
  ),
  r(
    "get_stockout_risks",
    4,
    /\b(?:less than|under|fewer than)\s+(?:an?|\d+)\s+(?:days?|weeks?)\s+of\s+(?:stock|inventory|cover)\b|\bdays? of (?:stock|cover|inventory)\b|\b(?:stock|inventory) left\b|\bclose to selling out\b/,
  ),
  r("get_stockout_risks", 1, /\b(inventory|stock)\b/),
  // "have we got any X left", "is the Y in L available": whether there is stock.
  r(
    "get_stockout_risks",
    4,
    /\b(?:have|do|got)\b[^.]{0,12}\b(?:any|enough|some)\b[^.]{0,40}\b(?:left|remaining|in stock|available)\b/,
  ),
  r(
    "get_stockout_risks",
    3,
    [/^(?:is|are|do|does|have|has|any)\b/, /\b(?:in stock|available|left|remaining)\s*\??$/],
    (s) => s.product,
  ),
  // "how many X have we got left", "how much of the Y do we have": a question about stock on hand.
  r(
    "get_stockout_risks",
    4,
    /\bhow (?:many|much)\b(?![^.]{0,40}\b(?:customers?|orders?|buyers?|people|tickets?|alerts?|visitors?|subscribers?|codes?)\b)[^.]{0,60}\b(?:left|remaining|in stock|on hand|in the warehouse)\b/,
  ),
  r(
    "get_stockout_risks",
    4,
    /\bhow (?:many|much)\b(?![^.]{0,40}\b(?:customers?|orders?|buyers?|people|tickets?|alerts?|visitors?|subscribers?|codes?)\b)[^.]{0,60}\b(?:(?:have|do) (?:we|i) (?:got|have|hold|carry)|(?:we|i)'?ve got)\b/,
    (s) => s.product && !s.pastDate && !s.futureDate,
  ),
  r("get_stockout_risks", 1, always, (s) => s.product),

  // Purchase orders.
  r(
    "suggest_purchase_order",
    4,
    /\b(purchase orders?|po|pos|reorder(?:ing)?|re-order|replenish(?:ment)?|restock(?:ing)?)\b/,
  ),
  r(
    "suggest_purchase_order",
    4,
    /\bhow (?:many|much)\b[^.]{0,60}\b(?:should|do|must|need to) (?:i|we)\b[^.]{0,20}\b(order|buy|reorder|purchase|stock up)\b/,
  ),
  r(
    "suggest_purchase_order",
    4,
    /\bwhat (?:should|do|must) (?:i|we) (?:re-?)?order\b|\bwhat (?:to|should i|should we) (?:buy|purchase)\b/,
  ),
  r(
    "suggest_purchase_order",
    3,
    /\b(?:order|buy) from (?:my |our |the )?(?:suppliers?|vendors?)\b|\bsuppliers?\b|\bvendors?\b/,
  ),
  r(
    "suggest_purchase_order",
    2,
    /\blead[- ]?time\b|\bservice level\b|\b(?:suppliers?|vendors?|deliveries|delivery)\s+(?:take|takes|need|needs)\b/,
  ),
  r("suggest_purchase_order", 1, always, (s) => s.product),
  // "we received 40 from the supplier": units that arrived are a stock change, whoever sent them.
  r(
    "suggest_purchase_order",
    -3,
    /\b(received|receive|receiving|arrived?|arrives|arriving|delivered|came in|come in|comes in)\b/,
    (s) => s.amount,
  ),

  // Setting on-hand stock.
  ...inventoryAdjustment.rules,

  // Price suggestions (read-only) and price changes (proposals).
  r(
    "suggest_price_changes",
    5,
    /\b(price|pricing)\s+(suggestions?|recommendations?|ideas?|opportunit(?:y|ies)|advice|optimi[sz]ation|tips|tweaks|thoughts|pointers|proposals)\b/,
  ),
  r(
    "suggest_price_changes",
    5,
    /\b(suggest|recommend|propose)\b[^.]{0,30}\b(prices?|pricing)\b|\b(prices?|pricing|price changes?)\b[^.]{0,30}\b(suggest|recommend|advise)\w*\b/,
  ),
  r(
    "suggest_price_changes",
    5,
    /\bpric(?:e|ing) (?:analysis|review|audit|check|strategy|health|wins?|gains?|upside)\b|\bmoney on the table\b|\b(?:under|over)-?priced\b|\b(?:under|over)-?charg(?:e|ing)\b|\btoo (?:cheap|pricey|expensive)\b/,
  ),
  r("suggest_price_changes", 1, always, (s) => s.product),
  r("suggest_price_changes", 5, /\boptimi[sz]e\b[^.]{0,20}\b(prices?|pricing)\b/),
  r(
    "suggest_price_changes",
    4,
    /\b(which|what) (?:prices|products)\b[^.]{0,30}\b(raise|lower|change|increase|decrease|reprice)\b/,
  ),
  // A margin floor ("keep the margin above 35%") belongs to price suggestions.
  r(
    "suggest_price_changes",
    4,
    /\bmargins?\b[^.]{0,25}\b(?:above|over|at least|below|under|floor|minimum|min)\b[^.]{0,10}\d+(?:\.\d+)?\s*(?:%|percent|per cent)|\d+(?:\.\d+)?\s*(?:%|percent|per cent)\s*(?:min(?:imum)?\s+)?margin\b/,
  ),
  // "what should the cap cost?", "what do you reckon we should charge for the gilet": asking, not telling.
  r(
    "suggest_price_changes",
    5,
    /\bwhat (?:should|would|could|do you think|do you reckon|would you)\b[^.]{0,40}\b(?:cost|charge|sell (?:it |them )?for|be priced(?: at)?|price (?:it|them) at)\b|\bwhat (?:should|could|would) (?:i|we) (?:be )?charg(?:e|ing)\b|\bwhat should the price\b|\bwhat (?:should|would|could) (?:i|we|you) price\b[^.]{0,50}\bat\b/,
    (s) => !s.amount && !s.percent,
  ),
  r(
    "suggest_price_changes",
    5,
    /\bpric(?:ing|ed) (?:things |it |them |my products )?(?:right|correctly|well|too (?:high|low))\b/,
  ),
  r(
    "suggest_price_changes",
    5,
    /^(?:should|would|could|do|does|is|are)\b[^.]*\b(?:more expensive|cheaper|pric(?:e|es|ed|ing))\b[^.]*\?$/,
  ),
  r(
    "suggest_price_changes",
    5,
    /^(?:so\s+)?(?:should|could|would it make sense to|is it worth|do you think i should) (?:i|we)?\s*(?:raise|lower|change|increase|decrease|reprice|cut)\b|\bshould (?:i|we) (?:raise|lower|change|increase|decrease|reprice|cut)\b[^.]*\?$/,
  ),
  ...priceChange.rules,

  // Discount codes and campaigns.
  ...discountCode.rules,
  ...campaignResults.rules,
  ...campaigns.rules,

  // Agents.
  ...agentRun.rules,

  // Support.
  ...ticketList.rules,
  ...replyDraft.rules,
  ...ticketUpdate.rules,
  ...supportMetrics.rules,
  ...newTicket.rules,

  // Alerts.
  r("list_alerts", 4, /\balerts?\b|\bwarnings?\b|\bflagged\b|\bred flags?\b/),
  // What the agents found: their findings, not the alerts.
  r(
    "get_agent_findings",
    6,
    /\bfindings?\b|\bagents?\b[^.?]{0,30}\b(?:found|flag(?:ged)?|spotted|noticed|picked up|came up with|turned up)\b|\b(?:found|flagged|spotted|noticed)\b[^.?]{0,15}\bagents?\b/,
  ),
  r("list_alerts", 2, [/\balerts\b/, /\b(list|show|any|open|all|see|view|resolved|active)\b/]),
  r("explain_alert", 5, [
    /\balerts?\b|\bwarnings?\b/,
    /\b(explain|talk me through|walk me through|run me through|break down|why did|why do|why is|why was|what does|what's this|what is this|tell me (?:more )?about|details (?:of|on|about)|mean|meaning|about|what happened|what went wrong|what's going on|telling|tell(?:s)? (?:me|us)|say(?:s|ing)?)\b/,
  ]),
  r("explain_alert", 3, /\b(latest|newest|last|most recent)\s+(?:alert|warning)\b/),
  r("explain_alert", 2, always, (s) => s.alertId),
  ...alertDecision.rules,

  // Research.
  ...trending.rules,
  ...bundles.rules,
  ...deadStock.rules,
  ...categoryGaps.rules,

  // Customers.
  ...segments.rules,
  ...lifetimeValue.rules,

  // Analytics queries.
  r(
    "run_analytics_query",
    6,
    /\b(?:revenue|sales) by (?:product|collection|day|category|item)\b|\b(?:revenue|sales) (?:per|for each|across) (?:product|collection|category|item)s?\b/,
  ),
  r("run_analytics_query", 6, /\b(?:best|top)[- ]?sell(?:ing|ers?)\b|\bbest sellers?\b/),
  r("run_analytics_query", 3, /\btop \d*\s*(?:products?|items?|skus?)\b/),
  r(
    "run_analytics_query",
    6,
    /\b(?:sold|sell(?:s|ing)?) (?:the )?(?:best|most)\b|\bbest[- ]performing (?:products?|items?|lines?)\b|\bmost popular (?:products?|items?|lines?)\b|\bwhat(?:'s|s| is| was| were)? (?:our |the |my )?most popular\b/,
  ),
  r("run_analytics_query", 6, /\bcohorts?\b|\b(?<!data )retention\b(?! (?:polic|period|rules))/),
  r(
    "run_analytics_query",
    6,
    /\brepeat (?:purchase|customer|buyer|order)s?(?: rate)?\b|\brepeat rate\b|\breturning customers? rate\b|\bcome back\b|\bbuy again\b|\bre-?purchase rate\b/,
  ),
  r("run_analytics_query", 6, [/\bcustomers?\b|\bbuyers?\b|\bshoppers?\b/, BUYS_AGAIN]),
  r("run_analytics_query", 6, /\bcollections?\b[^.]{0,30}\b(earn|sell|revenue|sales|perform|best|most|top)\w*/),
  r("run_analytics_query", 6, /\bsell[- ]?(?:through|thru)\b/),
  r("run_analytics_query", 5, /\btop \d*\s*customers\b|\bbest customers\b|\bbiggest (?:customers|spenders)\b/),
  // "which products brought in the most money", "what made us the most revenue".
  r(
    "run_analytics_query",
    6,
    /\b(?:products?|items?|lines?|skus?|what|which)\b[^.]{0,30}\b(?:brought in|made|earned|generated|took|pulled in|drove)\b[^.]{0,15}\bmost\b|\bmost (?:money|revenue|sales)\b/,
  ),
  r(
    "run_analytics_query",
    6,
    /\bcustomers?\b[^.]{0,20}\b(?:spent|spend|spending|bought|ordered) (?:the )?most\b|\bmost valuable customers\b/,
  ),
  r("run_analytics_query", 4, /\b(?:by|per) collection\b/),
  r("run_analytics_query", 6, /\b(?:products?|items?|skus?|collections?) by (?:revenue|sales|units|orders)\b/),
  r(
    "run_analytics_query",
    3,
    /\b(sell|sells|selling|sold|sales|revenue|shifted|flog|flogged|(?:did|do) (?:we|i|you) shift)\b/,
    (s) => s.product && !s.futureDate,
  ),

  // Cash flow.
  ...cashFlow.rules,

  // Security.
  r("get_security_scan", 3, /\bsecurity\b/),
  r("get_security_scan", 4, /\bscan\b/),
  r(
    "get_security_scan",
    4,
    /\b(secure|vulnerab\w*|hack(?:ed|ing|s)?|hackers?|breach(?:ed)?|security check|pen ?test)\b/,
  ),
  r(
    "get_compliance_status",
    6,
    /\b(?:customer |personal |shoppers'? )?data\b[^.]{0,30}\b(?:do (?:we|you)|does (?:the app|it)) (?:keep|store|hold|retain)\b|\bhow long\b[^.]{0,30}\b(?:keep|kept|store|stored|retain|retained|hold)\b[^.]{0,20}\b(?:data|customers?)\b|\b(complian\w*|gdpr|ccpa|privacy (?:law|requests?|rules|status|webhooks?)|(?:mandatory|gdpr|compliance) webhooks?|(?:customer )?data (?:erasure|deletion) requests?|data protection|data requests?|data retention|retention polic(?:y|ies)|redact\w*)\b/,
  ),
  r("list_audit_log", 5, /\baudit\b/),
  r("list_audit_log", 3, /\b(audit (?:log|trail)|activity log|change ?log|history of (?:changes|actions))\b/),
  r("list_audit_log", 4, /\bwho (?:changed|did|made|approved|ran)\b/),
  r(
    "list_audit_log",
    8,
    /\b(?:everything|what)\b[^.]{0,30}\bagents?\b[^.]{0,10}\b(?:did|done|has done|changed|touched)\b/,
  ),
  r(
    "list_pending_actions",
    5,
    /\b(approvals?|sign[- ]?off|awaiting (?:my )?approval|waiting for (?:my )?(?:approval|review|ok)|pending (?:actions?|changes?|proposals?)|proposals?|to approve|needs? (?:my )?approval)\b/,
  ),
  r("list_pending_actions", 2, /\bpending\b/),
  // "did the price update go through?", "didn't seem to stick": asking after changes already made.
  r(
    "list_pending_actions",
    3,
    /\b(?:did|have|has)\b[^.?]{0,40}\b(?:fail|go through|get applied|apply|stick|work)\b|\bdidn'?t (?:seem to )?(?:stick|go through|apply|take)\b/,
  ),
  r(
    "list_pending_actions",
    5,
    /\b(?:waiting|queued up) (?:for|on) me\b|\bfor me to (?:approve|review|sign off|check|ok)\b/,
  ),
  r(
    "list_pending_actions",
    5,
    /\b(?:rolled back|roll(?:ed)? ?backs?|undone|reversed|reverted)\b[^.]{0,20}$|\b(?:everything|what|changes?|actions?)\b[^.]{0,20}\b(?:been |was |were |got )?(?:rolled back|undone|reversed|reverted)\b|\b(?:changes?|actions?|proposals?|updates?)\b[^.]{0,30}\b(?:errored|error(?:ed)? out|went wrong|fail(?:ed|s)?|didn'?t (?:apply|go through|stick|work))\b/,
  ),
  r(
    "list_pending_actions",
    5,
    /\b(applied|approved|reverted|denied|failed|rejected|declined) (?:actions?|changes?|proposals?)\b|\b(?:actions?|changes?|proposals?)\s+(?:were |was |that were |got |have been |has been |(?:that )?(?:i|we)(?:'ve| have| had)? )?(applied|approved|reverted|denied|rejected|declined|turned down|failed|undone|undid)\b/,
  ),
  r(
    "list_pending_actions",
    5,
    /\b(?:to be|needs? to be|waiting to be|yet to be|still to be|not yet) approved\b|\bneeds? approving\b/,
  ),

  // How applied changes did: "how did the price change do?", "did raising the price work?".
  r(
    "get_change_outcomes",
    9,
    /\bhow (?:did|has|have|is|are|was|were)\b[^.?]{0,40}\b(?:price|prices|pricing|stock|changes?|corrections?|increases?|rises?|cuts?|drops?)\b[^.?]{0,30}\b(?:do|done|doing|go|gone|going|went|work|worked|working|perform|performed|performing|pay off|paid off|turn(?:ed)? out|land(?:ed)?)\b/,
  ),
  r(
    "get_change_outcomes",
    8,
    /\b(?:effects?|impact|outcomes?|results?)\b[^.?]{0,20}\b(?:of|from)\b[^.?]{0,30}\b(?:price|pricing|stock|changes?|corrections?|increases?|rises?|cuts?|drops?)\b/,
  ),
  r(
    "get_change_outcomes",
    8,
    /\b(?:did|has|have)\b[^.?]{0,40}\b(?:price (?:change|increase|rise|cut|drop)s?|(?:raising|lowering|cutting|dropping|changing) (?:the )?prices?)\b[^.?]{0,20}\b(?:work|help|pay off|make a difference|hurt|backfire)\w*/,
  ),

  // Orders.
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
  ...fulfillmentHold.rules,
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
  r(
    "suggest_order_routing",
    4,
    /\b(route|routing|which (?:warehouse|location)|ship(?:ped)? from|fulfil?l?(?:ed)? from|where (?:should|do|does|will) [^.]{0,20}ship|split (?:the )?shipment)\b/,
  ),
  r("suggest_order_routing", 3, always, (s) => s.orderName),
  r(
    "suggest_order_routing",
    5,
    /\b(?:single|one|same|different|multiple|several|two|separate) (?:warehouses?|locations?|sites?|depots?)\b|\b(?:go|went|goes|ship|be sent) out from\b/,
    (s) => s.orderName,
  ),
  r(
    "suggest_order_routing",
    4,
    /\b(?:best|which|what|closest|nearest|right|optimal|ideal|cheapest|fastest)\s+(?:location|warehouse|site|depot|fulfil?ment cent(?:er|re))\b|\b(?:fulfil?l?|ship|send|dispatch)\w*\b[^.?]{0,25}\bfrom\b/,
    (s) => s.orderName,
  ),

  // Store overview and anomalies.
  r(
    "get_shop_overview",
    5,
    /\bwhat'?s (?:going on|happening|new)\b|\bhow(?:'s| is) business\b|\b(?:store|shop|business|overall) (?:status|performance|picture|health)\b/,
  ),
  r(
    "get_shop_overview",
    5,
    /\b(?:data|products|orders|store|shop)\b[^.?]{0,25}\bsynced\b|\bhow many (?:products|orders) (?:and|&) (?:products|orders)\b|\bwhat (?:data )?can you see\b/,
  ),
  r(
    "get_shop_overview",
    5,
    /\b(overview|at a glance|big picture|dashboard|status update|state of (?:the |my )?(?:store|shop|business)|how(?:'s| is| are) (?:the |my |our )?(?:store|shop|business|things|we) doing|how (?:the |my |our )(?:store|shop|business) (?:did|has done|has been doing|went|got on|has gone|is going|was doing)|how are we doing|summary of (?:the |my )?(?:store|shop)|store summary|shop summary|health check|snapshot)\b/,
  ),
  ...anomalies.rules,

  // Lookups: a product, an order or a customer by what the merchant calls it; risky orders; an agent's last run.
  ...productSearch.rules,
  ...orderSearch.rules,
  ...orderDetails.rules,
  ...customerSearch.rules,
  ...riskyOrders.rules,
  r("get_agent_status", 8, [
    AGENT_WORD,
    /\b(?:last (?:run|ran|time)|(?:ran|run) last|when did\b[^.?]{0,40}\b(?:run|ran|sync|finish|update)|has\b[^.?]{0,30}\b(?:run|ran|finished|synced)|(?:up to date|up-to-date|current|stale|behind)\b|status(?: of)?|how (?:is|did|was)\b[^.?]{0,30}\b(?:sync|agent|run)\w*|is\b[^.?]{0,30}\b(?:running|done|finished|working|stuck))/,
  ]),

  // Product copy.
  ...copyDraft.rules,
  ...copyChange.rules,
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
