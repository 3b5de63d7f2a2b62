// What the offline assistant says when greeted or asked what it can do.

export const HELP_TEXT = [
  "Hi, I'm AIRA. I work on your store's own data; anything that changes the store waits for your approval. Try:",
  '• Sales: "sales last month by week", "compare this month to last month", "revenue forecast next 90 days", "cash flow this year"',
  '• Stock: "what\'s running low?", "forecast demand for the fly sheet", "suggest a purchase order", "set stock of SKU-1 to 40"',
  '• Prices: "suggest price changes", "raise the hoodie price by 10%", "create discount code SPRING20 for 20% off"',
  '• Products: "what\'s trending?", "bundle ideas", "dead stock", "category gaps", "write a description for the gilet"',
  '• Customers: "customer segments", "top 10 customers by lifetime value", "win-back campaign ideas", "how did WELCOME10 perform?"',
  '• Orders & support: "is order #1042 risky?", "hold #1042", "show open tickets", "draft a reply to ticket <id>"',
  '• Operations: "pending approvals", "run the pricing optimizer", "explain the latest alert", "security scan", "audit log"',
].join("\n");

const GREETING =
  /^(?:hi|hello|helo|hallo|hullo|hey|heya|hiya|howdy|yo|sup|g'?day|greetings|good (?:morning|afternoon|evening|day)|morning|afternoon|evening)(?:\s+(?:there|aira|again|team|all))?[\s!.,?]*$/;
const THANK_WORDS =
  "thanks|thank you|thx|cheers|ty|ta|great|ok|okay|cool|nice|nice one|perfect|brilliant|lovely|awesome|much appreciated|appreciated";
const THANK_TAILS =
  "aira|a lot|so much|very much|heaps|loads|a million|a bunch|mate|pal|buddy|love|again|all|for that|for the help|for your help|muchly|(?:very |really |super )?helpful|that helps|that helped|(?:you )?legend|champ|(?:you(?:'re| are) a )?star";
// "thanks", "cheers mate", "nice one, cheers", "lovely, thanks a lot!"
const THANKS = new RegExp(`^(?:(?:${THANK_WORDS})(?:,?\\s+(?:${THANK_TAILS}))*[\\s,!.]*)+$`);
const ASKS_FOR_HELP =
  /^(?:help|\?|menu|commands|options|start)[\s!.?]*$|\bwhat (?:can|do|could) (?:you|u|ya) (?:actually |really |even )?(?:do|help with)\b|\bwhat are you able to\b|\bhow (?:do|can|should) i use (?:you|this|it|aira)\b|\bwhat (?:kinds? of |sorts? of |types? of )?(?:things|stuff|questions)? ?can i ask\b|\bwhat (?:kinds?|sorts?|types?) of (?:things|stuff|questions|commands|requests|tasks)\b[^.]{0,20}\b(?:can|do|could|will) (?:you|u|ya|i)\b|\bwhat (?:do|can) you (?:understand|know about|handle|support)\b|\bwho are you\b|\bwhat are you\b|\byour (?:capabilities|features|skills)\b|\bshow me what you can do\b|\bwhat commands\b|\bcommands (?:do|can|will) you\b|\b(?:list|show|tell)(?: me)? (?:the |your |all the )?(?:things|commands|stuff|questions)\b[^.]{0,20}\b(?:ask|say|do)\b|\bhow (?:does|do) (?:this|it|aira|you|the app)(?: \w+)? work\b|\bhow (?:do|can|should|would) (?:i|we)\s+(?:actually\s+)?(?:approve|reject|decline|deny|accept|sign off|undo|revert)\b[^.?]{0,25}\b(?:(?:you(?:'ve| have)?|aira(?:'s| has)?)\s+(?:proposed|suggested|proposes|suggests|proposals?|suggestions?)|proposals?|approvals?)\b/;

// "cheers, that's sorted it", "thanks a lot, that's all for today": thanks that close the conversation.
const CLOSING = new RegExp(
  `^(?:(?:${THANK_WORDS})(?:,?\\s+(?:${THANK_TAILS}))*[\\s,!.]+)?(?:that'?s (?:(?:me|us)(?: (?:done|sorted|finished))?(?: for (?:now|today|the day))?|sorted(?: it)?|all(?: for (?:now|today|the moment))?|it(?: for (?:now|today))?|everything(?: for (?:now|today|the day))?|done|great|perfect|what i needed)|all (?:good|sorted|done)|sorted|(?:i'?m |we'?re )?done(?: for (?:now|today|the day|the moment))?|bye|see you|speak (?:soon|later)|have a good (?:one|day|evening))(?:[\\s,!.]+(?:${THANK_WORDS})(?:\\s+(?:${THANK_TAILS}))*)?[\\s!.]*$`,
);
// "do you do stock stuff as well or just sales numbers?": what AIRA covers, not a command.
const ASKS_SCOPE =
  /^(?:so\s+)?(?:do|can|could|will) you (?:do|handle|help with|cover|deal with|manage|look at|know about)\b.*\b(?:as well|too|also|or just|or only|at all)\b.*\?\s*$|\b(?:things|stuff) (?:you|aira)(?: can| could|(?: are|'re) able to) (?:help|do)\b|\bwhat (?:can|could) you help\b/;

// "what happens if I put a hold on an order?", "if I deny a price change, would it suggest it again?",
// "what's the difference between a draft order and the pending list?": how the app works, not a request
// for data (unless it asks to be shown something: "... just show me what's in there").
const ASKS_HOW_IT_WORKS =
  /^(?![^]*\b(?:(?:show|list)\s+(?:me|us|them|it|what)|pull up|let me see)\b)(?:[^]*\bwhat (?:happens|would happen|will happen) (?:if|when) (?:i|we)\s+(?:put|place|approve|deny|reject|decline|accept|undo|revert|dismiss|snooze)\w*\b|[^]*\bif (?:i|we)\s+(?:deny|denied|reject|rejected|decline|declined|dismiss|dismissed)\b[^?]{0,60}\bwould (?:it|you|they|aira)\b|[^]*\b(?:what'?s|whats|what is) the difference between\b[^?]{0,60}\b(?:drafts?|pending|approvals?|holds?|proposals?|suggestions?|agents?|alerts?|actions?)\b)/;

/** Whether the message is a greeting, thanks or a request for help rather than a command. */
export function wantsHelp(text: string): boolean {
  return (
    GREETING.test(text) ||
    THANKS.test(text) ||
    CLOSING.test(text) ||
    ASKS_FOR_HELP.test(text) ||
    ASKS_SCOPE.test(text) ||
    ASKS_HOW_IT_WORKS.test(text)
  );
}
