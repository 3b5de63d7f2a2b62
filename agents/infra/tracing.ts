// OpenTelemetry traces through our own code (ADR 0024): a request, the tools it calls, the jobs it
// queues (BullMQ carries the trace context in the job, bullmq-otel) and the Admin API calls they
// make. Only the API is used here: with no SDK registered (OTEL_* unset, server/telemetry.ts) every
// span is a no-op and costs next to nothing.
import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import { BullMQOtel } from "bullmq-otel";

export const TRACER_NAME = "royal-equips";

export const tracer = () => trace.getTracer(TRACER_NAME);

/** Runs `run` in a new active span (a child of the current one); a thrown error marks it failed. */
export async function inSpan<T>(name: string, attributes: Attributes, run: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await run(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** BullMQ's telemetry: a job carries the trace of whoever queued it, and its processing is a span. */
let jobTelemetry: BullMQOtel | undefined;
export const bullTelemetry = () => (jobTelemetry ??= new BullMQOtel(TRACER_NAME));

/** The active span's ids for log lines (pino mixin): logs and traces join on trace_id. */
export function traceIds(): { trace_id?: string; span_id?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  return context && context.traceFlags & 1 ? { trace_id: context.traceId, span_id: context.spanId } : {};
}
