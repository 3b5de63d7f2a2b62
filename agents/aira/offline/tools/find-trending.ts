// find_trending_products: products whose weekly sales rise or fall significantly (Mann-Kendall, Sen's slope).
import type { findTrendingProducts } from "../../../research/tools";
import { formatNumber, plural, quote, type Format, type Input, type Out } from "../format";
import { type ToolModule, clamp, durationDays, r, tool } from "../kit";
import type { Message } from "../understand";
import type { Understanding } from "../types";

export const trending: ToolModule = {
  name: "find_trending_products",
  rules: [
    r(
      "find_trending_products",
      4,
      /\b(trend(?:ing|s)?|rising|declin(?:e|es|ing)|falling|growing|momentum|taking off|losing steam|sell(?:s|ing)? (?:more|less|better|worse)|picking up|slowing down|up and coming)\b|\bhot\b/,
    ),
  ],
  build(msg: Message): Understanding {
    const days = durationDays(msg);
    return tool("find_trending_products", {
      ...(days ? { weeks: clamp(Math.round(days / 7), 6, 104) } : {}),
      ...(msg.limit ? { limit: clamp(msg.limit, 1, 50) } : {}),
    });
  },
  write(d: Out<typeof findTrendingProducts>, _input: Input, _f: Format): string[] {
    const head = `${plural(d.productsTested, "product")} tested over ${plural(d.window.weeks, "week")} (${d.window.from} to ${d.window.to})`;
    if (d.rising.length === 0 && d.falling.length === 0) return [`No product shows a significant trend: ${head}.`];
    const slope = (n: number | null) => (n == null ? "" : `, ${n > 0 ? "+" : ""}${formatNumber(n, 2)} units/week`);
    const p = (v: number | null) => (v == null ? "" : v < 0.001 ? ", p<0.001" : `, p=${formatNumber(v, 3)}`);
    const rising = d.rising
      .slice(0, 2)
      .map((x) => `- Rising: ${quote(x.title, 60)}${slope(x.slopePerWeek)}${p(x.pValue)}`);
    const falling = d.falling
      .slice(0, 2)
      .map((x) => `- Falling: ${quote(x.title, 60)}${slope(x.slopePerWeek)}${p(x.pValue)}`);
    const rest = d.rising.length + d.falling.length - rising.length - falling.length;
    return [
      `**${d.rising.length} rising, ${d.falling.length} falling** — ${head}:`,
      ...rising,
      ...falling,
      ...(rest > 0 ? [`- …and ${rest} more`] : []),
    ];
  },
};
