// The processes' loggers (pino). JSON lines by default, for log collectors; in local mode (a
// developer's terminal) one readable line per entry instead: time, level, message, and any other
// fields inline. LOG_FORMAT=json or LOG_FORMAT=lines overrides the choice.
import { destination as fileDestination, pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { PinoPretty } from "pino-pretty";

export type LogFormat = "auto" | "json" | "lines";

export function useLines(format: LogFormat, localMode: boolean) {
  return format === "lines" || (format === "auto" && localMode);
}

/** A readable-lines destination (synchronous, so nothing is lost at exit). */
export function linesDestination(destination: 1 | 2 = 1): DestinationStream {
  return PinoPretty({
    destination,
    sync: true,
    singleLine: true,
    translateTime: "SYS:HH:MM:ss",
    // Request lines (pino-http) as "GET /app 200 12 ms", without their headers.
    ignore: "pid,hostname,service,req,res,responseTime,reqId",
    messageFormat: "{if req.method}{req.method} {req.url} {res.statusCode} {responseTime} ms {end}{msg}",
  });
}

export function createLogger(options: LoggerOptions, lines: boolean, destination: 1 | 2 = 1): Logger {
  if (lines) return pino(options, linesDestination(destination));
  return destination === 1 ? pino(options) : pino(options, fileDestination(destination));
}
