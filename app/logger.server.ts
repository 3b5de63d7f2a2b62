// Structured JSON logs (pino). Request-scoped children carry the request id (see server/http.ts).
import { pino } from "pino";
import { env } from "../config/env.server";

export const logger = pino({
  level: env().LOG_LEVEL,
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
});
