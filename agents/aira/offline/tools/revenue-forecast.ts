// forecast_revenue: the shop's revenue over the next N days, from its daily revenue history.
import { addDays } from "../../../core/time";
import { findDates, findDuration, findHorizonDays, type DayRange } from "../dates";
import { formatNumber, formatPercent, plural, storeText, type Format, type Input } from "../format";
import { always, clamp, FORECAST, FUTURE, r, tool, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

// The forecasting helper's output, kept local so a change of shape falls back to the generic answer.
interface RevenueForecast {
  history: { from: string; to: string; days: number };
  method: { model: string; holdoutDays: number };
  total: { revenue: number; lo80: number; hi80: number };
  daily: { date: string }[];
  backtest: {
    available: boolean;
    reason: string | null;
    from: string | null;
    to: string | null;
    actual: number | null;
    forecast: number | null;
    wape: number | null;
    totalErrorPct: number | null;
  };
  notes: string[];
}

/** A sale the merchant has planned: "sale", "promo", "20% off", not "sales" (which is revenue). */
const SALE_WORDS =
  /\b(?:sale|promo(?:tion)?s?|discount(?:s|ed)?|offer|markdown|clearance)\b|\d+\s*(?:%|percent)\s*off\b/;

export const revenueForecast: ToolModule = {
  name: "forecast_revenue",
  rules: [
    r("forecast_revenue", 2, FORECAST),
    r(
      "forecast_revenue",
      3,
      [/\b(revenue|sales|income|make|earn|turnover|turn over|takings|take|take in|bring in|pull in)\b/, FUTURE],
      (s) => !s.pastDate || s.futureDate,
    ),
    r("forecast_revenue", 3, [/\b(revenue|sales|income|turnover|takings)\b/, FORECAST]),
    // "what revenue looks like over the next 90 days": money over a window that has not happened yet.
    r(
      "forecast_revenue",
      2,
      [
        /\b(revenue|sales|income|turnover|takings)\b/,
        /\b(?:over|in|for|during|across)\s+the\s+(?:next|coming)\s+(?:\d+\s+)?(?:days?|weeks?|months?|quarters?)\b/,
      ],
      (s) => !s.product,
    ),
    r(
      "forecast_revenue",
      4,
      /\bhow much (?:will|are|do) (?:we|i) (?:going to |expect to )?(?:make|earn|bring in|sell|turn over|take)\b/,
    ),
    // "revenue forecast, we have a 20% off promo from 2 to 4 january": a forecast that takes a planned sale
    // into account, not a request to create its code (the sale is context).
    r("forecast_revenue", 5, [FORECAST, SALE_WORDS], (s) => !s.product && !s.code),
    r("forecast_revenue", -6, always, (s) => s.product),
  ],
  build(msg: Message): Understanding {
    // "rev forecast 30d", "project revenue out 60 days": a bare duration, with no past period named, is the horizon.
    const horizon =
      findHorizonDays(msg.text) ?? (msg.pastDates.length === 0 ? (findDuration(msg.text)?.days ?? null) : null);
    const horizonDays = horizon ? clamp(horizon, 7, 180) : null;
    const promotions = plannedSales(msg, horizonDays ?? 30);
    return tool("forecast_revenue", {
      ...(horizonDays ? { horizonDays } : {}),
      ...(promotions.length ? { plannedPromotions: promotions } : {}),
    });
  },
  write(d: RevenueForecast, _input: Input, f: Format): string[] {
    const first = d.daily[0];
    const last = d.daily[d.daily.length - 1];
    const bt = d.backtest;
    return [
      `**Revenue forecast, next ${plural(d.daily.length, "day")}${first ? ` (${first.date} to ${last.date})` : ""}:** ${f.money(d.total.revenue)}, 80% range ${f.moneyRange(d.total.lo80, d.total.hi80)}.`,
      `- Model ${storeText(d.method.model, 30)}, chosen on a ${formatNumber(d.method.holdoutDays, 0)}-day holdout, from ${plural(d.history.days, "day")} of history (${d.history.from} to ${d.history.to})`,
      bt.available && bt.actual != null && bt.forecast != null
        ? `- Backtest ${bt.from} to ${bt.to}: forecast ${f.money(bt.forecast)} vs actual ${f.money(bt.actual)}${bt.totalErrorPct == null ? "" : ` (${formatPercent(bt.totalErrorPct, { signed: true })})`}${bt.wape == null ? "" : `, average daily error ${formatPercent(bt.wape)}`}`
        : `- No backtest${bt.reason ? `: ${storeText(bt.reason, 100)}` : ""}`,
      ...d.notes.slice(0, 2).map((n) => `- Note: ${storeText(n, 160)}`),
    ];
  },
};

const FORECAST_WINDOW =
  /^(?:the\s+)?(?:next|coming|following|upcoming)\s+(?:\d+\s+|few\s+)?(?:days?|weeks?|months?|quarters?|years?)$/;

/**
 * The days of a planned sale within the forecast ("if we run the sale the weekend after next", "our
 * boxing day sale from 26 to 28 december"): future periods named beside a sale word, other than the
 * forecast window itself, clipped to it. Those days get the lift past promotions showed.
 */
function plannedSales(msg: Message, horizonDays: number): DayRange[] {
  if (!SALE_WORDS.test(msg.text)) return [];
  const first = addDays(msg.today, 1);
  const last = addDays(msg.today, horizonDays);
  const periods = findDates(msg.text, msg.context.now, { prefer: "future", timeZone: msg.context.timeZone })
    // "revenue over the next month if I ran 15% off from 1 to 7 January": "the next month" is the window
    // being forecast, however it falls on the calendar; it is not the sale (blind batch n took January).
    .filter((d) => !FORECAST_WINDOW.test(d.text))
    .map((d) => d.range)
    // The window being forecast ("the next 30 days", "december") is not a sale.
    .filter((r) => r.from > first && r.to >= first && r.from <= last)
    .map((r) => ({ from: r.from, to: r.to > last ? last : r.to }));
  // "boxing day ... from 26 to 28 december": a day inside a longer period named for the same sale.
  const kept = periods.filter(
    (r, i) =>
      !periods.some(
        (o, j) => j !== i && o.from <= r.from && o.to >= r.to && (o.from !== r.from || o.to !== r.to || j < i),
      ),
  );
  return kept.slice(0, 12);
}
