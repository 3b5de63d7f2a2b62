// forecast_demand: units a product (or the whole store, when asked) is expected to sell over the next N days.
import type { forecastDemand } from "../../../inventory/tools";
import { findHorizonDays } from "../dates";
import { formatDay, formatNumber, plural, quote, storeText, MAX_LINES, type Out } from "../format";
import { always, clamp, clarify, tool, r, FORECAST, readOnlySelector, isUnderstanding, type ToolModule } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const demandForecast: ToolModule = {
  name: "forecast_demand",
  rules: [
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
  ],
  build(msg: Message): Understanding {
    const selector = readOnlySelector(msg);
    if (isUnderstanding(selector)) return selector;
    const horizon = findHorizonDays(msg.text);
    const horizonInput = horizon ? { horizonDays: clamp(horizon, 1, 180) } : {};
    if (selector) return tool("forecast_demand", { ...selector, ...horizonInput });
    // Store-wide only when asked for: on a large catalogue it is a heavy run.
    if (/\b(all|every|everything|whole|entire|store[- ]?wide|overall|each)\b/.test(msg.text))
      return tool("forecast_demand", horizonInput);
    return clarify('Which product or SKU should I forecast demand for? Or say "all products" for the whole store.', [
      "all products",
    ]);
  },
  write(d: Out<typeof forecastDemand>): string[] {
    const missing = d.insufficientHistory;
    const missingLine = missing.length
      ? [
          `- Not forecast (too little history): ${missing
            .slice(0, 3)
            .map((m) => storeText(m.sku ?? m.variantId, 40))
            .join(", ")}${missing.length > 3 ? ` and ${missing.length - 3} more` : ""}`,
        ]
      : [];
    if (d.forecasts.length === 0) {
      return [
        `None of the ${plural(missing.length, "variant")} has enough sales history to forecast${missing[0] ? ` (${storeText(missing[0].message)})` : ""}.`,
      ];
    }
    const total = d.forecasts.reduce((s, x) => s + x.totalUnits, 0);
    const shown = missing.length ? 3 : 4;
    return [
      `**Demand forecast, next ${plural(d.horizonDays, "day")} from ${formatDay(d.firstForecastDate)}:** ${plural(total, "unit")} across ${plural(d.forecasts.length, "variant")}.`,
      ...d.forecasts
        .slice(0, shown)
        .map(
          (x) =>
            `- ${quote(x.product, 50)}${x.sku ? ` (SKU ${storeText(x.sku, 30)})` : ""}: about ${plural(x.totalUnits, "unit")}, likely between ${formatNumber(x.lo80)} and ${formatNumber(x.hi80)}`,
        ),
      ...(d.forecasts.length > shown ? [`- …and ${d.forecasts.length - shown} more variants`] : []),
      ...missingLine,
    ].slice(0, MAX_LINES);
  },
};
