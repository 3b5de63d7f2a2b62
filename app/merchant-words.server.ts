// Tool outputs carry notes written for models as well as merchants ("get_campaign_results measures
// past codes", "churnRisk = 1 - P(alive)"). Before a merchant page shows them, tool names become the
// tools' titles and statistics shorthand becomes words. Applied to loader data, strings only.
import { allTools } from "../agents/tools";

const TITLES = new Map(allTools.map((tool) => [tool.name, tool.title]));
const TOOL_NAME = /\b[a-z]+(?:_[a-z0-9]+)+\b/g;
const SHORTHAND: [RegExp, string][] = [
  [/1 - P\(alive\)/g, "the chance the customer has lapsed"],
  [/P\(alive\)/g, "the chance the customer is still active"],
];

/** An audit action in words: "tool.run_analytics_query" -> "Analytics report", others unchanged. */
const AUDITED_TOOL = /^tool\.([a-z]+(?:_[a-z0-9]+)+)$/;

/** One text in merchant words: `propose_discount_code` -> “Propose a discount code”. */
export function merchantText(text: string): string {
  const audited = AUDITED_TOOL.exec(text);
  if (audited && TITLES.has(audited[1])) return TITLES.get(audited[1])!;
  let out = text.replace(TOOL_NAME, (word) => (TITLES.has(word) ? `“${TITLES.get(word)}”` : word));
  for (const [pattern, words] of SHORTHAND) out = out.replace(pattern, words);
  return out;
}

/** Every string inside loader data in merchant words (keys, numbers and dates untouched). */
export function merchantWords<T>(value: T): T {
  if (typeof value === "string") return merchantText(value) as T;
  if (Array.isArray(value)) return value.map(merchantWords) as T;
  if (value && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, merchantWords(v)])) as T;
  return value;
}
