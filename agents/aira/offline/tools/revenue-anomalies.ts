// detect_revenue_anomalies: days whose revenue is unusually high or low once the weekly pattern and trend are removed.
import type { detectRevenueAnomaliesTool } from "../../../finance/tools";
import {
  formatDay,
  formatDays,
  formatPercent,
  more,
  plural,
  storeText,
  type Format,
  type Input,
  type Out,
} from "../format";
import { type ToolModule, clamp, durationDays, r, tool } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const anomalies: ToolModule = {
  name: "detect_revenue_anomalies",
  rules: [
    r(
      "detect_revenue_anomalies",
      3,
      /\banything (?:unusual|odd|weird|strange|out of the ordinary|abnormal|off)\b|\bout of the ordinary\b|\banomal\w*/,
    ),
    r(
      "detect_revenue_anomalies",
      4,
      /\b(anomal\w*|unusual(?:ly)?|spikes?|drops|dips?|outliers?|weird|strange|odd|irregular|out of the ordinary|abnormal(?:ly)?|surges?)\b|\bdrop(?:s|ped)? in (?:sales|revenue)\b/,
    ),
    // "days where takings were abnormally low or high": days that stand out, not a period's total ("November was
    // unusually busy" is context for a comparison).
    r(
      "detect_revenue_anomalies",
      3,
      /\b(?:days?|dates?)\b[^.?!]{0,50}\b(?:unusually|abnormally|exceptionally|suspiciously|oddly|strangely|weirdly)\s+(?:low|high|quiet|busy|slow|strong|weak|good|bad)\b/,
      (s) => !s.product,
    ),
    // "days where takings were way out of line", "any day the revenue looked off".
    r(
      "detect_revenue_anomalies",
      6,
      /\b(?:days?|dates?)\b[^.?]{0,40}\b(?:out of line|out of whack|off the charts|way (?:off|out|higher|lower|above|below)|looked off|stood? out|stick(?:s)? out)\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const days = durationDays(msg);
    const threshold = /\b(?:threshold|z[- ]?score|sensitivity)\s+(?:of\s+|at\s+|=\s*)?(\d+(?:\.\d+)?)/.exec(msg.text);
    return tool("detect_revenue_anomalies", {
      ...(days ? { days: clamp(days, 28, 730) } : {}),
      ...(threshold ? { threshold: clamp(Number(threshold[1]), 2, 10) } : {}),
    });
  },
  write(d: Out<typeof detectRevenueAnomaliesTool>, _input: Input, f: Format): string[] {
    if (d.alerts.length === 0)
      return [`No unusual revenue days from ${formatDays(d.from, d.to)}: every day is within the expected range.`];
    const strongest = [...d.alerts].sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
    return [
      `**${plural(d.alerts.length, "unusual revenue day")} from ${formatDays(d.from, d.to)}:**`,
      ...strongest
        .slice(0, 4)
        .map(
          (a) =>
            `- ${formatDay(a.date)}: ${f.money(a.revenue)} vs about ${f.money(a.expected)} expected${a.deviationPct == null ? "" : ` (${formatPercent(a.deviationPct, { signed: true })})`}, ${a.direction === "spike" ? "a spike" : a.direction === "drop" ? "a drop" : storeText(a.direction, 20)}`,
        ),
      ...more(d.alerts.length, 4),
    ];
  },
};
