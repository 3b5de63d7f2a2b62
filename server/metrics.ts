// Prometheus metrics (prom-client): process metrics and an HTTP latency histogram by route.
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpDuration = new Histogram({
  name: "http_request_duration_seconds",
  help: "HTTP request latency by method, route and status",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/**
 * A low-cardinality route label: ids (numbers, GIDs, cuids, uuids) become ":id", static assets
 * collapse to one label, and only the first three segments are kept.
 */
export function routeLabel(pathname: string): string {
  if (pathname.startsWith("/assets/")) return "/assets/*";
  const segments = pathname
    .split("/")
    .filter(Boolean)
    .slice(0, 3)
    .map((segment) => (/^(\d+|gid:.*|c[a-z0-9]{20,}|[0-9a-f-]{32,36})$/i.test(segment) ? ":id" : segment));
  return "/" + segments.join("/");
}
