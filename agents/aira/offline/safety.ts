// What the assistant refuses before trying to understand a command: attempts to override its
// instructions, bulk deletion, customer data sent elsewhere, giving the catalogue away, bypassing
// approval, other shops' data, and requests that have nothing to do with running this store.

interface Rule {
  test: RegExp;
  reason: string;
}

const RULES: Rule[] = [
  {
    // Work in other services: booking couriers, posting on social media, logging into someone else's account.
    test: /\b(?:ring|phone|call|telephone)\s+(?:up\s+)?(?:the|a|our|my|this|that)\s+(?:couriers?|carriers?|drivers?|suppliers?|vendors?|customers?|clients?|bank|post office|delivery (?:company|firm))\b|\b(?:ring|phone|call)\s+(?:her|him|them)\s+(?:back|up|now|today|tomorrow|and)\b|\b(?:book|arrange|schedule|organi[sz]e)\b[^.]{0,30}\b(?:couriers?|collections?|pick-?ups?|shipments?|dpd|ups|fedex|dhl|royal mail|evri|hermes|usps|parcelforce)\b|\b(?:post|publish|tweet|share|upload)\b[^.]{0,30}\b(?:on|to)\s+(?:our\s+|my\s+|the\s+)?(?:instagram|insta|facebook|fb|tiktok|twitter|pinterest|linkedin|youtube|social media|socials)\b|\b(?:dm|pm|direct message|message|reply to|respond to|comment on|follow|tag|shout out)\b[^.]{0,40}\b(?:on|via|over|through|in)\s+(?:our\s+|my\s+|the\s+)?(?:instagram|insta|ig|facebook|fb|tiktok|twitter|whatsapp|messenger|social media|socials)\b|^(?:(?:please|pls|plz|can you|could you|hey)\s+)*dm\b|\blog ?(?:in|on)(?:to)?\s+(?:their|another|someone(?: else)?'s|a competitor'?s?|the competitor'?s?)\b|\b(?:schedule|post|publish|run|boost|launch|put up|share)\b[^.]{0,30}\b(?:instagram|insta|facebook|fb|tiktok|twitter|pinterest|social media|google|meta)\s+(?:posts?|stor(?:y|ies)|reels?|ads?|adverts?)\b/,
    reason:
      "I can't do that: I work inside this app on your store's data, and I don't book couriers, post on social media or sign into other accounts. I can draft product copy, propose campaigns or check orders instead.",
  },
  {
    // Shipping labels and packing slips are bought and printed in Shopify admin (Orders > Create shipping label).
    test: /\b(?:print|buy|purchase|create|generate|make|produce)\b[^.?!]{0,30}\b(?:shipping|postage|delivery|courier|parcel|return)\s+labels?\b|\b(?:print|generate|create)\b[^.?!]{0,30}\b(?:labels?|packing slips?|pick(?:ing)? lists?|invoices?)\b/,
    reason:
      "I can't print or buy shipping labels or packing slips; that is done in Shopify admin (Orders > Create shipping label). I can list the unfulfilled orders or suggest where each should ship from.",
  },
  {
    // Figures sent to an accountant, a tax office or a partner must be the real ones: "knock the refunds down
    // so they look better", "fudge the numbers before the accountant sees them". Advice on improving the
    // business ("how can I make sales look better?") is not this.
    test: /^(?![^.?!]*\b(?:how|ideas?|ways?|tips?|advice|suggest\w*)\b)(?:[^]*?\b(?:fudge|fiddle|doctor|cook|massage|falsify|fake|pad|inflate|deflate|tweak|knock|hide|shrink|bury|change|adjust|alter|edit|lower|bring|nudge|round|make)\w*\b[^.?!]{0,50}\b(?:books|figures|numbers|accounts|refunds?|returns|report|statements?|records|totals?)\b[^.?!]{0,50}\b(?:look(?:s|ing)? (?:better|good|nicer|healthier|bigger|smaller|higher|lower|less)|so (?:that )?(?:the |my |our )?(?:accountant|auditor|tax (?:man|office)|hmrc|irs|bank|investors?|partners?|buyer) (?:won'?t|doesn'?t|does not|will not|can'?t|wouldn'?t)\b)|[^]*?\b(?:fudge|fiddle|doctor|cook|massage|falsify|fake|pad|inflate|deflate|tweak|knock|hide|shrink|bury)\w*\b[^.?!]{0,50}\b(?:books|figures|numbers|accounts|refunds?|returns|revenue|sales|takings|report|totals?)\b[^.?!]{0,50}\bbefore (?:the |my |our )?(?:accountant|auditor|tax|bank|investors?|partners?|buyer)\b|[^]*?\b(?:cook|fiddle|fudge|doctor|massage|falsify)\w*\s+(?:the\s+|our\s+|my\s+)?(?:books|figures|numbers|accounts)\b)/,
    reason:
      "I can't change or dress up your sales, refunds or accounts: the figures your accountant sees must be the real ones. I can show the real figures, with refunds, for any period.",
  },
  {
    test: /\b(ignore|disregard|forget|override|bypass)\b[^.]{0,40}\b(previous|prior|above|earlier|all|your|the|any|system|safety)\b[^.]{0,25}\b(instructions?|prompts?|rules|guidelines|directions|guardrails|restrictions)\b|\bsystem prompt\b|\byou are now\b|\bjailbreak|\bdeveloper mode\b|\bdo anything now\b|\bpretend (?:to be|you are)\b|\breveal (?:your|the) (?:prompt|instructions)\b|\bact as (?:an? )?(?:unrestricted|unfiltered)\b|\bnew (?:instructions|rules|orders)\s*:|\bsystem (?:override|note|notice|message|instruction)s?\b|\boverride\s*:|\bassistant must\b|\b(?:customer|ticket|e-?mail|message|note|review|dm|text|someone)\b[^.]{0,60}\b(?:says?|said|saying|wrote|writes|sent|asks?|asking|telling)\b.{0,160}\b(?:do what it says|do as it says|follow (?:that|it|this|them|what it says|those instructions|the instructions)|just follow|action (?:that|it|this)|go ahead and (?:do|action) (?:that|it))\b|\byou are (?:now )?in (?:\w+ )?mode\b|\b(?:maintenance|admin|god|debug|test) mode\b/,
    reason:
      "I follow Royal Equips' rules and can't set them aside. Ask me about your store's sales, stock, prices, customers or orders.",
  },
  {
    test: /\b(credit ?card|card numbers?|cvv|cvc|passwords?|social security|ssn|bank details|iban)\b|\b(?:give|show|send|tell|reveal|print|share|paste|copy|need|get|find|whats|what(?:'s| is| are))\b[^.]{0,30}\b(access[- ]tokens?|api (?:keys?|secrets?|tokens?)|secret keys?|client secrets?|credentials)\b/,
    reason: "I never read or share payment card numbers, passwords, access tokens, API keys or bank details.",
  },
  {
    test: /\b(export|download|send|e-?mail|upload|share|forward|transfer|post|leak|dump|copy|sync)\b.{0,60}\b(customers?|emails?|e-mail addresses|phone numbers|addresses|personal data|pii|contacts?|customer (?:data|database|list|details|records)|database)\b.{0,60}(@|https?:\/\/|www\.|\b[a-z0-9-]+\.(?:com|net|org|io|co|de|uk)\b|\b(?:gmail|hotmail|outlook|yahoo|dropbox|google (?:drive|sheets?|docs?)|spreadsheet|csv|excel|xlsx|a file|mailchimp|klaviyo|brevo|sendinblue|hubspot|(?:my|a|our) (?:mailing|e-?mail|newsletter) (?:tool|list|platform)|public(?:ly)?|online|the internet|social media|pastebin|external|outside|third[- ]party|another (?:company|server|address|shop|store|business)|(?:my|a|our) (?:mate|friend|pal|brother|sister|cousin|partner|contact)|someone(?: else)?|somebody(?: else)?)\b)|\b(?:give|tell|send|find|get|what(?:'s| is))\b[^.]{0,20}\b(?:home address|personal address|phone number|mobile number|where (?:they|he|she) lives?)\b(?![^.]{0,30}\b(?:wrong|incorrect|fix|correct|update)\b)/,
    reason:
      "I can't send customer data outside your store. Customer exports belong in Shopify admin, where your privacy settings and the customers' consent apply.",
  },
  {
    test: /\b(delete|delet|delte|deleet|dlete|erase|wipe|purge|destroy|truncate)\b|\bdrop\s+(?:the\s+|all\s+)?(?:database|db|tables?|customers|products|orders)\b|\bremove\b[^.]{0,30}\b(all|every|each|entire|whole)\b[^.]{0,30}\b(products?|customers?|orders?|catalog(?:ue)?|inventory|variants?|data)\b|\bremove\b[^.]{0,30}\b(customers?|products?|variants?)\b(?![^.]{0,30}\b(hold|filter|discount|tag)\b)|\bremove\b[^.]{0,40}\bfrom the (?:store|shop|catalog(?:ue)?|website|site)\b/,
    reason:
      "I can't delete products, customers, orders or data. Deletions are permanent, so they stay with you in Shopify admin.",
  },
  {
    test: /\b(all|every|everything|entire (?:store|shop|catalog(?:ue)?)|whole (?:store|shop|catalog(?:ue)?)|all (?:of )?(?:the |my )?products)\b[^.]{0,40}\b(?:to|at|for)\s+(?:(?:\$\s*)?0(?:\.0\d?)?\b|(?:1|one|a)\s+(?:cent|penny)\b|\d{1,2}\s+cents\b|zero\b|nothing\b)|\b(?:make|set|price|sell|give)\b[^.]{0,20}\b(everything|all (?:products|items|prices))\b[^.]{0,15}\b(free|for nothing|zero)\b|\b(?:set|make|price|put)\s+(?:every|all(?: the| our| my)?|each)\s+(?:products?|items?|prices?|variants?|skus?)\s+(?:to|at)\s+(?:[$£€]\s*)?[01](?:\.\d{1,2})?\s*(?:pounds?|dollars?|quid|bucks|euros?)?\b|\b(?:100|[1-9]\d{2,})\s*(?:%|percent)\s*off\b/,
    reason:
      "That would give your products away. Prices must stay above zero and discounts at most 90%; tell me the product and the price you have in mind.",
  },
  {
    test: /\bwithout\s+(?:my |the |any |an )?(approval|approving|review|reviewing|confirmation|asking|sign[- ]?off)\b|\b(skip|bypass|disable|turn off|circumvent)\b[^.]{0,25}\b(approvals?|approval step|review|confirmation)\b|\bauto-?approve\b|\bapprove (?:your|its|aira'?s) own\b|\bapprove (?:whatever|anything|everything)\b|\bapprove\b(?:\s+(?:and|&)\s+apply)?\s+(?:all|every|everything|any)\b|\bapprove\b[^.]{0,25}\b(?:yourself|for me|on my behalf)\b|\bapprove (?:them|these|those) all\b|\bwithout (?:checking|consulting|running (?:it|them|anything) (?:by|past)|clearing (?:it|them) with|bothering|asking)\b[^.]{0,15}\b(?:me|us)\b|\b(?:apply|accept|action|push through|put through|go with|go ahead with|implement)\s+(?:whatever|everything|anything|all(?: of)?(?: what)?)\b[^.]{0,40}\b(?:recommends?|suggests?|proposes?|says?|comes up with|thinks)\b/,
    reason:
      "Every store change waits for your approval in the Approvals page; I can propose changes but never apply them myself.",
  },
  {
    test: /\b[a-z0-9][a-z0-9-]*\.myshopify\.com\b|\b(?:friend|friends|brother|sister|partner|neighbou?r|client|cousin)'?s? (?:shop|store)s?\b|\b(other|another|different|rival|competitors?(?:'s|s')?|someone else'?s)\s+(?:shopify\s+|online\s+)?(shops?|stores?|merchants?|sellers?|sites?|websites?)\b|\b(shops?|stores?) (?:other than|besides) (?:mine|ours|my own)\b/,
    reason: "I only work with this shop's own data; I can't look into or act on other shops.",
  },
  {
    test: /\b(?:send|give|pay|put)\b[^.]{0,15}\bmoney back\b|\b(?:give|send|pay|put|return)\s+(?:back\s+)?(?:the|their|all(?: the)?|her|his)\s+money\b|^(?!.*\bhow (?:much|many)\b).*\b(?:issue|give|process|make|send)\s+(?:\w+\s+){0,5}?(?:an?\s+|some\s+|the\s+)?(?:\d+\s*(?:pounds?|dollars?|quid|bucks|%)?\s+|[$£€]\d+\s+|full\s+|partial\s+)?refunds?\b|\bdispute\b[^.]{0,40}\b(?:chargebacks?|bank|claims?)\b|\bchargebacks?\b[^.]{0,30}\bdispute\b|^(?!.*\bhow (?:much|many)\b).*\brefund\s+#?\d{3,10}\b|\brefund\s+(?:the\s+|every\s+|all\s+(?:the\s+)?|each\s+|these\s+|those\s+)?(?:\w+\s+)?(?:orders?|#|customers?|him|her|them)\b|\brefund\s+(?:every(?:one|body)|any(?:one|body)|all(?:\s+of)?\s+(?:them|those|the people|people|buyers)|people|those|the people|(?:every|each|any)\s+(?:buyer|person|shopper)|(?:the\s+|all\s+(?:the\s+)?)?(?:buyers|shoppers|purchasers))\b|\b(?:give|send|issue)\s+(?:every(?:one|body)|all|each)\b[^.?!]{0,30}\brefunds?\b|\brefunds?\s+(?:every|all|each|everyone|everybody|any)\b(?:[^.]{0,40}\b(?:orders?|customers?|buyers|purchases?|shoppers)\b|(?=\s+(?:who|that|which|from|on|in)\b))|\bcancel\s+(?:the\s+|this\s+|that\s+|all\s+(?:the\s+)?|every\s+|these\s+|those\s+)?(?:\w+\s+)?(?:orders?|#)/,
    reason:
      "I can't issue refunds or cancel orders; do that in Shopify admin. I can check an order's risk or propose a fulfillment hold.",
  },
  {
    test: /\b(?:log ?in(?:to)?|sign ?in(?:to)?|access)\b[^.]{0,20}\b(?:paypal|stripe|bank|banking|xero|quickbooks)\b|^(?!.*\bhow (?:much|many)\b).*\bpay (?:the |our |my |this |that |a )?[^.]{0,30}\b(?:invoices?|bills?)\b|\b(?:move|transfer|send|pay|withdraw)\b[^.]{0,40}\b(?:money|takings|funds|cash|payouts?|balance)\b[^.]{0,30}\b(?:accounts?|bank|savings|paypal)\b/,
    reason:
      "I can't log into other services or move money; I work on your store's data inside this app. Payouts are managed in Shopify admin (Settings > Payments).",
  },
  {
    // "delete last week's entries from the audit log": any removal from it, however worded.
    test: /\b(clear|wipe|empty|reset|erase|edit|alter|tamper|hide|scrub|rewrite|truncate)\b[^.]{0,20}\b(audit (?:log|trail)|logs?)\b|\b(?:delet|remov|eras|clear|wip|purg|scrub)\w*\b[^.?!]{0,40}\baudit (?:log|trail)\b/,
    reason:
      "The audit log can't be cleared or edited: it is the record of every change made to the store, kept for you and for compliance.",
  },
  {
    test: /\bfake\b[^.]{0,30}\b(reviews?|ratings?|testimonials?|feedback)\b|\b(?:reviews?|ratings?|testimonials?|feedback|comments?)\b[^.]{0,60}\b(?:like|as if|as though|pretending|so it looks like|to look like)\b[^.]{0,20}\b(?:from|by|written by|real)\b[^.]{0,10}\b(?:customers?|buyers|people|shoppers)\b|\b(?:reviews?|ratings?|testimonials?|comments?)\b[^.]{0,30}\b(?:from|with|under|in)\s+different names\b|\b(?:write|post|generate|make up|invent|create)\b[^.]{0,20}\b(?:\d+|good|positive|great|glowing|nice)\s+(?:\w+\s+)?reviews?\b|\b(?:write|post|generate|make up|invent)\b[^.]{0,25}\b\d?\s*-?stars?\s+reviews?\b/,
    reason:
      "I won't write fake reviews: they mislead customers and break Shopify's and consumer-protection rules. I can draft honest product copy instead.",
  },
  {
    // "email every customer who bought a rug a 10% code": AIRA proposes codes and campaigns; sending is the merchant's.
    // "e-mail the customer on ticket X and tell her ...", "send the code to our lapsed customers by e-mail": the
    // app records replies and drafts them, it sends nothing.
    test: /\b(?:e-?mail|text|sms|message|whatsapp|contact)\b[^.]{0,20}\b(?:every|all|each)\b[^.]{0,25}\b(?:customers?|buyers|subscribers)\b|\bsend\b[^.]{0,40}\b(?:to|for)\b[^.]{0,40}\b(?:customers?|buyers|subscribers|clients)\b[^.]{0,25}\bby (?:e-?mail|text|sms|whatsapp)\b|(?:^|[.,;!?]\s*|\b(?:please|pls|can you|could you|would you|and|then)\s+)(?:e-?mail|text|sms|whatsapp)\s+(?:the|this|that|our|my|her|him|them)\b(?:\s+(?:customers?|buyers?|clients?|back))?|\bsend\b[^.]{0,30}\b(?:e-?mails?|newsletters?|sms|texts?|messages?)\b[^.]{0,20}\bto\b[^.]{0,20}\b(?:every|all|each)\b/,
    reason:
      "I can't send e-mails or messages to customers. I can propose a discount code or campaign ideas; send them from Shopify Email or your mailing tool.",
  },
  {
    // "link my dropshipping supplier so orders go straight to them": connecting an outside service is an
    // app install in Shopify admin; AIRA works on this store's data and orders nothing.
    test: /\b(?:connect|link|integrate|hook up|plug in|sync)\b[^.?!]{0,30}\b(?:suppliers?|vendors?|wholesalers?|aliexpress|alibaba|dropship\w*|cj|dsers|spocket|printful|printify)\b/,
    reason:
      "I can't connect outside suppliers or services, or send orders to them; supplier and dropshipping apps are installed in Shopify admin (Apps). I can suggest a purchase order for you to send.",
  },
  {
    // "order 50 helmets at the supplier, send him an e-mail": AIRA suggests what to buy; ordering is the merchant's.
    test: /^(?:please\s+|pls\s+)?(?:(?:can|could|would) you\s+)?(?:order|buy|purchase)\b(?:\s+(?:for|to) (?:me|us))?\s+\d+\b[^.?]*\b(?:at|from|with)\s+(?:the|my|our)\s+(?:suppliers?|vendors?|wholesalers?|manufacturers?)\b|\b(?:place|submit)\s+(?:the\s+|an?\s+|our\s+|my\s+)?(?:purchase\s+)?orders?\s+(?:with|to|at)\s+(?:the|my|our)\s+(?:suppliers?|vendors?)\b|\b(?:e-?mail|write to|message|contact)\s+(?:the|my|our)\s+(?:suppliers?|vendors?)\b|\b(?:suppliers?|vendors?)\b[^.]{0,40}\bsend (?:him|her|them) (?:an?\s+)?(?:e-?mail|message|order)\b/,
    reason:
      "I can't place orders with suppliers or e-mail them. I can suggest a purchase order (what to buy, how many and what it costs) for you to send.",
  },
  {
    // The discount tool takes a percentage or an amount off the whole order, with dates and a usage limit;
    // proposing the code without the condition the merchant set would create a different offer.
    test: /^(?!.*\b(?:how|which|what|did|were|was|show|list)\b).*(?:\b(?:orders?|baskets?|carts?|spend(?:ing)?|purchases?)\s+(?:over|above|of (?:at least|over|more than)|more than|from)\s+[$£€]?\d+|\bminimum (?:order|spend|purchase|basket)\b|\bwhen (?:they|you|customers?) spend\b)[^]*?(?:%|\boff\b|\bcodes?\b|\bdiscount|\bcoupon)|^(?!.*\b(?:how|which|what|did|were|was|show|list)\b).*(?:%|\boff\b|\bcodes?\b|\bdiscount|\bcoupon)[^]*?(?:\b(?:orders?|baskets?|carts?|spend(?:ing)?|purchases?)\s+(?:over|above|of (?:at least|over|more than)|more than)\s+[$£€]?\d+|\bminimum (?:order|spend|purchase|basket)\b|\bwhen (?:they|you|customers?) spend\b)|^(?!.*\b(?:how|which|what|did|were|was)\b).*\bfree (?:shipping|delivery|postage)\b|\bbogo\b|\bbuy (?:one|1|two|2|three|3)\b[^.]{0,25}\bget (?:one|1|a|another|the second|2nd|the 2nd)\b|\b(?:2|two|3|three) for (?:the price of )?(?:1|one|2|two)\b(?!\s*(?:days?|weeks?|months?))/,
    reason:
      "I can propose discount codes that take a percentage or a fixed amount off the whole order, with dates and a usage limit. A minimum order value, free shipping or a buy-one-get-one offer is set up in Shopify admin (Discounts).",
  },
  {
    // "create a new bundle product ... for 17.99": products are created in Shopify admin; AIRA finds pairs
    // bought together (find_product_bundles) and proposes campaigns around them.
    test: /\b(?:create|make|set up|build|add|list)\s+(?:(?:a|an|the|us a|me a|some)\s+)?(?:new\s+)?(?:bundle|kit|gift set)\s+(?:products?|listings?|items?)\b|\b(?:create|add|set up|list|launch)\s+(?:(?:a|an|some)\s+)?new\s+(?:products?|listings?|items?)\b|\b(?:create|make|set up|build)\s+(?:(?:a|an|us a|me a)\s+)?(?:new\s+)?bundle\b[^.]{0,80}\b(?:for|at)\s+[$£€]?\d/,
    reason:
      "I can't create products or bundles in the catalogue; add them in Shopify admin. I can find products often bought together and suggest a bundle campaign around them.",
  },
  {
    // The storefront's look is the theme editor's: AIRA works on the store's data.
    test: /\b(?:change|edit|update|redesign|customi[sz]e|switch|modify|restyle|make)\b[^.?!]{0,30}\b(?:(?:shop|store|site|website)(?:'s)? (?:theme|design|layout|look|colou?rs?|fonts?)|themes?|homepage|home page|(?:header|hero) (?:image|banner)|fonts?)\b/,
    reason:
      "I can't change the store's theme or design; that is done in Shopify admin (Online Store > Themes). I can draft product copy or propose new titles instead.",
  },
  {
    // Blocking a customer changes their account, which the app never does.
    test: /\b(?:block|ban|blacklist|blocklist)\b(?:[^.]|\.(?=\S)){0,40}(?:@|\bcustomers?\b|\bbuyers?\b|\b(?:her|him|them)\b|\bfrom (?:ordering|buying)\b|\bcan'?t (?:order|buy)\b)/,
    reason:
      "I can't block customers or change their accounts; that is done in Shopify admin. I can check an order's fraud risk or propose holding an order.",
  },
];

// Off-topic requests are refused only when the message asks for nothing the store tools do:
// "sales fell in the bad weather, what's selling?" is still a sales question.
const OFF_TOPIC: Rule[] = [
  {
    test: /^(?:what(?:'s| is)\s+)?\d+\s*[-+*/x]\s*\d+\s*\??$|\b(poems?|poetry|jokes?|weather|recipes?|lyrics|songs?|horoscope|lottery|football|soccer|movies?|bitcoin|crypto(?:currency)?|essay|homework|capital of|who won|(?:tax|vat|gst) returns?|bas|business activity statements?|payroll|self[- ]assessment|cover letters?|cv|resume|job applications?|(?:legal|medical) advice|dating)\b/,
    reason:
      "That's outside what I do. I help run this store: sales, stock, prices, customers, orders, support and security.",
  },
];

/** The reason to refuse `text` (lower case, normalised) whatever else it asks, or null. */
export function refusalReason(text: string): string | null {
  for (const rule of RULES) if (rule.test.test(text)) return rule.reason;
  return null;
}

/** The reason to refuse an off-topic `text` that asks for nothing else, or null. */
export function offTopicReason(text: string): string | null {
  for (const rule of OFF_TOPIC) if (rule.test.test(text)) return rule.reason;
  return null;
}
