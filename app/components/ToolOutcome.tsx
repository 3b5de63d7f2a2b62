// A tool's expected failure on a page (not enough data yet, not configured, bad input): what went
// wrong and what to do about it, never a crash. One look for every module page and AIRA's cards.
import { Banner, BlockStack, Text } from "@shopify/polaris";
import type { ToolOutput } from "../../agents/core/registry";
import type { ToolResult } from "../../agents/core/result";
import type { AnyTool } from "../../agents/core/tool";

/** What `toolRegistry.run(ctx, tool, input)` answers, as a loader passes it to the page. */
export type ToolOutcome<T extends AnyTool> = ToolResult<ToolOutput<T>>;

/** What a page shows of a failed tool call: a ToolFailure, or a page's own failure in the same words. */
export interface ToolProblem {
  code?: string | null;
  message: string;
  hint?: string | null;
}

/**
 * A failure as a Banner: "not enough data yet" is information, anything else a warning.
 * The message is the Banner's body under `title`, or (messageInTitle) its title after `title: `.
 */
export function ToolProblemBanner({
  problem,
  title: requestedTitle,
  testId,
  messageInTitle = false,
}: {
  problem: ToolProblem;
  title?: string;
  testId?: string;
  messageInTitle?: boolean;
}) {
  // Not enough data yet, or still being worked out in the background: information, not a fault.
  const tone = problem.code === "insufficient_data" || problem.code === "pending" ? "info" : "warning";
  // "Segments are not available" would mislead while they are only being worked out.
  const title = problem.code === "pending" ? "Working this out in the background" : requestedTitle;
  const banner = messageInTitle ? (
    <Banner tone={tone} title={title ? `${title}: ${problem.message}` : problem.message}>
      {problem.hint ? <p>{problem.hint}</p> : null}
    </Banner>
  ) : (
    <Banner tone={tone} title={title}>
      <BlockStack gap="100">
        <p>{problem.message}</p>
        {problem.hint ? <p>{problem.hint}</p> : null}
      </BlockStack>
    </Banner>
  );
  return testId ? <div data-testid={testId}>{banner}</div> : banner;
}

/** A failure inside a card that is already labelled (AIRA's tool cards): the message, then the hint. */
export function ToolProblemText({ problem }: { problem: ToolProblem }) {
  return (
    <div role="alert">
      <BlockStack gap="100">
        <Text as="p" tone="critical">
          {problem.message}
        </Text>
        {problem.hint ? (
          <Text as="p" tone="subdued">
            {problem.hint}
          </Text>
        ) : null}
      </BlockStack>
    </div>
  );
}

/** A stored analysis's time (ADR 0015): when it was worked out, and whether a newer one is on its way. */
export interface AnalysisTime {
  asOf?: string;
  refreshing?: boolean;
  code?: string;
}

/** True while any of the results is being worked out or refreshed: the page reloads when one is ready. */
export const awaitingAnalysis = (results: AnalysisTime[]) => results.some((r) => r.refreshing || r.code === "pending");

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "5 minutes ago", "3 hours ago", "yesterday": how old a stored analysis is. */
export function ago(iso: string, now = Date.now()): string {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  if (Math.abs(minutes) < 1) return "just now";
  if (Math.abs(minutes) < 60) return relative.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return relative.format(hours, "hour");
  return relative.format(Math.round(hours / 24), "day");
}

/** One line under a section built from stored analyses: how current it is, in the merchant's words. */
export function AnalysisAge({ results, testId }: { results: AnalysisTime[]; testId?: string }) {
  const times = results.map((r) => r.asOf).filter((t): t is string => Boolean(t));
  if (times.length === 0) return null;
  const oldest = times.reduce((a, b) => (a < b ? a : b));
  const refreshing = results.some((r) => r.refreshing);
  return (
    <div data-testid={testId}>
      <Text as="p" tone="subdued">
        {/* Relative to the viewer's clock: server and browser may differ by a minute. */}
        <span suppressHydrationWarning>
          Worked out from your store&apos;s history {ago(oldest)}
          {refreshing ? "; an update is on its way" : ""}.
        </span>
      </Text>
    </div>
  );
}
