// Structured JSON logs (pino). Request-scoped children carry the request id (see server/http.ts).
import { pino } from "pino";
import { traceIds } from "../agents/infra/tracing";
import { env } from "../config/env.server";

export const logger = pino({
  level: env().LOG_LEVEL,
  base: { service: "royal-equips-web" },
  // trace_id / span_id of the active span: a log line leads to its trace (ADR 0024).
  mixin: traceIds,
  redact: {
    paths: [
      "req.headers.authorization",
      "req.headers.cookie",
      'req.headers["x-shopify-access-token"]',
      "accessToken",
      "*.accessToken",
    ],
    censor: "[redacted]",
  },
});
