import { describe, expect, it } from "vitest";
import { blackFriday, findDates, findDuration, findHorizonDays, rangeDays, thanksgiving } from "./dates";
import { normalize } from "./text";

// A Wednesday, twelve days after Black Friday 2025.
const NOW = new Date("2025-12-10T14:30:00Z");

function first(text: string, now = NOW, prefer: "past" | "future" = "past") {
  const found = findDates(normalize(text), now, { prefer });
  expect(found.length, `a date in "${text}"`).toBeGreaterThan(0);
  return found[0];
}
const range = (text: string, now = NOW, prefer: "past" | "future" = "past") => first(text, now, prefer).range;

describe("half years, day-first dates and days of this month", () => {
  it("reads H1, H2 and 'the first half of the year'", () => {
    expect(range("gross margin for H1")).toEqual({ from: "2025-01-01", to: "2025-06-30" });
    expect(range("sales in the first half of the year")).toEqual({ from: "2025-01-01", to: "2025-06-30" });
    // The current half ends today.
    expect(range("h2 revenue")).toEqual({ from: "2025-07-01", to: "2025-12-10" });
    expect(range("second half of 2024")).toEqual({ from: "2024-07-01", to: "2024-12-31" });
  });

  it("reads 28/11 day first (no 28th month) and 12/3 month first", () => {
    expect(range("sales on 28/11")).toEqual({ from: "2025-11-28", to: "2025-11-28" });
    expect(range("sales on 12/3")).toEqual({ from: "2025-12-03", to: "2025-12-03" });
    expect(findDates("on 31/31", NOW)).toEqual([]);
  });

  it("reads 'till the 21st' as this month's day, on the side of today the sentence needs", () => {
    expect(range("valid till the 21st", NOW, "future")).toEqual({ from: "2025-12-21", to: "2025-12-21" });
    expect(range("valid till the 5th", NOW, "future")).toEqual({ from: "2026-01-05", to: "2026-01-05" });
    expect(range("since the 3rd")).toEqual({ from: "2025-12-03", to: "2025-12-10" });
  });

  it("reads 'the first ten days of December' and 'last year's black friday'", () => {
    expect(range("the first ten days of December")).toEqual({ from: "2025-12-01", to: "2025-12-10" });
    expect(range("the last 7 days of november 2024")).toEqual({ from: "2024-11-24", to: "2024-11-30" });
    expect(range("last year's black friday")).toEqual({ from: "2024-11-29", to: "2024-11-29" });
    expect(range("this year's black friday")).toEqual({ from: "2025-11-28", to: "2025-11-28" });
  });

  it("takes 'this year' after a period as naming which one", () => {
    const found = findDates(normalize("cyber monday this year vs last year's"), NOW);
    expect(found.map((d) => d.text)).toEqual(["cyber monday this year", "last year's"]);
    expect(found[0].range).toEqual({ from: "2025-12-01", to: "2025-12-01" });
  });
});

describe("holidays", () => {
  it("puts Thanksgiving on the fourth Thursday of November and Black Friday the day after", () => {
    expect(thanksgiving(2025)).toBe("2025-11-27");
    expect(blackFriday(2025)).toBe("2025-11-28");
    expect(blackFriday(2024)).toBe("2024-11-29");
    expect(blackFriday(2023)).toBe("2023-11-24");
    // November 1 on a Thursday: the fourth Thursday is the 22nd.
    expect(thanksgiving(2018)).toBe("2018-11-22");
    expect(blackFriday(2018)).toBe("2018-11-23");
  });

  it("reads 'since Black Friday' as this year's when it has passed, last year's before it", () => {
    expect(range("since black friday")).toEqual({ from: "2025-11-28", to: "2025-12-10" });
    expect(first("since black friday").role).toBe("since");
    expect(range("since Black Friday", new Date("2025-11-20T12:00:00Z"))).toEqual({
      from: "2024-11-29",
      to: "2025-11-20",
    });
  });

  it("knows the BFCM weekend, Cyber Monday, Thanksgiving weekend and Christmas", () => {
    expect(range("black friday weekend")).toEqual({ from: "2025-11-28", to: "2025-12-01" });
    expect(range("bfcm")).toEqual({ from: "2025-11-28", to: "2025-12-01" });
    expect(range("cyber monday")).toEqual({ from: "2025-12-01", to: "2025-12-01" });
    expect(range("thanksgiving weekend")).toEqual({ from: "2025-11-27", to: "2025-11-30" });
    expect(range("christmas")).toEqual({ from: "2024-12-25", to: "2024-12-25" });
    expect(range("until christmas", NOW, "future")).toEqual({ from: "2025-12-25", to: "2025-12-25" });
  });

  it("recomputes a holiday for the year before", () => {
    expect(first("black friday weekend").yearEarlier).toEqual({ from: "2024-11-29", to: "2024-12-02" });
  });
});

describe("periods relative to today", () => {
  it.each([
    ["today", "2025-12-10", "2025-12-10"],
    ["yesterday", "2025-12-09", "2025-12-09"],
    // The N complete days before today, as on the pages: today is still in progress.
    ["the last 30 days", "2025-11-10", "2025-12-09"],
    ["past 7 days", "2025-12-03", "2025-12-09"],
    ["last 90 days", "2025-09-11", "2025-12-09"],
    ["over the past two weeks", "2025-11-26", "2025-12-09"],
    ["last 3 months", "2025-09-11", "2025-12-10"],
    ["this week", "2025-12-08", "2025-12-10"],
    ["last week", "2025-12-01", "2025-12-07"],
    ["this month", "2025-12-01", "2025-12-10"],
    ["month to date", "2025-12-01", "2025-12-10"],
    ["last month", "2025-11-01", "2025-11-30"],
    ["this year", "2025-01-01", "2025-12-10"],
    ["ytd", "2025-01-01", "2025-12-10"],
    ["last year", "2024-01-01", "2024-12-31"],
    ["this quarter", "2025-10-01", "2025-12-10"],
    ["last quarter", "2025-07-01", "2025-09-30"],
    ["last weekend", "2025-12-06", "2025-12-07"],
    ["since monday", "2025-12-08", "2025-12-10"],
    ["last saturday", "2025-12-06", "2025-12-06"],
    ["the start of the year", "2025-01-01", "2025-01-01"],
  ])("%s", (text, from, to) => {
    expect(range(text)).toEqual({ from, to });
  });

  it("counts a rolling window in days", () => {
    expect(rangeDays(range("last 30 days"))).toBe(30);
    expect(rangeDays(range("last 26 weeks"))).toBe(182);
  });
});

describe("calendar periods", () => {
  it.each([
    ["Q3", "2025-07-01", "2025-09-30"],
    ["Q4", "2025-10-01", "2025-12-10"],
    ["Q2 2024", "2024-04-01", "2024-06-30"],
    ["the third quarter", "2025-07-01", "2025-09-30"],
    ["in October", "2025-10-01", "2025-10-31"],
    ["December", "2025-12-01", "2025-12-10"],
    ["last December", "2024-12-01", "2024-12-31"],
    ["in March 2024", "2024-03-01", "2024-03-31"],
    ["in 2024", "2024-01-01", "2024-12-31"],
    ["the first week of December", "2025-12-01", "2025-12-07"],
    ["the week of November 17", "2025-11-17", "2025-11-23"],
    ["November last year", "2024-11-01", "2024-11-30"],
  ])("%s", (text, from, to) => {
    expect(range(text)).toEqual({ from, to });
  });

  it("does not read 'may' the verb as the month", () => {
    expect(findDates(normalize("you may show me sales"), NOW)).toEqual([]);
    expect(range("sales in may")).toEqual({ from: "2025-05-01", to: "2025-05-31" });
  });
});

describe("explicit days and ranges", () => {
  it.each([
    ["between 1 March and 15 March", "2025-03-01", "2025-03-15"],
    ["from March 1 to March 15", "2025-03-01", "2025-03-15"],
    ["March 1-15", "2025-03-01", "2025-03-15"],
    ["1-15 march", "2025-03-01", "2025-03-15"],
    ["from 2025-09-01 to 2025-09-15", "2025-09-01", "2025-09-15"],
    ["on 2025-11-02", "2025-11-02", "2025-11-02"],
    ["November 15", "2025-11-15", "2025-11-15"],
    ["15th of November 2023", "2023-11-15", "2023-11-15"],
    ["since 1 November", "2025-11-01", "2025-12-10"],
    ["from 10/1 to 10/15", "2025-10-01", "2025-10-15"],
  ])("%s", (text, from, to) => {
    expect(range(text)).toEqual({ from, to });
  });

  it("takes the last occurrence of a day without a year for the past, the next one for the future", () => {
    expect(range("december 20")).toEqual({ from: "2024-12-20", to: "2024-12-20" });
    expect(range("december 20", NOW, "future")).toEqual({ from: "2025-12-20", to: "2025-12-20" });
    expect(range("from dec 28 to jan 3", NOW, "future")).toEqual({ from: "2025-12-28", to: "2026-01-03" });
  });

  it("marks 'until' and 'since' and resolves weekdays forward for future dates", () => {
    const until = first("valid until sunday", NOW, "future");
    expect(until.role).toBe("until");
    expect(until.range).toEqual({ from: "2025-12-14", to: "2025-12-14" });
    const since = first("starting tomorrow", NOW, "future");
    expect(since.role).toBe("since");
    expect(since.anchor).toEqual({ from: "2025-12-11", to: "2025-12-11" });
  });

  it("keeps two periods apart when they are compared, and joins a 'from ... to ...' range", () => {
    const two = findDates(normalize("compare this month to last month"), NOW);
    expect(two.map((d) => d.range)).toEqual([
      { from: "2025-12-01", to: "2025-12-10" },
      { from: "2025-11-01", to: "2025-11-30" },
    ]);
    expect(findDates(normalize("compare Q3 and Q2"), NOW)).toHaveLength(2);
    expect(findDates(normalize("between 1 march and 15 march"), NOW)).toHaveLength(1);
  });

  it("marks a period meant relative to another one", () => {
    const [current, previous] = findDates(normalize("last 30 days compared to the previous 30 days"), NOW);
    expect(current.relative).toBe(false);
    expect(previous.relative).toBe(true);
  });

  it("falls back to chrono-node for phrasings outside the grammar", () => {
    expect(range("3 days ago")).toEqual({ from: "2025-12-07", to: "2025-12-07" });
  });

  it("finds nothing in a text without dates", () => {
    expect(findDates(normalize("set the price of the hoodie to 40"), NOW)).toEqual([]);
    expect(findDates(normalize("order #1042 looks risky"), NOW)).toEqual([]);
  });
});

describe("the shop's own calendar", () => {
  it("reads today and the last N days in the shop's timezone", () => {
    // 02:30 UTC on Dec 11 is still Dec 10 in New York.
    const late = new Date("2025-12-11T02:30:00Z");
    const [utc] = findDates(normalize("sales in the last 7 days"), late);
    const [ny] = findDates(normalize("sales in the last 7 days"), late, { timeZone: "America/New_York" });
    expect(utc.range).toEqual({ from: "2025-12-04", to: "2025-12-10" });
    expect(ny.range).toEqual({ from: "2025-12-03", to: "2025-12-09" });
  });
});

describe("British and shorthand periods", () => {
  it("reads fortnights and half years as rolling windows", () => {
    expect(range("takings over the last fortnight")).toEqual({ from: "2025-11-26", to: "2025-12-09" });
    expect(range("orders in the past 2 fortnights")).toEqual({ from: "2025-11-12", to: "2025-12-09" });
    expect(range("the last half-year by month")).toEqual({ from: "2025-06-11", to: "2025-12-10" });
    expect(range("over the past half a year")).toEqual({ from: "2025-06-11", to: "2025-12-10" });
    expect(first("against the previous fortnight").relative).toBe(true);
  });

  it("expands short and misspelt period words", () => {
    expect(range("orders this wk")).toEqual({ from: "2025-12-08", to: "2025-12-10" });
    expect(range("sales last mth")).toEqual({ from: "2025-11-01", to: "2025-11-30" });
    const until = first("valid untill new years eve", NOW, "future");
    expect(until.role).toBe("until");
    expect(until.range).toEqual({ from: "2025-12-31", to: "2025-12-31" });
  });

  it("reads 'the same day last week' and 'this time last month' as today moved back, relative to another period", () => {
    const week = first("this time last week");
    expect(week.range).toEqual({ from: "2025-12-03", to: "2025-12-03" });
    expect(week.relative).toBe(true);
    expect(week.offset).toEqual({ days: 7 });
    expect(first("the same day a month earlier").offset).toEqual({ months: 1 });
    const [current, previous] = findDates(normalize("last friday vs the same weekday the week before"), NOW);
    expect(current.range).toEqual({ from: "2025-12-05", to: "2025-12-05" });
    expect(previous.offset).toEqual({ days: 7 });
  });

  it("fills in the period word left out after 'vs' ('this month vs last')", () => {
    expect(findDates(normalize("this month vs last"), NOW).map((d) => d.range)).toEqual([
      { from: "2025-12-01", to: "2025-12-10" },
      { from: "2025-11-01", to: "2025-11-30" },
    ]);
    expect(findDates(normalize("this quarter compared with the previous"), NOW)[1].range).toEqual({
      from: "2025-07-01",
      to: "2025-09-30",
    });
    // "last year" and "last 2 weeks" are already whole.
    expect(findDates(normalize("this month vs last year"), NOW)[1].range).toEqual({
      from: "2024-01-01",
      to: "2024-12-31",
    });
  });

  it("joins a run of weekdays into one period, but keeps two separate days apart", () => {
    expect(range("friday to sunday")).toEqual({ from: "2025-12-05", to: "2025-12-07" });
    expect(range("saturday & sunday", NOW, "future")).toEqual({ from: "2025-12-13", to: "2025-12-14" });
    expect(range("next thursday through saturday", NOW, "future")).toEqual({ from: "2025-12-11", to: "2025-12-13" });
    expect(findDates(normalize("monday and thursday"), NOW)).toHaveLength(2);
  });
});

describe("horizons and durations", () => {
  it.each([
    ["for the next 60 days", 60],
    ["next month", 30],
    ["next quarter", 90],
    ["over the next 8 weeks", 56],
    ["within 45 days", 45],
    ["less than a week of stock", 7],
    ["over the coming fortnight", 14],
    ["for the next half year", 180],
  ])("%s -> %i days ahead", (text, days) => {
    expect(findHorizonDays(normalize(text))).toBe(days);
  });

  it("reads durations", () => {
    expect(findDuration(normalize("hasn't sold in 6 months"))?.days).toBe(180);
    expect(findDuration(normalize("for a week"))?.days).toBe(7);
    expect(findDuration(normalize("nothing sold for a fortnight"))?.days).toBe(14);
    expect(findDuration(normalize("no dates here"))).toBeNull();
  });
});
