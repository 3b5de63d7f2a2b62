// forecast_revenue: the shop's revenue over the next N days, from its daily revenue history.
import { findDuration, findHorizonDays } from "../dates";
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
    r("forecast_revenue", -6, always, (s) => s.product),
  ],
  build(msg: Message): Understanding {
    // "rev forecast 30d", "project revenue out 60 days": a bare duration, with no past period named, is the horizon.
    const horizon =
      findHorizonDays(msg.text) ?? (msg.pastDates.length === 0 ? (findDuration(msg.text)?.days ?? null) : null);
    return tool("forecast_revenue", horizon ? { horizonDays: clamp(horizon, 7, 180) } : {});
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
