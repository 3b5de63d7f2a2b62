// Date expressions a merchant types, resolved to inclusive ISO day ranges against a fixed `now`
// (UTC days): "last 30 days", "this month", "Q3", "in October", "since Black Friday",
// "between 1 March and 15 March", ISO dates, weekdays, holidays. A small grammar of its own keeps this
// fast (a few µs) and exact; chrono-node handles the leftovers ("3 days ago", "the 15th").
import * as chrono from "chrono-node";
import { addDays, DAY_MS, localDay } from "../../core/time";

export type IsoDay = string;
export interface DayRange {
  from: IsoDay;
  to: IsoDay;
}
export type Granularity = "day" | "week" | "month" | "quarter" | "year" | "custom";

export interface DateMention {
  /** Offsets in the text searched. */
  start: number;
  end: number;
  text: string;
  /** The period meant: for "since X" it runs from X to today. */
  range: DayRange;
  /** The day or period named, before "since"/"until" widened it. */
  anchor: DayRange;
  granularity: Granularity;
  role: "period" | "since" | "until";
  /** Lies after today ("next month", "tomorrow"). */
  future: boolean;
  /** "previous 30 days", "the week before": meant relative to another mention. */
  relative: boolean;
  /** "November last year": the named period, a year earlier. */
  lastYear: boolean;
  /** "the same day last week": the other period of a comparison lies this far before it. */
  offset?: { days: number } | { months: number };
  /** The same period a year earlier (holidays recomputed for that year). */
  yearEarlier: DayRange;
}

export interface DateOptions {
  /** Which occurrence a date without a year means: the last one (sales) or the next one (discount dates). */
  prefer?: "past" | "future";
  /** The shop's IANA timezone: "today" is the shop's local day (default UTC). */
  timeZone?: string;
}

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const MONTH =
  "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const ORDINAL = "(?:st|nd|rd|th)?";

const parts = (day: IsoDay) => ({
  y: Number(day.slice(0, 4)),
  m: Number(day.slice(5, 7)),
  d: Number(day.slice(8, 10)),
});
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function ymd(y: number, m: number, d: number): IsoDay {
  return new Date(Date.UTC(y, m - 1, Math.min(d, daysInMonth(y, m)))).toISOString().slice(0, 10);
}
export function addMonths(day: IsoDay, n: number): IsoDay {
  const { y, m, d } = parts(day);
  const total = y * 12 + (m - 1) + n;
  return ymd(Math.floor(total / 12), (total % 12) + 1, d);
}
/** Inclusive length of a range in days. */
export function rangeDays(range: DayRange): number {
  return Math.round((Date.parse(range.to) - Date.parse(range.from)) / DAY_MS) + 1;
}
const weekday = (day: IsoDay) => new Date(`${day}T00:00:00Z`).getUTCDay();
const mondayOf = (day: IsoDay) => addDays(day, -((weekday(day) + 6) % 7));
const monthRange = (y: number, m: number): DayRange => ({ from: ymd(y, m, 1), to: ymd(y, m, daysInMonth(y, m)) });
const quarterRange = (y: number, q: number): DayRange => ({
  from: ymd(y, q * 3 - 2, 1),
  to: ymd(y, q * 3, daysInMonth(y, q * 3)),
});
const yearRange = (y: number): DayRange => ({ from: ymd(y, 1, 1), to: ymd(y, 12, 31) });
const shiftYears = (r: DayRange, n: number): DayRange => ({
  from: addMonths(r.from, 12 * n),
  to: addMonths(r.to, 12 * n),
});

/** US Thanksgiving: the fourth Thursday of November. */
export function thanksgiving(year: number): IsoDay {
  const first = weekday(ymd(year, 11, 1));
  return ymd(year, 11, 1 + ((4 - first + 7) % 7) + 21);
}
/** Black Friday: the day after US Thanksgiving. */
export function blackFriday(year: number): IsoDay {
  return addDays(thanksgiving(year), 1);
}

const HOLIDAYS: { re: string; range(year: number): DayRange }[] = [
  {
    re: "black friday (?:weekend|to cyber monday|through cyber monday|thru cyber monday)|bfcm|cyber weekend",
    range: (y) => ({ from: blackFriday(y), to: addDays(blackFriday(y), 3) }),
  },
  // "Black Friday week": the Monday-to-Sunday week it falls in.
  {
    re: "black friday week",
    range: (y) => ({ from: addDays(blackFriday(y), -4), to: addDays(blackFriday(y), 2) }),
  },
  { re: "black friday", range: (y) => ({ from: blackFriday(y), to: blackFriday(y) }) },
  { re: "cyber monday", range: (y) => ({ from: addDays(blackFriday(y), 3), to: addDays(blackFriday(y), 3) }) },
  {
    re: "thanksgiving (?:weekend|week-?end)",
    range: (y) => ({ from: thanksgiving(y), to: addDays(thanksgiving(y), 3) }),
  },
  { re: "thanksgiving", range: (y) => ({ from: thanksgiving(y), to: thanksgiving(y) }) },
  { re: "christmas eve", range: (y) => ({ from: ymd(y, 12, 24), to: ymd(y, 12, 24) }) },
  { re: "christmas(?: day)?|xmas", range: (y) => ({ from: ymd(y, 12, 25), to: ymd(y, 12, 25) }) },
  { re: "boxing day", range: (y) => ({ from: ymd(y, 12, 26), to: ymd(y, 12, 26) }) },
  { re: "new year'?s eve", range: (y) => ({ from: ymd(y, 12, 31), to: ymd(y, 12, 31) }) },
  { re: "new year'?s(?: day)?", range: (y) => ({ from: ymd(y, 1, 1), to: ymd(y, 1, 1) }) },
  { re: "valentine'?s(?: day)?", range: (y) => ({ from: ymd(y, 2, 14), to: ymd(y, 2, 14) }) },
  { re: "halloween", range: (y) => ({ from: ymd(y, 10, 31), to: ymd(y, 10, 31) }) },
];

interface Context {
  today: IsoDay;
  y: number;
  m: number;
  prefer: "past" | "future";
  text: string;
}
type Found = Omit<DateMention, "start" | "end" | "text" | "role" | "range" | "relative" | "future" | "lastYear"> & {
  explicit?: boolean;
  relative?: boolean;
  joined?: boolean;
  lastYear?: boolean;
};

/** The range moved back by an offset ("a week", "a month"). */
export function shiftBack(range: DayRange, offset: { days: number } | { months: number }): DayRange {
  return "days" in offset
    ? { from: addDays(range.from, -offset.days), to: addDays(range.to, -offset.days) }
    : { from: addMonths(range.from, -offset.months), to: addMonths(range.to, -offset.months) };
}
interface Rule {
  re: RegExp;
  build(m: RegExpExecArray, ctx: Context): Found | null;
}

const unitDays = (unit: string) =>
  unit.startsWith("fortnight")
    ? 14
    : unit.startsWith("w")
      ? 7
      : unit.startsWith("m")
        ? 30
        : unit.startsWith("y")
          ? 365
          : unit.startsWith("q")
            ? 90
            : 1;

/**
 * "The last N days/weeks" are the N complete days (or 7N) before today, as on the app's pages
 * (agents/analytics/window.ts): today is still in progress. Months, quarters and years run to today.
 */
function rolling(ctx: Context, n: number, unit: string): DayRange {
  if (unit.startsWith("mo")) return { from: addDays(addMonths(ctx.today, -n), 1), to: ctx.today };
  if (unit.startsWith("y")) return { from: addDays(addMonths(ctx.today, -12 * n), 1), to: ctx.today };
  if (unit.startsWith("q")) return { from: addDays(addMonths(ctx.today, -3 * n), 1), to: ctx.today };
  return { from: addDays(ctx.today, -n * unitDays(unit)), to: addDays(ctx.today, -1) };
}

/** The year a month (or a day, when given) without a year means. */
function inferYear(ctx: Context, month: number, day?: number): number {
  if (day === undefined) {
    if (ctx.prefer === "past") return month > ctx.m ? ctx.y - 1 : ctx.y;
    return month < ctx.m ? ctx.y + 1 : ctx.y;
  }
  const candidate = ymd(ctx.y, month, day);
  if (ctx.prefer === "past") return candidate > ctx.today ? ctx.y - 1 : ctx.y;
  return candidate < ctx.today ? ctx.y + 1 : ctx.y;
}
function fullYear(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const digits = text.replace("'", "");
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

function explicitDay(ctx: Context, month: number, day: number, yearText?: string): DayRange | null {
  if (day < 1 || day > 31) return null;
  const year = fullYear(yearText) ?? inferYear(ctx, month, day);
  if (day > daysInMonth(year, month)) return null;
  const d = ymd(year, month, day);
  return { from: d, to: d };
}

const single = (range: DayRange, granularity: Granularity, extra: Partial<Found> = {}): Found => ({
  anchor: range,
  granularity,
  yearEarlier: shiftYears(range, -1),
  ...extra,
});

/** A numeric date that can only be day first ("15/11"): the message writes its dates day first. */
const DAY_FIRST_DATE = /\b(?:1[3-9]|2\d|3[01])\/(?:0?[1-9]|1[0-2])\b/;

/** Monday of ISO week `week` of `year` (week 1 holds 4 January). */
function isoWeekMonday(year: number, week: number): IsoDay {
  return addDays(mondayOf(ymd(year, 1, 4)), (week - 1) * 7);
}

const RULES: Rule[] = [
  // "wk 48", "week 47", "w48": an ISO week number, this year's or, when it has not started, last year's.
  {
    re: /\b(?:iso\s+)?(?:week|wk|w)\s?(?:no\.?\s?|number\s|#\s?)?(\d{1,2})\b(?!\s*(?:%|days?|weeks?|months?|units?|of\b|\.\d))/g,
    build: (m, ctx) => {
      const week = +m[1];
      if (week < 1 || week > 53) return null;
      let monday = isoWeekMonday(ctx.y, week);
      if (ctx.prefer === "past" && monday > ctx.today) monday = isoWeekMonday(ctx.y - 1, week);
      if (ctx.prefer === "future" && addDays(monday, 6) < ctx.today) monday = isoWeekMonday(ctx.y + 1, week);
      return single({ from: monday, to: addDays(monday, 6) }, "week", { explicit: true });
    },
  },
  // ISO day, with an optional second ISO day as the end of a range.
  {
    re: /\b(\d{4})-(\d{2})-(\d{2})(?:\s*(?:-|\.\.|to|until|till|through|thru|and)\s*(\d{4})-(\d{2})-(\d{2}))?\b/g,
    build: (m) => {
      const from = ymd(+m[1], +m[2], +m[3]);
      const to = m[4] ? ymd(+m[4], +m[5], +m[6]) : from;
      return from <= to
        ? single({ from, to }, m[4] ? "custom" : "day", { explicit: true, joined: Boolean(m[4]) })
        : null;
    },
  },
  // Numeric day: US month first (12/3, 12/3/2025), or day first where the first number cannot be a month (28/11),
  // and then for every numeric date of the message ("1/11-15/11" is 1 to 15 November).
  {
    re: /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?\b/g,
    build: (m, ctx) => {
      const dayFirst = DAY_FIRST_DATE.test(ctx.text);
      const [month, day] =
        +m[1] >= 1 && +m[1] <= 12 && !(dayFirst && +m[2] >= 1 && +m[2] <= 12)
          ? [+m[1], +m[2]]
          : +m[2] >= 1 && +m[2] <= 12
            ? [+m[2], +m[1]]
            : [0, 0];
      return month
        ? mapNullable(explicitDay(ctx, month, day, m[3]), (r) => single(r, "day", { explicit: true }))
        : null;
    },
  },
  // A day of the month after a preposition: "till the 21st", "since the 3rd", "on the 15th".
  {
    re: new RegExp(
      `(?<=\\b(?:until|till|til|by|on|from|since|through|thru|before|after|ending|ends|starting|starts|expires?|valid to)\\s+)(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\b(?!\\s*(?:of\\s+)?(?:${MONTH})\\b)`,
      "g",
    ),
    build: (m, ctx) => {
      const day = +m[1];
      if (day < 1 || day > 31) return null;
      // This month's day, or the nearest one on the preferred side of today.
      let month = ctx.m,
        year = ctx.y;
      const candidate = ymd(year, month, day);
      if (ctx.prefer === "past" && candidate > ctx.today)
        [year, month] = month === 1 ? [year - 1, 12] : [year, month - 1];
      if (ctx.prefer === "future" && candidate < ctx.today)
        [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
      return day > daysInMonth(year, month)
        ? null
        : single({ from: ymd(year, month, day), to: ymd(year, month, day) }, "day", { explicit: true });
    },
  },
  // "March 1-15", "March 1st through the 15th".
  {
    re: new RegExp(
      `\\b(${MONTH})\\.?\\s+(\\d{1,2})${ORDINAL}\\s*(?:-|to|through|thru|until|till)\\s*(?:the\\s+)?(\\d{1,2})${ORDINAL}\\b(?!\\s*(?:%|percent|days?|weeks?))(?:,?\\s+(\\d{4}))?`,
      "g",
    ),
    build: (m, ctx) => monthDaysRange(ctx, MONTHS[m[1]], +m[2], +m[3], m[4]),
  },
  // "1-15 March", "between 1 and 15 March".
  {
    re: new RegExp(
      `\\b(\\d{1,2})${ORDINAL}\\s*(?:-|to|and|through|thru|until|till)\\s*(?:the\\s+)?(\\d{1,2})${ORDINAL}(?:\\s+of)?\\s+(${MONTH})\\b\\.?(?:,?\\s+(\\d{4}))?`,
      "g",
    ),
    build: (m, ctx) => monthDaysRange(ctx, MONTHS[m[3]], +m[1], +m[2], m[4]),
  },
  // "1 March", "15th of March 2024".
  {
    re: new RegExp(`\\b(\\d{1,2})${ORDINAL}(?:\\s+of)?\\s+(${MONTH})\\b\\.?(?:,?\\s+(\\d{4}))?`, "g"),
    build: (m, ctx) =>
      mapNullable(explicitDay(ctx, MONTHS[m[2]], +m[1], m[3]), (r) => single(r, "day", { explicit: true })),
  },
  // "March 1", "Nov 15th, 2024".
  {
    re: new RegExp(
      `\\b(${MONTH})\\.?\\s+(\\d{1,2})${ORDINAL}\\b(?!\\s*(?:%|percent|days?|weeks?|months?|units?|\\.\\d))(?:,?\\s+(\\d{4}))?`,
      "g",
    ),
    build: (m, ctx) =>
      mapNullable(explicitDay(ctx, MONTHS[m[1]], +m[2], m[3]), (r) => single(r, "day", { explicit: true })),
  },
  // "the first week of December", "last week of March 2024".
  {
    re: new RegExp(
      `\\b(?:the\\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|last|final)\\s+week\\s+(?:of|in)\\s+(${MONTH})\\b\\.?(?:\\s+(\\d{4}))?`,
      "g",
    ),
    build: (m, ctx) => {
      const month = MONTHS[m[2]];
      const year = fullYear(m[3]) ?? inferYear(ctx, month);
      const n = { first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4 }[m[1]];
      const last = daysInMonth(year, month);
      const from = n ? ymd(year, month, (n - 1) * 7 + 1) : ymd(year, month, last - 6);
      return single({ from, to: n ? ymd(year, month, n * 7) : ymd(year, month, last) }, "week", {
        explicit: true,
        joined: true,
      });
    },
  },
  // "the first ten days of December", "the last 7 days of November 2024".
  {
    re: new RegExp(
      `\\b(?:the\\s+)?(first|last|final)\\s+(\\d{1,2})\\s+days\\s+(?:of|in)\\s+(${MONTH})\\b\\.?(?:\\s+(\\d{4}))?`,
      "g",
    ),
    build: (m, ctx) => {
      const month = MONTHS[m[3]];
      const year = fullYear(m[4]) ?? inferYear(ctx, month);
      const n = +m[2];
      const last = daysInMonth(year, month);
      if (n < 1 || n > last) return null;
      const range =
        m[1] === "first"
          ? { from: ymd(year, month, 1), to: ymd(year, month, n) }
          : { from: ymd(year, month, last - n + 1), to: ymd(year, month, last) };
      return single(range, "custom", { explicit: true, joined: true });
    },
  },
  // Seasons (northern meteorological): "in the summer", "last winter", "sales over the fall".
  {
    re: /(?<=\b(?:in|during|over|for|since|this|last|past|of|through|the)\s+(?:the\s+)?)(?:(last|this)\s+)?(spring|summer|autumn|fall|winter)(?:\s+(\d{4}))?(?=\s*(?:$|[?.!,;]|vs\b|versus\b|compared\b|and\b|to\b|sales?\b|revenue\b|orders?\b|season\b|months?\b))/g,
    build: (m, ctx) => {
      const startMonth = { spring: 3, summer: 6, autumn: 9, fall: 9, winter: 12 }[m[2]]!;
      const seasonOf = (year: number): DayRange => ({
        from: ymd(year, startMonth, 1),
        to: addDays(addMonths(ymd(year, startMonth, 1), 3), -1),
      });
      let year = m[3] ? Number(m[3]) : ctx.y;
      if (!m[3]) {
        if (seasonOf(year).from > ctx.today) year -= 1;
        if (m[1] === "last" && seasonOf(year).to >= ctx.today) year -= 1;
      }
      return { anchor: seasonOf(year), granularity: "custom", yearEarlier: seasonOf(year - 1), explicit: true };
    },
  },
  // "the end of the month", "end of this year".
  {
    re: /\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(month|year|week|quarter)\b/g,
    build: (m, ctx) => {
      const to =
        m[1] === "year"
          ? ymd(ctx.y, 12, 31)
          : m[1] === "month"
            ? ymd(ctx.y, ctx.m, daysInMonth(ctx.y, ctx.m))
            : m[1] === "quarter"
              ? quarterRange(ctx.y, Math.ceil(ctx.m / 3)).to
              : addDays(mondayOf(ctx.today), 6);
      return single({ from: to, to }, "day");
    },
  },
  // "the start of the year", "beginning of this month".
  {
    re: /\b(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(year|month|quarter|week)\b/g,
    build: (m, ctx) => {
      const from =
        m[1] === "year"
          ? ymd(ctx.y, 1, 1)
          : m[1] === "month"
            ? ymd(ctx.y, ctx.m, 1)
            : m[1] === "quarter"
              ? ymd(ctx.y, Math.floor((ctx.m - 1) / 3) * 3 + 1, 1)
              : mondayOf(ctx.today);
      return single({ from, to: from }, "day");
    },
  },
  // "the week before", "the day before": the period before the one just named.
  {
    re: /\b(?:the\s+)?(day|week|weekend|fortnight|month|quarter|year|period)\s+(?:before|prior)\b(?!\s+(?:yesterday|last))/g,
    build: (_m, ctx) => single({ from: ctx.today, to: ctx.today }, "custom", { relative: true }),
  },
  // "the same day last week", "this time last month": today's period a week or a month back, meant
  // relative to the period it is compared with.
  {
    re: /\b(?:(?:the\s+)?same\s+(?:day|weekday|date|time)\s+(?:(?:last|previous|the\s+previous|a|1|the|one)\s+)?(week|month)(?:\s+(?:before|earlier|ago))?|this\s+time\s+(?:last|a)\s+(week|month)(?:\s+ago)?)\b/g,
    build: (m, ctx) => {
      const offset = (m[1] ?? m[2]) === "week" ? { days: 7 } : { months: 1 };
      return single(shiftBack({ from: ctx.today, to: ctx.today }, offset), "day", { relative: true, offset });
    },
  },
  // Months: "October", "last December", "March 2024".
  {
    re: new RegExp(`\\b(?:(last|this|next|previous)\\s+)?(${MONTH})\\b\\.?(?:\\s+(?:of\\s+)?(\\d{4}))?`, "g"),
    build: (m, ctx) => {
      const month = MONTHS[m[2]];
      if (
        m[2] === "may" &&
        !m[1] &&
        !m[3] &&
        !/\b(in|since|during|for|from|of|until|till|through|to|and|vs|versus|than|with|before|after)\s+$/.test(
          ctx.text.slice(0, m.index),
        )
      )
        return null;
      let year: number;
      if (m[3]) year = Number(m[3]);
      else if (m[1] === "last" || m[1] === "previous") year = month < ctx.m ? ctx.y : ctx.y - 1;
      else if (m[1] === "this") year = ctx.y;
      else if (m[1] === "next") year = month > ctx.m ? ctx.y : ctx.y + 1;
      else year = inferYear(ctx, month);
      return single(monthRange(year, month), "month", { explicit: true });
    },
  },
  // Quarters: "Q3", "Q2 2024", "third quarter", "last quarter".
  {
    re: /\b(?:(last|this|next)\s+)?q([1-4])\b(?:\s+(?:of\s+)?('?\d{2}\b|\d{4}))?/g,
    build: (m, ctx) => quarter(ctx, +m[2], m[3], m[1]),
  },
  // Half years: "H1", "H2 2024", "the first half of the year", "second half of 2024".
  {
    re: /\b(?:(last|this)\s+)?(?:h([12])|(?:the\s+)?(first|second|1st|2nd)\s+half(?:\s+of\s+(?:the\s+)?(?:year|(?=\d{4})))?)\b(?:\s*(?:of\s+)?(\d{4}))?/g,
    build: (m, ctx) => {
      const half = m[2] ? +m[2] : m[3] === "first" || m[3] === "1st" ? 1 : 2;
      const range = (year: number): DayRange =>
        half === 1 ? { from: ymd(year, 1, 1), to: ymd(year, 6, 30) } : { from: ymd(year, 7, 1), to: ymd(year, 12, 31) };
      let year = m[4] ? +m[4] : ctx.y;
      if (!m[4] && (range(year).from > ctx.today || (m[1] === "last" && range(year).to >= ctx.today))) year -= 1;
      return { anchor: range(year), granularity: "custom", yearEarlier: range(year - 1), explicit: true };
    },
  },
  {
    re: /\b(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b(?:\s+(?:of\s+)?(\d{4}))?/g,
    build: (m, ctx) =>
      quarter(ctx, { first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4 }[m[1]]!, m[2]),
  },
  // Years after a preposition: "in 2024", "for 2023".
  {
    re: /(?<=\b(?:in|during|for|of|throughout|year|since|from|until|to|and|vs|versus|than|with)\s+)(20\d{2})\b(?![-/.]\d)/g,
    build: (m) => single(yearRange(+m[1]), "year", { explicit: true }),
  },
  // Holidays, with an optional year.
  ...HOLIDAYS.map<Rule>((h) => ({
    re: new RegExp(`\\b(?:${h.re})\\b(?:\\s+(\\d{4}))?`, "g"),
    build: (m, ctx) => {
      let year = m[1] ? Number(m[1]) : ctx.y;
      if (!m[1]) {
        if (ctx.prefer === "past" && h.range(year).from > ctx.today) year -= 1;
        if (ctx.prefer === "future" && h.range(year).to < ctx.today) year += 1;
      }
      // A named day is a calendar date: "between Black Friday and Cyber Monday" joins into one range.
      return { anchor: h.range(year), granularity: "custom", yearEarlier: h.range(year - 1), explicit: true };
    },
  })),
  // Rolling windows: "last 30 days", "past 2 weeks", "previous 3 months".
  {
    re: /\b(?:the\s+)?(last|past|previous|prior|trailing|recent)\s+(\d+)\s*(days?|d|weeks?|wks?|months?|mos?|quarters?|years?|yrs?)\b/g,
    build: (m, ctx) => {
      const n = Number(m[2]);
      if (n < 1 || n > 3650) return null;
      const range = rolling(ctx, n, m[3] === "d" ? "day" : m[3]);
      return single(range, "custom", { relative: m[1] === "previous" || m[1] === "prior" });
    },
  },
  {
    re: /\b(?:the\s+)?past\s+(week|month|year|quarter)\b/g,
    build: (m, ctx) => single(rolling(ctx, 1, m[1]), "custom"),
  },
  // "the past fortnight", "last 2 fortnights", "the past half year", "last half-year".
  {
    re: /\b(?:the\s+)?(last|past|previous|prior|trailing)\s+(?:(\d+)\s+)?(fortnights?|half[- ](?:a[- ])?year)\b/g,
    build: (m, ctx) => {
      const n = m[2] ? Number(m[2]) : 1;
      if (n < 1 || n > 100) return null;
      const range = m[3].startsWith("fortnight") ? rolling(ctx, 14 * n, "days") : rolling(ctx, 6 * n, "months");
      return single(range, "custom", { relative: m[1] === "previous" || m[1] === "prior" });
    },
  },
  // Calendar periods relative to today.
  { re: /\btoday\b/g, build: (_m, ctx) => single({ from: ctx.today, to: ctx.today }, "day") },
  {
    re: /\b(?:the\s+)?day before yesterday\b/g,
    build: (_m, ctx) => single({ from: addDays(ctx.today, -2), to: addDays(ctx.today, -2) }, "day"),
  },
  {
    re: /\byesterday\b/g,
    build: (_m, ctx) => single({ from: addDays(ctx.today, -1), to: addDays(ctx.today, -1) }, "day"),
  },
  {
    re: /\b(?:the\s+)?day after tomorrow\b/g,
    build: (_m, ctx) => single({ from: addDays(ctx.today, 2), to: addDays(ctx.today, 2) }, "day"),
  },
  {
    re: /\btomorrow\b/g,
    build: (_m, ctx) => single({ from: addDays(ctx.today, 1), to: addDays(ctx.today, 1) }, "day"),
  },
  {
    re: /\b(?:(this|current|last|previous|prior|next)\s+week|the week before last|week[- ]to[- ]date|wtd)\b/g,
    build: (m, ctx) => {
      const monday = mondayOf(ctx.today);
      const offset = m[0].includes("before last")
        ? -14
        : m[1] === "last" || m[1] === "previous" || m[1] === "prior"
          ? -7
          : m[1] === "next"
            ? 7
            : 0;
      const from = addDays(monday, offset);
      return single({ from, to: addDays(from, 6) }, "week");
    },
  },
  {
    re: /\b(?:(this|current|last|previous|prior|next)\s+month|the month before last|month[- ]to[- ]date|mtd)\b/g,
    build: (m, ctx) => {
      const offset = m[0].includes("before last")
        ? -2
        : m[1] === "last" || m[1] === "previous" || m[1] === "prior"
          ? -1
          : m[1] === "next"
            ? 1
            : 0;
      const { y, m: month } = parts(addMonths(ymd(ctx.y, ctx.m, 1), offset));
      return single(monthRange(y, month), "month");
    },
  },
  {
    re: /\b(?:(this|current|last|previous|prior|next)\s+quarter|quarter[- ]to[- ]date|qtd)\b/g,
    build: (m, ctx) => {
      const q =
        Math.ceil(ctx.m / 3) +
        (m[1] === "last" || m[1] === "previous" || m[1] === "prior" ? -1 : m[1] === "next" ? 1 : 0);
      const year = ctx.y + Math.floor((q - 1) / 4);
      return single(quarterRange(year, ((q - 1 + 4) % 4) + 1), "quarter");
    },
  },
  {
    re: /\b(?:(this|current|last|previous|prior|next)\s+years?(?:'s)?|year[- ]to[- ]date|ytd)\b/g,
    build: (m, ctx) =>
      single(
        yearRange(ctx.y + (m[1] === "last" || m[1] === "previous" || m[1] === "prior" ? -1 : m[1] === "next" ? 1 : 0)),
        "year",
      ),
  },
  // "the weekend after next", "the week after next": one further on than "next"; "before last" one further back.
  {
    re: /\b(?:the\s+)?(weekend|week)\s+(after next|before last)\b/g,
    build: (m, ctx) => {
      const wd = weekday(ctx.today);
      const ahead = m[2] === "after next";
      if (m[1] === "weekend") {
        const comingSaturday = addDays(ctx.today, (6 - wd + 7) % 7);
        const lastSaturday = addDays(ctx.today, -((wd + 1) % 7 || 7));
        const saturday = ahead ? addDays(comingSaturday, 7) : addDays(lastSaturday, -7);
        return single({ from: saturday, to: addDays(saturday, 1) }, "custom");
      }
      const monday = addDays(ctx.today, -((wd + 6) % 7));
      const from = addDays(monday, ahead ? 14 : -14);
      return single({ from, to: addDays(from, 6) }, "custom");
    },
  },
  {
    re: /\b(?:(last|this|past|next)\s+)?weekend\b/g,
    build: (m, ctx) => {
      const wd = weekday(ctx.today);
      const forward = m[1] === "next" || (ctx.prefer === "future" && m[1] !== "last" && m[1] !== "past");
      let saturday: IsoDay;
      if (forward) saturday = addDays(ctx.today, m[1] === "next" && wd === 6 ? 7 : (6 - wd + 7) % 7);
      else {
        const back = (wd + 1) % 7; // days since the last Saturday (0 on a Saturday)
        saturday = addDays(ctx.today, -(back <= 1 && (m[1] === "last" || m[1] === "past") ? back + 7 : back));
      }
      return single({ from: saturday, to: addDays(saturday, 1) }, "custom");
    },
  },
  // Runs of weekdays: "this saturday and sunday", "friday to sunday", "mon-wed".
  {
    re: /\b(?:(last|this|next|past)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*(-|to|through|thru|until|till|and|&)\s*(?:(?:last|this|next)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/g,
    build: (m, ctx) => {
      const span = (WEEKDAYS.indexOf(m[4]) - WEEKDAYS.indexOf(m[2]) + 7) % 7;
      // "monday and friday" are two days; "saturday and sunday" is a run of days.
      if (span === 0 || ((m[3] === "and" || m[3] === "&") && span !== 1)) return null;
      const from = weekdayDay(ctx, m[2], m[1]);
      return single({ from, to: addDays(from, span) }, "custom", { joined: true });
    },
  },
  // Weekdays: "on Monday", "last Friday", "until Sunday".
  {
    re: /\b(?:(last|this|next|past)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/g,
    build: (m, ctx) => {
      const day = weekdayDay(ctx, m[2], m[1]);
      return single({ from: day, to: day }, "day");
    },
  },
  // Forward windows: "next 30 days", "next 2 weeks".
  {
    re: /\b(?:the\s+)?(?:next|coming|following|upcoming)\s+(\d+)\s*(days?|weeks?|months?|quarters?|years?)\b/g,
    build: (m, ctx) => {
      const days = Number(m[1]) * unitDays(m[2]);
      return single({ from: addDays(ctx.today, 1), to: addDays(ctx.today, days) }, "custom");
    },
  },
  // "the next fortnight", "the coming half year".
  {
    re: /\b(?:the\s+)?(?:next|coming|following|upcoming)\s+(fortnight|half[- ](?:a[- ])?year)\b/g,
    build: (m, ctx) => {
      const to = m[1] === "fortnight" ? addDays(ctx.today, 14) : addMonths(ctx.today, 6);
      return single({ from: addDays(ctx.today, 1), to }, "custom");
    },
  },
];

/** The day a weekday names: "last friday", "this sunday", or the last (or, for future dates, next) one. */
function weekdayDay(ctx: Context, name: string, which?: string): IsoDay {
  const target = WEEKDAYS.indexOf(name);
  const wd = weekday(ctx.today);
  if (which === "last" || which === "past") return addDays(ctx.today, -((wd - target + 7) % 7 || 7));
  if (which === "next") return addDays(ctx.today, (target - wd + 7) % 7 || 7);
  if (which === "this") return addDays(mondayOf(ctx.today), (target + 6) % 7);
  if (ctx.prefer === "future") return addDays(ctx.today, (target - wd + 7) % 7);
  return addDays(ctx.today, -((wd - target + 7) % 7));
}

function mapNullable<T, U>(value: T | null, f: (v: T) => U): U | null {
  return value === null ? null : f(value);
}

function monthDaysRange(ctx: Context, month: number, a: number, b: number, yearText?: string): Found | null {
  if (a > b) return null;
  const from = explicitDay(ctx, month, a, yearText);
  if (!from) return null;
  const year = Number(from.from.slice(0, 4));
  if (b > daysInMonth(year, month)) return null;
  return single({ from: from.from, to: ymd(year, month, b) }, "custom", { explicit: true, joined: true });
}

function quarter(ctx: Context, q: number, yearText?: string, which?: string): Found {
  let year: number;
  const currentQ = Math.ceil(ctx.m / 3);
  if (yearText) year = fullYear(yearText)!;
  else if (which === "last") year = q < currentQ ? ctx.y : ctx.y - 1;
  else if (which === "next") year = q > currentQ ? ctx.y : ctx.y + 1;
  else if (which === "this") year = ctx.y;
  else year = ctx.prefer === "past" ? (q > currentQ ? ctx.y - 1 : ctx.y) : q < currentQ ? ctx.y + 1 : ctx.y;
  return single(quarterRange(year, q), "quarter", { explicit: true });
}

const SINCE_BEFORE =
  /\b(since|from|starting|starts|start|beginning|begins|as of|effective|after)\s+(?:on\s+|at\s+)?(?:the\s+)?$/;
const UNTIL_BEFORE =
  /\b(until|till|til|through|thru|ending|ends|end|expires?|expiring|up to|by|valid until|valid till|runs until|running until|last until)\s+(?:on\s+|at\s+)?(?:the\s+)?(?:end of\s+)?$/;
const RANGE_JOIN = /^\s*(-|\.\.|to|until|till|through|thru|and)\s*(?:the\s+)?$/;

/** Every date expression in `text` (lower case, as produced by normalize), in order of appearance. */
export function findDates(text: string, now: Date, options: DateOptions = {}): DateMention[] {
  const today = localDay(now, options.timeZone ?? "UTC");
  const ctx: Context = { today, y: parts(today).y, m: parts(today).m, prefer: options.prefer ?? "past", text };
  const candidates: (Found & { start: number; end: number })[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const found = rule.build(m, ctx);
      if (found) candidates.push({ ...found, start: m.index, end: m.index + m[0].length });
    }
  }
  // Longest first, then earliest: "black friday weekend" beats "black friday".
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: typeof candidates = [];
  for (const c of candidates) if (!chosen.some((o) => c.start < o.end && o.start < c.end)) chosen.push(c);
  chosen.sort((a, b) => a.start - b.start);
  if (chosen.length === 0) chosen.push(...chronoFallback(text, now, ctx));

  // "from X to Y", "between X and Y", "X - Y" over explicit calendar dates become one range.
  const merged: typeof candidates = [];
  for (const c of chosen) {
    const prev = merged[merged.length - 1];
    if (prev && prev.explicit && c.explicit) {
      const join = RANGE_JOIN.exec(text.slice(prev.end, c.start));
      const lead = text.slice(0, prev.start);
      const introduced = /\b(from|between)\s+(?:the\s+)?$/.test(lead);
      const ok =
        join &&
        (join[1] === "and"
          ? /\bbetween\s+(?:the\s+)?$/.test(lead)
          : join[1] === "to"
            ? introduced || prev.granularity === "day"
            : true);
      if (ok && prev.anchor.from <= c.anchor.to) {
        const anchor = { from: prev.anchor.from, to: c.anchor.to };
        merged[merged.length - 1] = {
          ...prev,
          end: c.end,
          anchor,
          granularity: "custom",
          yearEarlier: { from: prev.yearEarlier.from, to: c.yearEarlier.to },
          joined: true,
        };
        continue;
      }
    }
    merged.push(c);
  }

  // "the week of November 17": the Monday-to-Sunday week around that day.
  for (const c of merged) {
    if (
      c.granularity === "day" &&
      /\bweek (?:of|starting|beginning|commencing)\s+(?:the\s+)?$/.test(text.slice(Math.max(0, c.start - 30), c.start))
    ) {
      const monday = mondayOf(c.anchor.from);
      c.anchor = { from: monday, to: addDays(monday, 6) };
      c.yearEarlier = shiftYears(c.anchor, -1);
      c.granularity = "week";
      c.joined = true;
    }
  }

  // "this year's black friday" says which one; "last year's black friday" is the one a year earlier.
  for (let i = 0; i < merged.length - 1; i++) {
    const c = merged[i];
    const next = merged[i + 1];
    const which = /^(this|the current|last|previous|prior) year'?s$/.exec(text.slice(c.start, c.end));
    if (!which || next.granularity === "year" || !/^\s*$/.test(text.slice(c.end, next.start))) continue;
    merged[i] = /^(this|the current)$/.test(which[1])
      ? { ...next, start: c.start }
      : {
          ...next,
          start: c.start,
          anchor: next.yearEarlier,
          yearEarlier: shiftYears(next.yearEarlier, -1),
          lastYear: true,
        };
    merged.splice(i + 1, 1);
  }

  // "cyber monday this year", "November this year": "this year" only says which one.
  for (let i = 0; i < merged.length - 1; i++) {
    const c = merged[i];
    const next = merged[i + 1];
    if (
      c.granularity === "year" ||
      !/^\s*(?:of\s+)?$/.test(text.slice(c.end, next.start)) ||
      !/^(?:this|the current) year$/.test(text.slice(next.start, next.end))
    )
      continue;
    merged[i] = { ...c, end: next.end };
    merged.splice(i + 1, 1);
  }

  // "November last year", "Q4 of last year", "black friday last year": the same period a year earlier.
  for (let i = 0; i < merged.length; i++) {
    const c = merged[i];
    const next = merged[i + 1];
    if (
      !next ||
      c.granularity === "year" ||
      !/^\s*(?:of\s+)?$/.test(text.slice(c.end, next.start)) ||
      !/^(?:last|previous|prior) years?(?:'s)?$/.test(text.slice(next.start, next.end))
    )
      continue;
    merged[i] = {
      ...c,
      end: next.end,
      anchor: c.yearEarlier,
      yearEarlier: shiftYears(c.yearEarlier, -1),
      lastYear: true,
    };
    merged.splice(i + 1, 1);
  }

  return merged.map((c) => {
    const lead = text.slice(Math.max(0, c.start - 30), c.start);
    const role: DateMention["role"] = c.joined
      ? "period"
      : SINCE_BEFORE.test(lead)
        ? "since"
        : UNTIL_BEFORE.test(lead)
          ? "until"
          : "period";
    let range = c.anchor;
    if (role === "since" && ctx.prefer === "past" && c.anchor.from <= today) range = { from: c.anchor.from, to: today };
    let yearEarlier = c.yearEarlier;
    if (role === "since" && ctx.prefer === "past")
      yearEarlier = { from: c.yearEarlier.from, to: addMonths(today, -12) };
    // A period still running ends today, not on its calendar end.
    if (ctx.prefer === "past" && range.from <= today && range.to > today) {
      yearEarlier = { from: yearEarlier.from, to: addMonths(today, -12) };
      range = { from: range.from, to: today };
    }
    return {
      start: c.start,
      end: c.end,
      text: text.slice(c.start, c.end),
      range,
      anchor: c.anchor,
      granularity: c.granularity,
      role,
      future: range.from > today,
      relative: Boolean(c.relative),
      lastYear: Boolean(c.lastYear),
      yearEarlier,
      ...(c.offset ? { offset: c.offset } : {}),
    };
  });
}

// chrono-node understands phrasings the grammar above leaves out ("3 days ago", "the 15th");
// only its calendar components are used, so the process time zone plays no part.
const CHRONO_HINT = /\b(ago|\d{1,2}(?:st|nd|rd|th)|noon|midnight|fortnight)\b/;
function chronoFallback(
  text: string,
  now: Date,
  ctx: Context,
): (Found & { start: number; end: number; explicit?: boolean })[] {
  if (!CHRONO_HINT.test(text)) return [];
  const results = chrono.en.parse(text, { instant: now, timezone: 0 }, { forwardDate: ctx.prefer === "future" });
  return results.map((r) => {
    const day = (c: chrono.ParsedComponents) => {
      const y = c.isCertain("year") ? c.get("year")! : inferYear(ctx, c.get("month")!, c.get("day")!);
      return ymd(y, c.get("month")!, c.get("day")!);
    };
    const from = day(r.start);
    const to = r.end ? day(r.end) : from;
    const anchor = from <= to ? { from, to } : { from: to, to: from };
    return {
      ...single(anchor, from === to ? "day" : "custom"),
      start: r.index,
      end: r.index + r.text.length,
      explicit: true,
    };
  });
}

/** Days ahead asked for: "next 60 days" -> 60, "next month" -> 30, "next quarter" -> 90, "over 8 weeks" -> 56. */
export function findHorizonDays(text: string): number | null {
  const m =
    /\b(?:next|coming|following|upcoming)\s+(?:(\d+)\s+)?(days?|weeks?|months?|quarters?|years?|fortnights?)\b/.exec(
      text,
    ) ??
    /\b(?:next|coming|following|upcoming)\s+(half)[- ](?:a[- ])?year\b/.exec(text) ??
    /\b(?:less than|under|fewer than|within)\s+(?:(\d+)|an?)\s+(days?|weeks?|months?|fortnight)\b/.exec(text) ??
    /\b(?:over|for|in|within|during|across)\s+(?:the\s+)?(?:next\s+)?(\d+)\s+(days?|weeks?|months?|quarters?)\b/.exec(
      text,
    ) ??
    /\b(\d+)[- ](days?|weeks?|months?)\s+(?:ahead|out|horizon|forecast)\b/.exec(text);
  if (!m) return null;
  if (m[1] === "half") return 180;
  return (m[1] ? Number(m[1]) : 1) * unitDays(m[2]);
}

/** A duration: "6 months" -> 180, "for a week" -> 7, "60 days" -> 60 (the first one in the text). */
export function findDuration(text: string): { days: number; start: number; end: number } | null {
  const m = /\b(?:(\d+)|an?)\s*(days?|weeks?|months?|years?|fortnights?)\b/.exec(text);
  if (!m) return null;
  return { days: (m[1] ? Number(m[1]) : 1) * unitDays(m[2]), start: m.index, end: m.index + m[0].length };
}
