// Rollup warnings a build prints that nobody here can act on, left out of `npm run build` (and so of
// `npm start`) so that the warnings it does print are worth reading:
//  - EMPTY_BUNDLE: a Remix route with only a loader or action has an empty client chunk, by design;
//  - INVALID_ANNOTATION: comments beside zod's own @__PURE__ annotations, which Rollup drops;
//  - INCONSISTENT_IMPORT_ATTRIBUTES: shopify-app-remix imports Polaris' en.json `with { type: "json" }`
//    while Polaris' own code imports it without; both get the same JSON.
import type { Rollup } from "vite";

type RollupLog = Rollup.RollupLog;

const NOT_ACTIONABLE = new Set(["EMPTY_BUNDLE", "INVALID_ANNOTATION", "INCONSISTENT_IMPORT_ATTRIBUTES"]);

export function onBuildWarning(warning: RollupLog, warn: (warning: RollupLog) => void) {
  if (warning.code && NOT_ACTIONABLE.has(warning.code)) return;
  warn(warning);
}
