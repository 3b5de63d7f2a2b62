// Text normalisation for the offline model: lower case, number words as digits, units glued to
// their numbers, and misspelt command words corrected (product words are left to the catalogue
// matcher, which has its own fuzzy search).

const SMALL: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const DIGIT: Record<string, number> = {
  one: 1,
  ...Object.fromEntries(Object.entries(SMALL).filter(([, n]) => n < 10)),
};
// "one" becomes 1 only before a unit: "the grey one" must stay a word.
const ONE_BEFORE_UNIT =
  /\bone(?=\s+(?:hundred|thousand|percent|per cent|dollars?|bucks|days?|weeks?|months?|years?|quarters?|units?|items?|pieces?|pcs|times?)\b|\s*%)/g;

const UNITS_WORD = "one|two|three|four|five|six|seven|eight|nine";
const TEENS_WORD = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
const TENS_WORD = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";
/** A number said in words from 1 to 99: "nine", "fourteen", "twenty four", "forty-nine". */
const SAID_UP_TO_99 = `(?:(?:${TENS_WORD})(?:[\\s-](?:${UNITS_WORD}))?|${TEENS_WORD}|${UNITS_WORD})`;
const wordValue = (said: string): number => {
  const [first, second] = said.split(/[\s-]+/);
  const value = (w: string) => TENS[w] ?? SMALL[w] ?? DIGIT[w] ?? 0;
  return value(first) + (second ? value(second) : 0);
};
/**
 * Money said the way people say it: "nine ninety nine" is 9.99, "twenty four fifty" 24.50, "nine dollars
 * ninety nine" 9.99. Only a whole number followed by a said two-digit one from twenty up (the cents of a
 * price), never after "at" / "by" with a time's "thirty" or "forty five", nor before "am", "pm", "o'clock".
 */
const SAID_PRICE = new RegExp(
  `\\b(${SAID_UP_TO_99})(\\s+(?:dollars?|bucks|pounds?|quid|euros?)(?:\\s+and)?)?\\s+((?:${TENS_WORD})(?:[\\s-](?:${UNITS_WORD}))?)(?![\\s-](?:${UNITS_WORD})\\b)(?:\\s+(?:cents|pence))?\\b(?!\\s*(?:am|pm|a\\.m|p\\.m|o'?clock|hundred|thousand|percent|per cent)\\b|\\s*%)`,
  "g",
);
const MONTH_BEFORE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\s+(?:the\s+)?(?:\w+\s+)?$/;
function saidPrices(text: string): string {
  return text.replace(
    SAID_PRICE,
    (whole: string, units: string, unit: string | undefined, cents: string, offset: number) => {
      const before = text.slice(Math.max(0, offset - 20), offset);
      // "at nine thirty", "by ten forty five": a time of day.
      if (/\b(?:at|by|from|until|till|around|about)\s+$/.test(before) && /^(?:thirty|forty[\s-]five)$/.test(cents))
        return whole;
      // "december the first twenty twenty five", "in twenty twenty six": a year.
      if (MONTH_BEFORE.test(before) || (!unit && /^twenty$/.test(units) && /^(?:twenty|thirty)/.test(cents)))
        return whole;
      return `${wordValue(units)}.${String(wordValue(cents)).padStart(2, "0")}${unit ? ` ${unit.trim().replace(/\s+and$/, "")}` : ""}`;
    },
  );
}

/**
 * Said prices that read two ways: "one twenty nine" is 1.29 or 129, "nine ninety nine" 9.99 or 999
 * (a single-digit first word and no currency word between). Normalisation writes the first reading;
 * the price tool weighs both against the product's price today (see propose-price-change).
 */
export function twoWaySaidPrices(text: string): { cents: number; hundreds: number }[] {
  const lower = text.toLowerCase();
  const found: { cents: number; hundreds: number }[] = [];
  for (const m of lower.matchAll(SAID_PRICE)) {
    const [, units, unit, cents] = m;
    const whole = wordValue(units);
    if (unit || !(whole >= 1 && whole <= 9) || /[\s-]/.test(units)) continue;
    const said = wordValue(cents);
    found.push({ cents: whole + said / 100, hundreds: whole * 100 + said });
  }
  return found;
}

function numberWords(text: string): string {
  let out = saidPrices(text).replace(
    /\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](one|two|three|four|five|six|seven|eight|nine)\b/g,
    (_, t: string, d: string) => String(TENS[t] + DIGIT[d]),
  );
  out = out.replace(/\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b/g, (t: string) => String(TENS[t]));
  out = out.replace(
    /\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b/g,
    (w: string) => String(SMALL[w]),
  );
  out = out.replace(ONE_BEFORE_UNIT, "1");
  out = out.replace(/\b(?:a|one)\s+(hundred|thousand)\b/g, (_, m: string) => (m === "hundred" ? "100" : "1000"));
  // "one hundred and nineteen" (its parts already digits): 119.
  out = out.replace(/\b(\d)00\s+and\s+(\d{1,2})\b/g, (_, h: string, n: string) => String(Number(h) * 100 + Number(n)));
  out = out.replace(/\b(\d+)\s+hundred(?:\s+and\s+(\d{1,2})\b)?/g, (_, n: string, rest?: string) =>
    String(Number(n) * 100 + Number(rest ?? 0)),
  );
  out = out.replace(/\b(\d+)\s+thousand\b/g, (_, n: string) => String(Number(n) * 1000));
  out = out
    .replace(/\ba dozen\b/g, "12")
    .replace(/\ba couple of\b/g, "2")
    .replace(/\b(?:a|one) (dollar|buck|pound|euro|quid)\b/g, "1 $1");
  // British slang for notes: "a fiver", "a tenner", "2 tenners".
  out = out
    .replace(/\b(?:a|one) fiver\b/g, "5 pounds")
    .replace(/\b(?:a|one) tenner\b/g, "10 pounds")
    .replace(/\b(\d+) fivers\b/g, (_, n: string) => `${Number(n) * 5} pounds`)
    .replace(/\b(\d+) tenners\b/g, (_, n: string) => `${Number(n) * 10} pounds`);
  return out;
}

const ORDINAL_WORDS: Record<string, string> = Object.fromEntries(
  [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
  ]
    .map((w, i) => [w, `${i + 1}th`])
    .concat([
      ["twenty-first", "21th"],
      ["twenty first", "21th"],
      ["twenty-second", "22th"],
      ["twenty second", "22th"],
      ["twenty-third", "23th"],
      ["twenty third", "23th"],
      ["thirtieth", "30th"],
      ["thirty-first", "31th"],
      ["thirty first", "31th"],
    ]),
);
const MONTH_WORDS =
  "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
const ORDINAL_WORD = Object.keys(ORDINAL_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|");
const ORDINAL_BY_MONTH = new RegExp(
  `\\b(${MONTH_WORDS})\\s+(${ORDINAL_WORD})\\b|\\b(${ORDINAL_WORD})\\s+of\\s+(${MONTH_WORDS})\\b`,
  "g",
);

const SIZE_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/** Units glued to their number so "1 l", "500 ml" and `6'3"` compare equal in titles and queries. */
export function glueUnits(text: string): string {
  return (
    text
      // "the one litre", "a two kilo bag": a size said in words is the size in figures.
      .replace(
        /\b(one|two|three|four|five|six|seven|eight|nine|ten)\s+(?=(?:kgs?|kilos?|kilograms?|litres?|liters?|millilitres?|milliliters?)\b)/g,
        (_, w: string) => `${SIZE_WORDS.indexOf(w) + 1} `,
      )
      .replace(/(\d)\s*'\s*(\d{1,2})(?:\s*(?:"|''|”))?/g, "$1ft$2")
      .replace(/(\d)\s*(?:"|”|inch(?:es)?\b)/g, "$1in")
      .replace(
        /(\d(?:[.,]\d+)?)\s*(kg|kgs|kilos?|g|grams?|ml|millilitres?|milliliters?|l|litres?|liters?|lbs?|oz)\b/g,
        (_, n: string, u: string) => {
          const unit =
            u.startsWith("kg") || u.startsWith("kilo")
              ? "kg"
              : u.startsWith("g")
                ? "g"
                : u.startsWith("m")
                  ? "ml"
                  : u.startsWith("l") && u !== "lb" && u !== "lbs"
                    ? "l"
                    : u.startsWith("lb")
                      ? "lb"
                      : "oz";
          return `${n.replace(",", ".")}${unit}`;
        },
      )
  );
}

/**
 * Intent vocabulary: words the rules look for. A misspelt word close to exactly one of these (and not
 * a known word or a catalogue word) is corrected to it.
 */
export const KEYWORDS = [
  "sales",
  "sale",
  "sold",
  "selling",
  "revenue",
  "turnover",
  "income",
  "orders",
  "order",
  "margin",
  "refunds",
  "refund",
  "refunded",
  "discounts",
  "discount",
  "average",
  "today",
  "yesterday",
  "tomorrow",
  "week",
  "weeks",
  "weekly",
  "month",
  "months",
  "monthly",
  "year",
  "years",
  "yearly",
  "quarter",
  "quarterly",
  "daily",
  "days",
  "last",
  "this",
  "since",
  "between",
  "previous",
  "compare",
  "compared",
  "comparison",
  "versus",
  "against",
  "growth",
  "january",
  "february",
  "march",
  "april",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
  "christmas",
  "black",
  "cyber",
  "thanksgiving",
  "forecast",
  "forecasting",
  "predict",
  "prediction",
  "projection",
  "project",
  "outlook",
  "demand",
  "expected",
  "inventory",
  "stock",
  "stockout",
  "stockouts",
  "restock",
  "restocking",
  "reorder",
  "replenish",
  "running",
  "purchase",
  "supplier",
  "suppliers",
  "adjust",
  "update",
  "counted",
  "received",
  "damaged",
  "quantity",
  "price",
  "prices",
  "pricing",
  "change",
  "increase",
  "decrease",
  "raise",
  "lower",
  "reduce",
  "suggest",
  "suggestions",
  "recommendations",
  "optimize",
  "optimise",
  "markdown",
  "coupon",
  "code",
  "codes",
  "promo",
  "percent",
  "dollars",
  "create",
  "generate",
  "agent",
  "agents",
  "sync",
  "resync",
  "optimizer",
  "research",
  "fulfillment",
  "fulfilment",
  "finance",
  "marketing",
  "security",
  "monitor",
  "ticket",
  "tickets",
  "support",
  "reply",
  "response",
  "draft",
  "escalate",
  "solved",
  "closed",
  "alert",
  "alerts",
  "explain",
  "latest",
  "trending",
  // Asking how a change did: "did raising the price work?" (not a typo of "rising").
  "raising",
  "lowering",
  "impact",
  "outcome",
  "outcomes",
  "effect",
  "trends",
  "rising",
  "declining",
  "bundle",
  "bundles",
  "together",
  "dead",
  "categories",
  "category",
  "assortment",
  "missing",
  "segments",
  "segment",
  "customers",
  "customer",
  "lifetime",
  "campaign",
  "campaigns",
  "results",
  "perform",
  "performance",
  "cashflow",
  "analytics",
  "retention",
  "cohort",
  "repeat",
  "scan",
  "vulnerabilities",
  "compliance",
  "compliant",
  "audit",
  "pending",
  "approval",
  "approvals",
  "approve",
  "approved",
  "rejected",
  "declined",
  "denied",
  "reverted",
  "applied",
  "fraud",
  "fraudulent",
  "risk",
  "risky",
  "suspicious",
  "hold",
  "release",
  "route",
  "routing",
  "warehouse",
  "location",
  "locations",
  "ship",
  "overview",
  "status",
  "anomalies",
  "anomaly",
  "unusual",
  "spikes",
  "description",
  "rename",
  "product",
  "products",
  "variant",
  "variants",
  "units",
  "please",
  "thanks",
];
const KEYWORD_SET = new Set(KEYWORDS);

/** Common English and commerce words: never "corrected", never product search terms on their own. */
export const COMMON_WORDS = new Set(
  `a about above actually add after again against all almost alone along already also always am an and another any anyone anything anyway are
around as ask at away back be because been before being below best better between big both but buy by can cant cannot can't could couldnt did didnt
do does doesnt doing done dont don't down during each either else enough especially even ever every everything exactly few find first for from full
get gets getting give given go goes going gone good got great had has hasnt hasn't have haven't havent having he her here hers him his how however i
i'd i'll i'm i've id if im in into is isnt isn't it it's its itself just keep kind know less let lets like look looks looking lot lots made make makes
many may maybe me might mine more most much must my myself need needs new next no nope not nothing now of off often ok okay on once one only or other
our ours out over own per perhaps please pls plz pull put quick quickly rather really right same say see seem seems set shall she should show shown
so some something soon still such sure take tell than thank thanks that that's thats the their them then there these they thing things think those
though through thru till to too top total up upon us use used using very via want was wasnt we we'd we'll we're we've well were what what's whats when
where which while who who's whom whose why will with within without won't would wouldnt yeah yes yet you you'd you'll you're your yours
hi hello hey aira morning afternoon evening lately recently currently now right ago around roughly approx approximately level levels
analysis analyses analyse analyze report reports reporting summary summaries breakdown review reviews question questions
request requests business account accounts payment payments shipping delivery deliveries return returns profit profits
expense expenses budget target targets goal goals season seasonal holiday holidays weekend weekends tonight minimum maximum
percentage amount totals message messages email emails team staff manager owner supplier partner brand brands channel channels
safe sure save saved saving same game name fine line lines mine nine wine site size note notes
past ahead behind later close closing stats stat lead leads lists resolve resolved resolving resolution dead deal deals
fast last least lost most post rest test cast case care card cart mail main meal sales sale
past earlier early previously soon sooner asap hand hands on-hand actual
able across already amount anything arrive arrived bought brought buying call called check checks come coming cost costs count current
currently date dates day details do end ends ending ever expect fix free from full give happen happened help hour hours idea ideas
item items kind late latest left let list long many mark mean means much name named net number numbers ok once open others part pay people
pieces place plan point pretty quite rate rates real reason run runs sell sells send sent shop shops site start started starting store stores
stuff sure system take taken talk time times total try turn type under unit until value view want way ways whole work works worth wrong
cheap cheaper cheapest pricey pricier expensive reckon mate cheers quid fiver tenner fortnight fortnights
stick sticks stuck peg pegs shelf shelves skip bits block blocked blocking blacklist banned alone
charge charges charged charging range ranges hang chance`
    .split(/\s+/)
    .filter(Boolean),
);

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), stopped early past `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
  }
  return prev[b.length];
}

const correctionCache = new Map<string, string | null>();

/** The keyword a misspelt word stands for, or null when there is no single close keyword. */
export function correctWord(word: string): string | null {
  if (word.length < 4 || KEYWORD_SET.has(word) || COMMON_WORDS.has(word)) return null;
  const cached = correctionCache.get(word);
  if (cached !== undefined) return cached;
  const max = word.length >= 8 ? 2 : 1;
  let best: string | null = null;
  let bestDistance = Infinity;
  let tie = false;
  for (const keyword of KEYWORDS) {
    if (Math.abs(keyword.length - word.length) > max || keyword.length < 4) continue;
    // Typos keep the first letter (or swap the first two); a keyword that is the word plus an
    // ending ("close" -> "closed") is another form of a real word, not a typo.
    if (keyword[0] !== word[0] && !(keyword[0] === word[1] && keyword[1] === word[0])) continue;
    if (isInflection(word, keyword)) return cache(word, null);
    // A short word one letter away from a keyword is usually another word ("safe", "sale"): only
    // a missing, extra or swapped letter counts there.
    if (
      word.length <= 4 &&
      keyword.length === word.length &&
      [...word].sort().join("") !== [...keyword].sort().join("")
    )
      continue;
    // Letters swapped around ("realese", "recieved"): the same letters, two edits away, are a typo too.
    const sameLetters = word.length >= 6 && [...word].sort().join("") === [...keyword].sort().join("");
    const d = editDistance(word, keyword, sameLetters ? 2 : max);
    if (d > (sameLetters ? 2 : max)) continue;
    if (d < bestDistance) {
      best = keyword;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && keyword !== best) tie = true;
  }
  return cache(word, best !== null && !tie ? best : null);
}

function cache(word: string, result: string | null): string | null {
  if (correctionCache.size > 5000) correctionCache.clear();
  correctionCache.set(word, result);
  return result;
}

const ENDINGS = ["s", "es", "d", "ed", "ing", "r", "er", "ly", "y"];
function isInflection(word: string, keyword: string): boolean {
  // "closing" is "close" less its e plus "ing"; "pricd" is not "price" plus "d".
  return ENDINGS.some(
    (e) =>
      keyword === word + e ||
      word === keyword + e ||
      (keyword.endsWith("e") && /^[aeiouy]/.test(e) && word === keyword.slice(0, -1) + e),
  );
}

/**
 * Short forms and misspellings the edit-distance correction cannot reach (words under four letters,
 * or corrections to words that are not command keywords): "wk" -> "week", "untill" -> "until".
 */
const SHORT_FORMS: Record<string, string> = {
  wk: "week",
  wek: "week",
  wks: "weeks",
  mth: "month",
  mnth: "month",
  mths: "months",
  mnths: "months",
  yr: "year",
  yrs: "years",
  yday: "yesterday",
  tix: "tickets",
  wat: "what",
  yest: "yesterday",
  tdy: "today",
  tmrw: "tomorrow",
  tmr: "tomorrow",
  untill: "until",
  untl: "until",
  til: "till",
  qty: "quantity",
  thx: "thanks",
  avg: "average",
  nxt: "next",
  prev: "previous",
  mo: "month",
  approx: "approximately",
  recs: "recommendations",
  // Terse forms of intent words ("rev forecast 30d", "cust segments").
  rev: "revenue",
  revs: "revenue",
  tkts: "tickets",
  tkt: "ticket",
  perf: "performance",
  promos: "promo",
  recos: "recommendations",
  reccs: "recommendations",
  fcst: "forecast",
  fcast: "forecast",
  // Texting shorthand of the words that carry a question or a request ("hw many", "wats", "wud u").
  hw: "how",
  wats: "whats",
  wot: "what",
  wud: "would",
  shud: "should",
  cud: "could",
  nothin: "nothing",
  somethin: "something",
  anythin: "anything",
  em: "them",
  rn: "right now",
  ta: "thanks",
  ty: "thanks",
  // False friends of second-language English: "magazine" (magazzino, magazyn, Magazin) is the warehouse.
  magazine: "warehouse",
  magazzino: "warehouse",
  magazyn: "warehouse",
};

const WEEKDAY_ABBREVIATIONS: Record<string, string> = {
  mon: "monday",
  tue: "tuesday",
  tues: "tuesday",
  wed: "wednesday",
  thu: "thursday",
  thur: "thursday",
  thurs: "thursday",
  fri: "friday",
  sat: "saturday",
  sun: "sunday",
};

/**
 * Lower-cased, trimmed text with number words as digits, units glued to numbers and misspelt
 * keywords corrected. Words in `protectedWords` (the catalogue's vocabulary) are never corrected.
 */
export function normalize(text: string, protectedWords?: { has(word: string): boolean }): string {
  let out = text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    // Emoji carry no command (a 🚩 or 👋 beside words that do).
    .replace(/\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\u{FE0F}|\u{200D}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  // "w/c 1 December": week commencing.
  out = out.replace(/\bw\/c\b/g, "week commencing");
  // "white pad -> 69.95", "revenue-by-day", "write-up": arrows and hyphenated phrases as words.
  out = out
    .replace(/\s*(?:->|=>|→)\s*/g, " to ")
    .replace(/\b([a-z]+)-(by|up)-([a-z]+)\b/g, "$1 $2 $3")
    .replace(/\b(write|sign|follow|round|mark)-(up|off|down)\b/g, "$1 $2");
  out = numberWords(out);
  // "december first", "the fifth of december": ordinal words next to a month as ordinals.
  out = out.replace(
    ORDINAL_BY_MONTH,
    (whole: string, month1?: string, word1?: string, word2?: string, month2?: string) =>
      month1 ? `${month1} ${ORDINAL_WORDS[word1!]}` : `${ORDINAL_WORDS[word2!]} of ${month2}`,
  );
  // "this month vs last", "this week compared to the previous": the period word is left out once.
  out = out.replace(
    /\b(this|current) (week|month|quarter|year)\b(\s+(?:vs\.?|versus|to|against|compared (?:to|with)|and|with|over|on)\s+(?:the\s+)?)(last|previous|prior)\b(?!\s*(?:\d|weeks?|months?|quarters?|years?|weekend|days?|time|one|period|fortnight)\b)/g,
    "$1 $2$3$4 $2",
  );
  // Terse durations and signed changes: "30d" -> "30 days", "2wks" -> "2 weeks", "3mo" -> "3 months";
  // "-15%" -> "15% off", "+10%" -> "10% higher", "+12 halters in" -> "add 12 halters in".
  out = out
    .replace(/(^|[^\w-])(\d+)\s?d\b/g, "$1$2 days")
    .replace(/(^|[^\w-])(\d+)\s?(?:wks?|w)\b/g, "$1$2 weeks")
    .replace(/(^|[^\w-])(\d+)\s?(?:mos?|mths?)\b/g, "$1$2 months")
    .replace(/(^|\s)-(\d+(?:\.\d+)?)\s*%/g, "$1$2% off")
    .replace(/(^|\s)\+(\d+(?:\.\d+)?)\s*%/g, "$1$2% higher")
    .replace(/(^|\s)\+(\d+)\b(?![.,]\d)/g, "$1add $2");
  out = out
    // "9,50": a decimal comma (two digits after it), as typed across most of Europe.
    .replace(/(^|[^\d,.])(\d{1,6}),(\d{2})(?![\d,])/g, "$1$2.$3")
    // "2x TAC-116", "120+ days": a count with a times sign, an open-ended number of days.
    .replace(/(^|\s)(\d+)x(?=\s|$)/g, "$1$2")
    .replace(/\b(\d+)\+\s*(?=(?:days?|weeks?|months?|years?)\b)/g, "$1 ")
    // "how'd it do": how did.
    .replace(/\bhow'd\b/g, "how did")
    // Texting shorthand with digits: "any1", "some1", "2day", "2moro", "b4", "l8r".
    .replace(/\b(any|some|every|no)1\b/g, "$1one")
    .replace(/\b2day\b/g, "today")
    .replace(/\b2mor+o?w?\b/g, "tomorrow")
    .replace(/\bb4\b/g, "before")
    // "since Mon", "from fri": weekday abbreviations after a word that introduces a day.
    .replace(
      /\b(since|from|on|last|this|next|until|till|by|before|after|to)\s+(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?/g,
      (_, lead: string, day: string) => `${lead} ${WEEKDAY_ABBREVIATIONS[day]}`,
    );
  out = glueUnits(out);
  return out.replace(/[a-z]+/g, (word, offset: number, whole: string) => {
    // Leave parts of codes, SKUs, e-mail addresses and URLs alone.
    const before = whole[offset - 1];
    const after = whole[offset + word.length];
    if ((before && /[\w@./-]/.test(before)) || (after && /[\w@/-]/.test(after))) return word;
    if (protectedWords?.has(word) || protectedWords?.has(stem(word))) return word;
    return SHORT_FORMS[word] ?? correctWord(word) ?? word;
  });
}

/** A light stemmer shared by catalogue titles and queries: plural endings only. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}

/** Word tokens with their offsets (letters, digits, and the joiners used in SKUs and units). */
export function tokens(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/[a-z0-9]+(?:[-_.'][a-z0-9]+)*/g))
    out.push({ word: m[0], start: m.index!, end: m.index! + m[0].length });
  return out;
}

/** Replaces the given spans with spaces, keeping every other offset where it was. */
export function mask(text: string, spans: { start: number; end: number }[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + " ".repeat(Math.max(0, s.end - s.start)) + out.slice(s.end);
  return out;
}
