// Structured logs (pino): JSON lines, or readable lines in local mode (agents/infra/logger.ts).
// Request-scoped children carry the request id (see server/http.ts).
import { createLogger, useLines } from "../agents/infra/logger";
import { env } from "../config/env.server";

const config = env();

export const logger = createLogger(
  {
    level: config.LOG_LEVEL,
    base: { service: "royal-equips-web" },
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
