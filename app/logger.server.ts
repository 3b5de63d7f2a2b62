// Structured logs (pino): JSON lines, or readable lines in local mode (agents/infra/logger.ts).
// Request-scoped children carry the request id (see server/http.ts).
import { createLogger, useLines } from "../agents/infra/logger";
import { traceIds } from "../agents/infra/tracing";
import { env } from "../config/env.server";

const config = env();

export const logger = createLogger(
  {
    level: config.LOG_LEVEL,
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
  },
  useLines(config.LOG_FORMAT, config.localMode),
);
