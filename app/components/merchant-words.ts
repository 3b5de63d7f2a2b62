// Engineer words turned into the merchant's: forecasting model ids, variant names, who proposed a
// change. Merchant pages show these; the Agent Orchestration page keeps the operator detail.

const MODEL_WORDS: Record<string, string> = {
  seasonal_naive: "same-as-last-week model",
  last_value: "same-as-yesterday model",
  recent_mean: "recent average",
  weekday_profile: "recent average by weekday",
  ses: "smoothed average",
  holt_damped: "trend model",
  hw_additive: "seasonal trend model",
  hw_damped: "seasonal trend model",
  hw_yearly: "yearly seasonal model",
  croston: "occasional-sales model",
  sba: "occasional-sales model",
  tsb: "occasional-sales model",
  adida: "occasional-sales model",
  combo_mean: "combined model",
  combo_median: "combined model",
};

/** The forecasting engine's model id in words: "hw_damped" -> "seasonal trend model". */
export const modelText = (model: string) => MODEL_WORDS[model] ?? "forecasting model";

/** The known model ids (for tests that check no page shows one). */
export const MODEL_IDS = Object.keys(MODEL_WORDS);

/** "Trail Boots", or "Trail Boots – Large": Shopify's "Default Title" of a single-variant product is hidden. */
export function variantName(productTitle: string | null | undefined, variantTitle: string | null | undefined): string {
  const variant = variantTitle && variantTitle !== "Default Title" ? variantTitle : null;
  if (!productTitle) return variant ?? "Unnamed product";
  return variant ? `${productTitle} – ${variant}` : productTitle;
}

/** Who proposed a change, from the stored actor label ("schedule:pricing-optimizer", "mcp:<token>"). */
export function proposerText(label: string, agentTitles: Record<string, string> = {}): string {
  const [kind, id = ""] = label.split(":", 2);
  if (kind === "merchant") return "you";
  if (kind === "aira") return "AIRA";
  if (kind === "mcp") return "an MCP client";
  if (kind === "schedule") return agentTitles[id] ? `the ${agentTitles[id]} agent` : "a scheduled agent";
  return "the app";
}
