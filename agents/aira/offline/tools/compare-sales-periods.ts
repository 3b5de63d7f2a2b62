// compare_sales_periods: two periods side by side (this month vs last, year over year, two named periods).
import { addDays } from "../../../core/time";
import { addMonths, rangeDays, shiftBack, type DateMention, type DayRange } from "../dates";
import { formatNumber, formatPercent, storeText, type Format, type Input } from "../format";
import { always, clarify, tool, r, lastDays, capRange, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

const YEAR_AGO =
  /\b(year over year|year on year|yoy|same (?:period|time|month|week|day|days|weekend|quarter) (?:last|a) year|this time (?:last|a) year|a year (?:ago|earlier|before)|last years?'?s?)\b/;

interface PeriodTotals {
  revenue: number;
  orders: number;
  averageOrderValue: number;
  netSales: number;
  revenuePerDay: number;
}

interface ComparedPeriods {
  current: { from: string; to: string; days: number; totals: PeriodTotals };
  previous: { from: string; to: string; days: number; totals: PeriodTotals };
  changes: { metric: string; current: number; previous: number; change: number; changePct: number | null }[];
  notes: string[];
}

export const compareSales: ToolModule = {
  name: "compare_sales_periods",
  rules: [
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
  ],
  build(msg: Message): Understanding {
    const periods = msg.requestDates;
    const before = (r: DayRange): DayRange => {
      const len = rangeDays(r);
      const to = addDays(r.from, -1);
      return { from: addDays(to, -(len - 1)), to };
    };
    const out = (currentRange: DayRange, previousRange?: DayRange) => {
      const current = capRange(currentRange);
      const previous = previousRange && capRange(previousRange);
      return tool(
        "compare_sales_periods",
        previous
          ? { from: current.from, to: current.to, previousFrom: previous.from, previousTo: previous.to }
          : { from: current.from, to: current.to },
      );
    };
    const ytd: DayRange = { from: `${msg.today.slice(0, 4)}-01-01`, to: msg.today };
    const yearEarlier = (r: DayRange): DayRange => ({ from: addMonths(r.from, -12), to: addMonths(r.to, -12) });

    // "compared with the same month last year, how did November go?": the year-ago phrase names the earlier period.
    const sameAYearAgo = (d: DateMention) =>
      /\b(?:last|previous) years?\b|\ba year (?:ago|earlier|before)\b/.test(d.text) &&
      /\bsame\s+(?:month|week|weekend|period|time|day|days|quarter|stretch)\s+(?:of\s+|in\s+)?$/.test(
        msg.text.slice(0, d.start),
      );
    if (periods.length === 2 && sameAYearAgo(periods[0]) && !sameAYearAgo(periods[1]))
      return out(periods[1].range, periods[1].yearEarlier);
    if (periods.length >= 2) {
      const [current, second] = periods;
      let previous: DayRange;
      if (second.relative) previous = second.offset ? shiftBack(current.range, second.offset) : periodBefore(current);
      else if (
        second.lastYear ||
        (/\blast years?\b|\bprevious year\b/.test(second.text) && current.granularity !== "year")
      )
        previous = current.yearEarlier;
      else previous = second.range;
      // "this month so far vs the same days last month": the current period's days, a month (week, quarter, year) back.
      const sameDays =
        /\bsame\s+(?:days|dates|stretch|period|span|part|point|number of days)\s+(?:of\s+|in\s+)?(?:the\s+)?$/.test(
          msg.text.slice(0, second.start),
        );
      if (
        sameDays &&
        (second.granularity === "month" || second.granularity === "week" || second.granularity === "quarter")
      ) {
        // "December so far vs the same days of last December": as far back as the named period starts
        // (a year), not one period back (blind batch n compared with November).
        const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7));
        const monthsBack = monthIndex(current.range.from) - monthIndex(second.range.from);
        const span =
          second.granularity === "week"
            ? { days: 7 }
            : { months: monthsBack > 0 ? monthsBack : second.granularity === "quarter" ? 3 : 1 };
        previous = shiftBack(current.range, span);
      }
      // "ytd vs the same stretch of 2024": the current period's days, in the year named.
      if (
        second.granularity === "year" &&
        /\bsame\s+(?:stretch|period|time|span|window|days|dates|part|point|weeks|months)\s+(?:of|in|from|during)?\s*(?:the\s+)?$/.test(
          msg.text.slice(0, second.start),
        )
      ) {
        const years = Number(current.range.from.slice(0, 4)) - Number(second.range.from.slice(0, 4));
        if (years > 0)
          previous = { from: addMonths(current.range.from, -12 * years), to: addMonths(current.range.to, -12 * years) };
      }
      // Named in time order ("October 2024 and October 2025"): the later one is the current period.
      if (!second.relative && !second.lastYear && previous.from > current.range.to) return out(previous, current.range);
      // Periods that overlap ("this year vs the last 90 days") cannot be compared; use the one just before.
      if (!(previous.to < current.range.from || previous.from > current.range.to)) previous = before(current.range);
      return out(current.range, previous);
    }
    if (periods.length === 1) {
      const only = periods[0];
      // "vs the same day last week" alone: today against that day.
      if (only.offset) return out({ from: msg.today, to: msg.today }, only.range);
      if (YEAR_AGO.test(msg.text) || /\blast years?\b/.test(only.text)) {
        if (/\b(last|previous) years?\b/.test(only.text)) return out(ytd, yearEarlier(ytd));
        return out(only.range, only.yearEarlier);
      }
      // "vs last month" names the earlier period; the current one is the same kind of period now.
      if (
        /\b(vs\.?|versus|than|compared? (?:to|with)|against|(?:up|down) on)\s+(?:the\s+)?$/.test(
          msg.text.slice(0, only.start),
        )
      ) {
        const current = currentLike(msg, only);
        if (current) return out(current, only.range);
      }
      return out(only.range, before(only.range));
    }
    if (
      /\b(?:the|these|those|both)\s+(?:two\s+|2\s+)?(?:periods|ranges|date ranges|months|weeks|quarters)\b|\bcompare (?:them|those|these)\b/.test(
        msg.text,
      )
    ) {
      return clarify(
        'Which two periods should I compare? For example "this month vs last month" or "October vs November".',
        ["this month vs last month", "last 30 days vs the 30 before"],
      );
    }
    if (/\b(month over month|month on month|mom)\b/.test(msg.text)) {
      const current = { from: `${msg.today.slice(0, 7)}-01`, to: msg.today };
      return out(current, { from: addMonths(current.from, -1), to: addMonths(current.to, -1) });
    }
    if (/\b(week over week|wow)\b/.test(msg.text)) {
      const monday = addDays(msg.today, -((new Date(`${msg.today}T00:00:00Z`).getUTCDay() + 6) % 7));
      return out({ from: monday, to: msg.today }, { from: addDays(monday, -7), to: addDays(msg.today, -7) });
    }
    if (YEAR_AGO.test(msg.text)) return out(ytd, yearEarlier(ytd));
    const current = lastDays(msg, 30);
    return out(current, before(current));
  },
  write(d: ComparedPeriods, _input: Input, f: Format): string[] {
    const { current: cur, previous: prev } = d;
    const head = `**${cur.from} to ${cur.to} vs ${prev.from} to ${prev.to}:**`;
    if (cur.totals.orders === 0 && prev.totals.orders === 0)
      return [
        `${head} no orders in either period, so there is nothing to compare.`,
        ...d.notes.slice(0, 1).map((n) => `- Note: ${storeText(n, 160)}`),
      ];
    const byMetric = new Map(d.changes.map((c) => [c.metric, c]));
    const isMoney = (metric: string) => !["orders", "customers"].includes(metric);
    const row = (metric: string, label: string) => {
      const c = byMetric.get(metric);
      if (!c) return [];
      const value = (n: number) => (isMoney(metric) ? f.money(n) : formatNumber(n, 0));
      const change =
        c.changePct == null ? "no previous figure to compare" : formatPercent(c.changePct, { signed: true });
      return [`- ${label}: ${value(c.current)} vs ${value(c.previous)} (${change})`];
    };
    const sameLength = cur.days === prev.days;
    return [
      head,
      ...(sameLength ? row("revenue", "Revenue") : row("revenuePerDay", "Revenue per day")),
      ...row("orders", "Orders"),
      ...row("averageOrderValue", "Average order"),
      ...row("netSales", "Net sales"),
      ...d.notes.slice(0, 1).map((n) => `- Note: ${storeText(n, 160)}`),
    ];
  },
};

/** The period of the same kind just before: the previous month, quarter or year, the weekend or week a week earlier. */
function periodBefore(current: DateMention): DayRange {
  const a = current.anchor;
  const months =
    current.granularity === "month"
      ? 1
      : current.granularity === "quarter"
        ? 3
        : current.granularity === "year"
          ? 12
          : 0;
  if (months) return { from: addMonths(a.from, -months), to: addDays(a.from, -1) };
  const len = rangeDays(current.range);
  const weekly =
    current.granularity === "week" || (len === 2 && new Date(`${current.range.from}T00:00:00Z`).getUTCDay() === 6);
  const shift = weekly ? 7 : len;
  return { from: addDays(current.range.from, -shift), to: addDays(current.range.to, -shift) };
}

function currentLike(msg: Message, previous: DateMention): DayRange | null {
  const t = msg.today;
  if (previous.granularity === "month") return { from: `${t.slice(0, 7)}-01`, to: t };
  if (previous.granularity === "year") return { from: `${t.slice(0, 4)}-01-01`, to: t };
  if (previous.granularity === "week")
    return { from: addDays(t, -((new Date(`${t}T00:00:00Z`).getUTCDay() + 6) % 7)), to: t };
  if (previous.granularity === "quarter") {
    const m = Math.floor((Number(t.slice(5, 7)) - 1) / 3) * 3 + 1;
    return { from: `${t.slice(0, 4)}-${String(m).padStart(2, "0")}-01`, to: t };
  }
  return null;
}
